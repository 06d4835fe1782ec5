import { randomUUID } from "node:crypto";
import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { ProviderName } from "./payment-event";

export type WebhookEventState = "received" | "processing" | "done" | "failed";
/**
 * How a done event ended: effects applied, nothing to do, a payment held for an admin (recorded,
 * nothing granted), or impossible to attribute (reported).
 */
export type WebhookOutcome = "applied" | "ignored" | "held" | "unattributable" | "unprocessable";

/** One `webhook_events` document per provider event (`event_id` = "<provider>:<id>", unique index). */
export interface WebhookEventDoc {
  _id?: ObjectId;
  event_id: string;
  provider: ProviderName;
  type: string;
  /** sha256 of the raw body: a redelivery with another payload under the same id is worth a warning. */
  payload_hash: string;
  state: WebhookEventState;
  attempts: number;
  lease_until: Date | null;
  /** Who holds the lease: only its holder may mark the attempt failed. */
  lease_token: string | null;
  created_at: Date;
  updated_at: Date;
  outcome?: WebhookOutcome;
  reason?: string;
  last_error?: string;
  /** What the event was about, for support: ids only, never the payload. */
  summary?: Record<string, string | number | undefined>;
}

export type ClaimResult =
  | { claimed: true; token: string; attempts: number; payloadHash: string }
  | { claimed: false; state: WebhookEventState; leaseUntil: Date | null; payloadHash: string };

export interface EventMeta {
  provider: ProviderName;
  type: string;
  payloadHash: string;
}

/** The `webhook_events` collection, as the pipeline sees it (tests wrap it to inject failures). */
export interface WebhookEventsStore {
  /** Takes the event for one attempt unless it is done or another attempt's lease is still running. */
  claim(eventId: string, meta: EventMeta, now: Date, leaseMs: number): Promise<ClaimResult>;
  find(eventId: string): Promise<WebhookEventDoc | null>;
  markDone(
    eventId: string,
    result: { outcome: WebhookOutcome; reason?: string; summary?: WebhookEventDoc["summary"] },
    now: Date,
  ): Promise<void>;
  markFailed(eventId: string, token: string, error: string, now: Date): Promise<void>;
}

export class MongoWebhookEventsStore implements WebhookEventsStore {
  private readonly events: Collection<WebhookEventDoc>;

  constructor(db: Db) {
    this.events = db.collection<WebhookEventDoc>("webhook_events");
  }

  /**
   * First delivery: one upsert whose filter is the event id alone inserts the document already
   * claimed (single-operation atomicity on any engine; on MongoDB the unique index turns a lost insert
   * race into E11000, read as "exists"). Redelivery: one conditional update takes over an event that is
   * received, failed, or whose lease has expired (its attempt crashed); anything else is not ours.
   */
  async claim(eventId: string, meta: EventMeta, now: Date, leaseMs: number): Promise<ClaimResult> {
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    try {
      const inserted = await this.events.findOneAndUpdate(
        { event_id: eventId },
        {
          $setOnInsert: {
            event_id: eventId,
            provider: meta.provider,
            type: meta.type,
            payload_hash: meta.payloadHash,
            state: "processing",
            attempts: 1,
            lease_until: leaseUntil,
            lease_token: token,
            created_at: now,
            updated_at: now,
          },
        },
        { upsert: true, returnDocument: "after" },
      );
      if (inserted?.lease_token === token) return { claimed: true, token, attempts: 1, payloadHash: meta.payloadHash };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const taken = await this.events.findOneAndUpdate(
      {
        event_id: eventId,
        $or: [{ state: { $in: ["received", "failed"] } }, { state: "processing", lease_until: { $lte: now } }],
      },
      { $set: { state: "processing", lease_until: leaseUntil, lease_token: token, updated_at: now }, $inc: { attempts: 1 } },
      { returnDocument: "after" },
    );
    if (taken?.lease_token === token) return { claimed: true, token, attempts: taken.attempts, payloadHash: taken.payload_hash };
    const current = await this.events.findOne({ event_id: eventId });
    if (!current) throw new Error(`webhook event ${eventId} vanished while being claimed`);
    return { claimed: false, state: current.state, leaseUntil: current.lease_until, payloadHash: current.payload_hash };
  }

  find(eventId: string): Promise<WebhookEventDoc | null> {
    return this.events.findOne({ event_id: eventId });
  }

  /** Unconditional: once every effect has been applied the event is done, whoever held the lease. */
  async markDone(
    eventId: string,
    result: { outcome: WebhookOutcome; reason?: string; summary?: WebhookEventDoc["summary"] },
    now: Date,
  ): Promise<void> {
    await this.events.updateOne(
      { event_id: eventId },
      {
        $set: {
          state: "done",
          outcome: result.outcome,
          updated_at: now,
          lease_until: null,
          lease_token: null,
          ...(result.reason ? { reason: result.reason } : {}),
          ...(result.summary ? { summary: result.summary } : {}),
        },
        $unset: { last_error: "" },
      },
    );
  }

  /** Only the lease holder, and never over a done event: a slower attempt cannot undo another's success. */
  async markFailed(eventId: string, token: string, error: string, now: Date): Promise<void> {
    await this.events.updateOne(
      { event_id: eventId, state: "processing", lease_token: token },
      { $set: { state: "failed", last_error: error.slice(0, 500), lease_until: null, lease_token: null, updated_at: now } },
    );
  }
}
