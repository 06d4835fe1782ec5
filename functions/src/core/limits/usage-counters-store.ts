import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** What is counted against a limit: a tier's `limits` field, or the fixed cap on live API keys. */
export type CountedResource = "projects" | "vault_items" | "team_seats" | "api_keys" | "webhook_endpoints";

/** Whose count it is: a user's own resources, or a team's. */
export type CountScope = { kind: "user"; uid: string } | { kind: "team"; teamId: ObjectId };

/** One counted thing: its scope, and how to count what really exists (to start or repair the counter). */
export interface Counted {
  scope: CountScope;
  resource: CountedResource;
  countExisting(): Promise<number>;
}

/** `usage_counters`: one document per (scope, resource), `key` unique. */
export interface UsageCounterDoc {
  _id: ObjectId;
  key: string;
  /** Set for a user's counter (personal data: erased with the account). */
  owner_uid: string | null;
  team_id: ObjectId | null;
  resource: CountedResource;
  count: number;
  updated_at: Date;
}

/**
 * A counter that has not moved for this long has no create or delete in flight (every function
 * answers within 120 s), so when it is higher than what exists it can be recounted safely.
 */
export const STALE_COUNTER_MS = 5 * 60_000;
const ATTEMPTS = 4;

const keyOf = (c: Pick<Counted, "scope" | "resource">) =>
  c.scope.kind === "user" ? `user:${c.scope.uid}:${c.resource}` : `team:${c.scope.teamId.toHexString()}:${c.resource}`;

/**
 * `usage_counters`: limits that hold under concurrency without transactions or unique indexes. Creating a counted thing
 * first takes a slot: one conditional `$inc` (`count < limit`) on the owner's counter document, which
 * MongoDB applies atomically to one document, so concurrent creates can never take more slots than the
 * limit. Deleting gives the slot back. A crash between the slot and the write can only leave the counter
 * too high (a create refused early), never too low; a refused create recounts a counter that is too
 * high and has been still for STALE_COUNTER_MS, so such a slot comes back by itself.
 */
export class UsageCountersStore implements HoldsPersonalData {
  private readonly counters: Collection<UsageCounterDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.counters = db.collection<UsageCounterDoc>("usage_counters");
  }

  /** Takes a slot if fewer than `limit` are taken (`null`: no limit, still counted). */
  async take(counted: Counted, limit: number | null): Promise<boolean> {
    const key = keyOf(counted);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const taken = await this.counters.updateOne(
        { key, ...(limit === null ? {} : { count: { $lt: limit } }) },
        { $inc: { count: 1 }, $set: { updated_at: this.now() } },
      );
      if (taken.matchedCount === 1) return true;
      const doc = await this.counters.findOne({ key });
      if (!doc) {
        await this.start(counted, key);
        continue;
      }
      if (!(await this.repair(counted, doc))) return false;
    }
    return false;
  }

  /** Gives a slot back (never below zero). */
  async release(counted: Pick<Counted, "scope" | "resource">): Promise<void> {
    await this.counters.updateOne({ key: keyOf(counted), count: { $gt: 0 } }, { $inc: { count: -1 }, $set: { updated_at: this.now() } });
  }

  /** The first counter of a scope starts from what already exists (data older than the counter). */
  private async start(counted: Counted, key: string): Promise<void> {
    const count = await counted.countExisting();
    const doc: Omit<UsageCounterDoc, "_id"> = {
      key,
      owner_uid: counted.scope.kind === "user" ? counted.scope.uid : null,
      team_id: counted.scope.kind === "team" ? counted.scope.teamId : null,
      resource: counted.resource,
      count,
      updated_at: this.now(),
    };
    try {
      // A concurrent first create may have started it already: then this changes nothing. The `_id`
      // derives from the key, so two concurrent first upserts cannot both insert (E11000 for the
      // second) even where the unique index on `key` is not enforced.
      await this.counters.updateOne({ key }, { $setOnInsert: { _id: derivedId("usage-counter", key), ...doc } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Recounts a full counter that has been still long enough; true when that freed a slot. */
  private async repair(counted: Counted, doc: UsageCounterDoc): Promise<boolean> {
    if (this.now().getTime() - doc.updated_at.getTime() < STALE_COUNTER_MS) return false;
    const existing = await counted.countExisting();
    if (existing >= doc.count) return false;
    // Only if nothing moved it since we read it; otherwise the next attempt sees the new state.
    await this.counters.updateOne(
      { _id: doc._id, count: doc.count, updated_at: doc.updated_at },
      { $set: { count: existing, updated_at: this.now() } },
    );
    return true;
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents (their own counters; a team's go with the team). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.counters, { ownerField: "owner_uid", onDelete: "delete" })];
  }

  /** A deleted team's counters. */
  async removeTeam(teamId: ObjectId): Promise<number> {
    return (await this.counters.deleteMany({ team_id: teamId })).deletedCount;
  }
}
