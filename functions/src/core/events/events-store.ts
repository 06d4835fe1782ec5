import { createHash } from "node:crypto";
import { ObjectId, type Collection, type Db, type FindCursor } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import type { DomainEventDoc, DomainEventInput } from "./domain-event";

/** An event's `_id` is derived from its dedupe key: recorded once, even on an engine without unique secondary indexes. */
export const eventIdFor = (dedupeKey: string): ObjectId =>
  new ObjectId(createHash("sha256").update(`event:${dedupeKey}`).digest("hex").slice(0, 24));

/** The `events` collection: every recorded fact (core/events/domain-event.ts), read by analytics and the dispatchers. */
export class EventsStore implements HoldsPersonalData {
  private readonly events: Collection<DomainEventDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.events = db.collection<DomainEventDoc>("events");
  }

  /** Records the event unless its dedupe key already was: true when this call recorded it. */
  async record(event: DomainEventInput): Promise<boolean> {
    try {
      await this.events.insertOne({
        _id: eventIdFor(event.dedupeKey),
        type: event.type,
        dedupe_key: event.dedupeKey,
        occurred_at: event.occurredAt,
        recorded_at: this.now(),
        uid: event.subject.uid ?? null,
        team_id: event.subject.teamId ?? null,
        data: event.data as Record<string, unknown>,
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  find(dedupeKey: string): Promise<DomainEventDoc | null> {
    return this.events.findOne({ _id: eventIdFor(dedupeKey) });
  }

  /** Analytics: the events of these types that happened in [from, to) and were recorded by `asOf`, contents intact. */
  between(types: string[], from: Date, to: Date, asOf: Date): FindCursor<DomainEventDoc> {
    return this.events.find({
      type: { $in: types as DomainEventDoc["type"][] },
      occurred_at: { $gte: from, $lt: to },
      recorded_at: { $lte: asOf },
      compacted_at: { $exists: false },
    });
  }

  /** Analytics: when the events of these types recorded after `after` (all when null) happened. */
  async occurredRecordedAfter(types: string[], after: Date | null, visit: (occurredAt: Date) => void): Promise<void> {
    const filter = { type: { $in: types as DomainEventDoc["type"][] }, ...(after ? { recorded_at: { $gt: after } } : {}) };
    for await (const doc of this.events.find(filter, { projection: { occurred_at: 1 } })) visit(doc.occurred_at);
  }

  /** Which of these dedupe keys have an event (kept after retention: the `_id` is the key's digest). */
  async recordedKeys(dedupeKeys: string[]): Promise<Set<string>> {
    const ids = new Map(dedupeKeys.map((k) => [eventIdFor(k).toHexString(), k]));
    const found = new Set<string>();
    if (!ids.size) return found;
    const docs = this.events.find({ _id: { $in: [...ids.keys()].map((id) => new ObjectId(id)) } }, { projection: { _id: 1 } });
    for await (const doc of docs) found.add(ids.get(doc._id.toHexString())!);
    return found;
  }

  /**
   * Retention: strips events that happened before `before` down to their `_id` (the dedupe key's
   * digest), key, type and times; returns how many. A replay of a stripped event is still a duplicate.
   */
  async compactBefore(before: Date): Promise<number> {
    const res = await this.events.updateMany(
      { occurred_at: { $lt: before }, compacted_at: { $exists: false } },
      { $set: { compacted_at: this.now(), uid: null, team_id: null, data: {} } },
    );
    return res.modifiedCount;
  }

  /** Account export and deletion: a user's events go with the account (rollups keep only counts). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.events, { ownerField: "uid", onDelete: "delete" })];
  }
}
