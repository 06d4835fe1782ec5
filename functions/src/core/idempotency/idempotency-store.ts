import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";

/**
 * The `idempotency_keys` document: one client Idempotency-Key of one user, bound to the hash of the
 * request it was first sent with, and the response once that request completed.
 *
 * Its `_id` is derived from (uid, key), so the first writer wins on any engine: the `_id` index is
 * unique everywhere, including engines that do not enforce secondary unique indexes.
 */
export interface IdempotencyRecord {
  _id: ObjectId;
  uid: string;
  key: string;
  operation: string;
  /** sha256 of the operation, the user and the canonical request body. */
  request_hash: string;
  state: "running" | "done";
  /** Who holds a running request: only that holder may complete or abandon it. */
  claim: string;
  /** A running request not finished by then is taken to have died, and may be taken over. */
  locked_until: Date;
  response?: StoredResponse;
  created_at: Date;
  /** The key is forgotten after this (a TTL index removes it on MongoDB; lookups ignore it anyway). */
  expires_at: Date;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type ClaimOutcome =
  { kind: "claimed" } | { kind: "replay"; response: StoredResponse } | { kind: "in_progress"; lockedUntil: Date } | { kind: "mismatch" };

export interface ClaimInput {
  uid: string;
  key: string;
  operation: string;
  requestHash: string;
  claim: string;
  leaseMs: number;
  ttlMs: number;
}

export const idempotencyIdFor = (uid: string, key: string): ObjectId => derivedId("idempotency", uid, key);

export class IdempotencyStore {
  private readonly records: Collection<IdempotencyRecord>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.records = db.collection<IdempotencyRecord>("idempotency_keys");
  }

  /**
   * Claims a key for a request, or says why not: the same request completed (replay), is running
   * (in progress), or the key belongs to another request (mismatch). A forgotten key (expired) or a
   * running claim whose holder died (lease passed) is taken over.
   */
  async claim(input: ClaimInput): Promise<ClaimOutcome> {
    const _id = idempotencyIdFor(input.uid, input.key);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.now();
      const fresh: IdempotencyRecord = {
        _id,
        uid: input.uid,
        key: input.key,
        operation: input.operation,
        request_hash: input.requestHash,
        state: "running",
        claim: input.claim,
        locked_until: new Date(now.getTime() + input.leaseMs),
        created_at: now,
        expires_at: new Date(now.getTime() + input.ttlMs),
      };
      try {
        await this.records.insertOne(fresh);
        return { kind: "claimed" };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const existing = await this.records.findOne({ _id });
      if (!existing) continue; // abandoned meanwhile: claim it afresh
      if (existing.expires_at <= now) {
        const { _id: _, ...fields } = fresh;
        const taken = await this.records.updateOne(
          { _id, claim: existing.claim, expires_at: existing.expires_at },
          { $set: fields, $unset: { response: "" } },
        );
        if (taken.modifiedCount === 1) return { kind: "claimed" };
        continue;
      }
      if (existing.operation !== input.operation || existing.request_hash !== input.requestHash) return { kind: "mismatch" };
      if (existing.state === "done" && existing.response) return { kind: "replay", response: existing.response };
      if (existing.locked_until > now) return { kind: "in_progress", lockedUntil: existing.locked_until };
      const taken = await this.records.updateOne(
        { _id, state: "running", claim: existing.claim },
        { $set: { claim: input.claim, locked_until: fresh.locked_until } },
      );
      if (taken.modifiedCount === 1) return { kind: "claimed" };
    }
    return { kind: "in_progress", lockedUntil: new Date(this.now().getTime() + 1_000) };
  }

  /** Stores the response of a claimed request; false when the claim was lost (taken over). */
  async complete(uid: string, key: string, claim: string, response: StoredResponse): Promise<boolean> {
    const done = await this.records.updateOne(
      { _id: idempotencyIdFor(uid, key), claim, state: "running" },
      { $set: { state: "done", response, locked_until: this.now() } },
    );
    return done.modifiedCount === 1;
  }

  /** Forgets a claimed request that failed, so the same key can be sent again. */
  async abandon(uid: string, key: string, claim: string): Promise<void> {
    await this.records.deleteOne({ _id: idempotencyIdFor(uid, key), claim, state: "running" });
  }
}
