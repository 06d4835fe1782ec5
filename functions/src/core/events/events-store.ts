import { derivedId } from "../../platform/derived-id";
import { ObjectId, type Collection, type Db, type FindCursor } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import type { DomainEventDoc, DomainEventInput } from "./domain-event";

/**
 * The outbox state the dispatchers keep on an event (core/notifications/fan-out.ts): set when it is
 * recorded, claimed with a lease by one dispatcher at a time, removed once every notification and
 * delivery it makes exists. A dispatcher that dies keeps its lease until it expires; the next one
 * repeats the fan-out, which creates nothing twice (every delivery's id derives from the event's).
 */
export interface OutboxFields {
  dispatch_pending?: true;
  dispatch_token?: string;
  dispatch_lease_until?: Date;
  dispatch_attempts?: number;
  dispatch_error?: string;
  dispatched_at?: Date;
}

export type OutboxEventDoc = DomainEventDoc & OutboxFields;

/** Which events a subject's replay covers: a user's own, or a team's. */
export type EventSubject = { uid: string } | { teamId: string };

/** An event's `_id` is derived from its dedupe key: recorded once, even on an engine without unique secondary indexes. */
export const eventIdFor = (dedupeKey: string): ObjectId => derivedId("event", dedupeKey);

/** The `events` collection: every recorded fact (core/events/domain-event.ts), read by analytics and the dispatchers. */
export class EventsStore implements HoldsPersonalData {
  private readonly events: Collection<OutboxEventDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.events = db.collection<OutboxEventDoc>("events");
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
        dispatch_pending: true,
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

  /**
   * Claims about `limit` pending events, oldest first, under one token for `leaseMs`: the events this
   * call got. Three round trips, none naming the events one by one: the position of the `limit`-th
   * oldest pending event, one update claiming every free pending event up to it (a few more when
   * several share its time), and one read of what the token holds (another dispatcher may have taken
   * some; each event goes to one). A list of ids (`$in`) would say the same, but an engine without
   * indexes compares every document with every id.
   */
  async claimDispatchBatch(token: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEventDoc[]> {
    const [last] = await this.events
      .find({ dispatch_pending: true, ...leaseFree(now) }, { projection: { recorded_at: 1 } })
      .sort({ recorded_at: 1, _id: 1 })
      .skip(limit - 1)
      .limit(1)
      .toArray();
    const upTo = last ? { recorded_at: { $lte: last.recorded_at } } : {};
    const res = await this.events.updateMany(
      { dispatch_pending: true, ...leaseFree(now), ...upTo },
      { $set: { dispatch_token: token, dispatch_lease_until: new Date(now.getTime() + leaseMs) }, $inc: { dispatch_attempts: 1 } },
    );
    if (res.modifiedCount === 0) return [];
    // `dispatch_pending` keeps this read and the done update by token on the outbox index (pending events only).
    return this.events
      .find({ dispatch_pending: true, dispatch_token: token })
      .sort({ recorded_at: 1, _id: 1 })
      .batchSize(res.modifiedCount)
      .toArray();
  }

  /** The fan-outs of the events claimed under `token` (or only of `ids` among them) are complete: they leave the outbox. */
  async finishDispatchBatch(token: string, ids?: ObjectId[]): Promise<void> {
    if (ids?.length === 0) return;
    await this.events.updateMany(
      { dispatch_pending: true, dispatch_token: token, ...(ids ? { _id: ids.length === 1 ? ids[0] : { $in: ids } } : {}) },
      {
        $unset: { dispatch_pending: "", dispatch_token: "", dispatch_lease_until: "", dispatch_error: "" },
        $set: { dispatched_at: this.now() },
      },
    );
  }

  /**
   * The fan-out failed: the lease is dropped so that another run retries it, or, after too many
   * attempts (`giveUp`), the event leaves the outbox with its error kept for an operator.
   */
  async failDispatch(id: ObjectId, token: string, error: string, giveUp: boolean): Promise<void> {
    await this.events.updateOne(
      { _id: id, dispatch_token: token },
      giveUp
        ? { $unset: { dispatch_pending: "", dispatch_token: "", dispatch_lease_until: "" }, $set: { dispatch_error: error } }
        : { $unset: { dispatch_token: "", dispatch_lease_until: "" }, $set: { dispatch_error: error } },
    );
  }

  /** A subject's events recorded at or after `since`, oldest first (webhook replays). */
  ofSubjectSince(subject: EventSubject, since: Date, limit: number): Promise<OutboxEventDoc[]> {
    const who = "uid" in subject ? { uid: subject.uid } : { team_id: subject.teamId };
    return this.events
      .find({ ...who, recorded_at: { $gte: since } })
      .sort({ recorded_at: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * The latest event of `type` before `event` (by occurrence, then id) whose `data[field]` equals
   * `value`: e.g. a subscription's state before this one, to tell a renewal from a new period.
   */
  previousOf(event: Pick<DomainEventDoc, "_id" | "type" | "occurred_at">, field: string, value: string): Promise<OutboxEventDoc | null> {
    return this.events.findOne(
      {
        type: event.type,
        [`data.${field}`]: value,
        _id: { $ne: event._id },
        $or: [{ occurred_at: { $lt: event.occurred_at } }, { occurred_at: event.occurred_at, _id: { $lt: event._id } }],
      },
      { sort: { occurred_at: -1, _id: -1 } },
    );
  }

  /** Account export and deletion: a user's events go with the account (rollups keep only counts). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.events, { ownerField: "uid", onDelete: "delete" })];
  }
}

/** No lease, or one that has expired. */
const leaseFree = (now: Date) => ({ $or: [{ dispatch_lease_until: { $exists: false } }, { dispatch_lease_until: { $lte: now } }] });
