import { createHash } from "node:crypto";
import { ObjectId, type Collection, type Db } from "mongodb";
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

  /** Account export and deletion: a user's events go with the account (rollups keep only counts). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.events, { ownerField: "uid", onDelete: "delete" })];
  }
}
