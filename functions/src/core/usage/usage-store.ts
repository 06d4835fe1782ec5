import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type Collection, type Db, type FindCursor } from "mongodb";
import type { AttemptRecord } from "../llm/llm-router-types";
import type { PriceUsed } from "../llm/provider-cost";
import { errorFields, log } from "../../platform/logger";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/**
 * One accounting record per model call (`usage_events`), written by the metered AI operations once
 * the call's credits moved: who (and with which API key), which operation, prompt/version and the
 * team and project it belongs to, provider/model, tokens (cache reads and writes among them), credits
 * charged, what the vendor bills us for it with the rates used, latency, outcome and fallback path.
 * Never the prompt text or the output.
 */
export interface UsageEvent {
  _id?: ObjectId;
  /** The call's reservation key (ours, one per model call): the record is written once per key. */
  dedupe_key: string;
  /** The ledger reservation the call was paid through (reconciliation matches debits to records by it). */
  reservation_id: string | null;
  uid: string;
  operation: string;
  request_id: string;
  /** The API key the call was made with; null for a signed-in session. */
  api_key_id: string | null;
  /** From the stored prompt the call ran (its team and project), never from the request. */
  team_id: string | null;
  project_id: string | null;
  prompt_id: string | null;
  prompt_version: number | null;
  /** A marketplace try run: the listing it ran (the listing's measured stats count these). */
  listing_id?: string | null;
  requested_model: string;
  provider: string | null;
  model: string | null;
  /** Every input token, cache reads and writes included (see `Usage`). */
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  credits: number;
  /** The vendor's cost in µcr (1 µcr = US$1e-9), exact; null when no model answered. */
  provider_cost_micro: number | null;
  /** The rates the cost was computed at, and their version. */
  price: PriceUsed | null;
  latency_ms: number;
  outcome: "ok" | "error" | "partial" | "aborted";
  error_code: string | null;
  path: Pick<AttemptRecord, "model" | "provider" | "outcome" | "latencyMs">[];
  stream: boolean;
  /** When the call was charged (its ledger settle entry's time) or, uncharged, when it ended. */
  created_at: Date;
  /** When this record was written: the rollups' watermark follows it. */
  recorded_at: Date;
  /** Set when the retention policy stripped the record to its dedupe key (core/analytics/retention.ts). */
  compacted_at?: Date;
}

export type NewUsageEvent = Omit<UsageEvent, "_id" | "recorded_at" | "compacted_at">;

/**
 * A record's `_id` is derived from its dedupe key: written once on any engine, and the key outlives
 * the record's contents (retention keeps the `_id`), so a replay years later still counts nothing.
 */
export const usageIdFor = (dedupeKey: string): ObjectId => derivedId("usage", dedupeKey);

const ATTEMPTS = 3;

/**
 * What retention strips: everything but the `_id` (the dedupe key's digest), the key and the times.
 * A Record over the type's keys, so a field added to UsageEvent cannot be forgotten here.
 */
const PAYLOAD: Record<Exclude<keyof UsageEvent, "_id" | "dedupe_key" | "created_at" | "recorded_at" | "compacted_at">, ""> = {
  reservation_id: "",
  uid: "",
  operation: "",
  request_id: "",
  api_key_id: "",
  team_id: "",
  project_id: "",
  prompt_id: "",
  listing_id: "",
  prompt_version: "",
  requested_model: "",
  provider: "",
  model: "",
  input_tokens: "",
  output_tokens: "",
  cache_read_tokens: "",
  cache_write_tokens: "",
  credits: "",
  provider_cost_micro: "",
  price: "",
  latency_ms: "",
  outcome: "",
  error_code: "",
  path: "",
  stream: "",
};

/** `usage_events`: written once per model call by the metered AI operations; read by analytics. */
export class UsageStore implements HoldsPersonalData {
  private readonly events: Collection<UsageEvent>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.events = db.collection<UsageEvent>("usage_events");
  }

  /**
   * Best effort after the money moved: a bounded retry, then an error-level `usage_event_lost` log
   * (the analytics reconciliation finds the debit without its record); never a failed call. True
   * when this call wrote the record, false for a duplicate or a lost one.
   */
  async record(event: NewUsageEvent): Promise<boolean> {
    const path = event.path.map(({ model, provider, outcome, latencyMs }) => ({ model, provider, outcome, latencyMs }));
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await this.events.insertOne({ ...event, path, _id: usageIdFor(event.dedupe_key), recorded_at: this.now() });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        if (attempt === ATTEMPTS) {
          log.error("usage_event_lost", {
            uid: event.uid,
            requestId: event.request_id,
            dedupeKey: event.dedupe_key,
            operation: event.operation,
            ...errorFields(err),
          });
          return false;
        }
        await new Promise((r) => setTimeout(r, 25 * 4 ** attempt));
      }
    }
    return false;
  }

  /** A user's try runs of a listing since `since` (the per-listing daily cap of try-before-buy). */
  triesSince(uid: string, listingId: string, since: Date): Promise<number> {
    return this.events.countDocuments({ listing_id: listingId, uid, created_at: { $gte: since } });
  }

  find(dedupeKey: string): Promise<UsageEvent | null> {
    return this.events.findOne({ _id: usageIdFor(dedupeKey) });
  }

  /**
   * The records of calls made in [from, to) and written by `asOf` (records from before this field
   * existed have no `recorded_at` and count as written), contents intact.
   */
  between(from: Date, to: Date, asOf: Date): FindCursor<UsageEvent> {
    return this.events.find({
      created_at: { $gte: from, $lt: to },
      recorded_at: { $not: { $gt: asOf } },
      compacted_at: { $exists: false },
    });
  }

  /** When the calls of the records written after `after` (all of them when null) happened. */
  async occurredRecordedAfter(after: Date | null, visit: (occurredAt: Date) => void): Promise<void> {
    const filter = after ? { recorded_at: { $gt: after } } : {};
    for await (const doc of this.events.find(filter, { projection: { created_at: 1 } })) visit(doc.created_at);
  }

  /** The records of these reservations (reconciliation): reservation id → credits recorded. */
  async creditsByReservation(ids: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    for await (const doc of this.events.find({ reservation_id: { $in: ids } }, { projection: { reservation_id: 1, credits: 1 } })) {
      out.set(doc.reservation_id!, (out.get(doc.reservation_id!) ?? 0) + doc.credits);
    }
    return out;
  }

  /**
   * Retention: strips records of calls made before `before` down to their dedupe key (the `_id`),
   * time and retention mark; returns how many. The `_id` stays, so the key still dedupes.
   */
  async compactBefore(before: Date): Promise<number> {
    const res = await this.events.updateMany(
      { created_at: { $lt: before }, compacted_at: { $exists: false } },
      { $set: { compacted_at: this.now() }, $unset: PAYLOAD },
    );
    return res.modifiedCount;
  }

  /**
   * Account export includes a user's call records; deletion anonymizes them (the money they moved is
   * in the ledger, and platform totals keep counting them), so the user's analytics go with the rollups.
   */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.events, { ownerField: "uid", onDelete: "anonymize" })];
  }
}
