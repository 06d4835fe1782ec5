import type { Collection, Db, Filter, ObjectId } from "mongodb";
import { insertManyNew } from "../../platform/insert-new";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

export type MessageState = "pending" | "sending" | "succeeded" | "failed";
export type AttemptTrigger = "scheduled" | "resend" | "replay";

/**
 * One logical delivery of one notification to one endpoint: derivedId("webhook", key, endpoint), so
 * a notification reaches an endpoint once however often its event is fanned out. Its `webhook-id`
 * (`msg_<id>`) and body are fixed at creation: every attempt sends the same id and bytes.
 */
export interface WebhookMessageDoc {
  _id: ObjectId;
  endpoint_id: ObjectId;
  owner_uid: string | null;
  team_id: ObjectId | null;
  key: string;
  event_id: ObjectId | null;
  type: string;
  /** The exact JSON sent: {type, timestamp, data}. */
  body: string;
  state: MessageState;
  /** Attempts started so far (the next one is attempts + 1). */
  attempts: number;
  /** Attempts of the current series: a resend or replay starts the schedule again at 0. */
  series_attempts: number;
  trigger: AttemptTrigger;
  next_attempt_at: Date | null;
  lease_token: string | null;
  lease_until: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  succeeded_at: Date | null;
  /**
   * The last ATTEMPTS_KEPT attempts that ended, oldest first, written by the same update that ends
   * each attempt (one write per attempt). The attempt in flight is not in it: it is the message's
   * `sending` state, claimed at `updated_at`.
   */
  attempt_log: WebhookAttempt[];
  created_at: Date;
  updated_at: Date;
}

/** One attempt of a message, as its delivery log shows it. */
export interface WebhookAttempt {
  n: number;
  trigger: AttemptTrigger;
  /** `interrupted`: its dispatcher died during it; whether the receiver got it is unknown, the next attempt repeats it. */
  state: "succeeded" | "failed" | "interrupted";
  url: string;
  started_at: Date;
  finished_at: Date;
  status_code: number | null;
  latency_ms: number | null;
  response_body: string | null;
  error: string | null;
}

/** A claimed message, and the attempt a dead dispatcher left in flight before this claim (null: none). */
export type ClaimedMessage = WebhookMessageDoc & { interrupted: { n: number; started_at: Date; trigger: AttemptTrigger } | null };

/**
 * Attempts kept on a message: a series has at most 8 (retry-schedule.ts), so the last few resends or
 * replays stay visible; with response bodies cut at 2 KB, the log stays under ~60 KB.
 */
export const ATTEMPTS_KEPT = 30;

export const webhookIdOf = (messageId: ObjectId): string => `msg_${messageId.toHexString()}`;
export const messageIdFor = (key: string, endpointId: ObjectId): ObjectId => derivedId("webhook", key, endpointId.toHexString());

/** Due now, or claimed by a dispatcher whose lease ran out (it died mid-attempt). */
const dueFilter = (now: Date): Filter<WebhookMessageDoc> => ({
  $or: [
    { state: "pending", next_attempt_at: { $lte: now } },
    { state: "sending", lease_until: { $lte: now } },
  ],
});

/** `webhook_messages`: the delivery log, each message with its attempts. */
export class WebhookMessagesStore implements HoldsPersonalData {
  private readonly messages: Collection<WebhookMessageDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.messages = db.collection<WebhookMessageDoc>("webhook_messages");
  }

  /** Creates the message unless it exists: true when this call created it. */
  async create(doc: WebhookMessageDoc): Promise<boolean> {
    try {
      await this.messages.insertOne(doc);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Creates those whose id is new, in one round trip: how many this call created. */
  createMany(docs: WebhookMessageDoc[]): Promise<number> {
    return insertManyNew(this.messages, docs);
  }

  find(id: ObjectId): Promise<WebhookMessageDoc | null> {
    return this.messages.findOne({ _id: id });
  }

  /** Due messages, oldest first, of endpoints other than `busy` (those at their concurrency limit). */
  due(busy: ObjectId[], limit: number): Promise<WebhookMessageDoc[]> {
    return this.messages
      .find({ ...dueFilter(this.now()), ...(busy.length ? { endpoint_id: { $nin: busy } } : {}) })
      .sort({ next_attempt_at: 1, _id: 1 })
      .limit(limit)
      .batchSize(limit)
      .toArray();
  }

  /**
   * Claims these due messages for one attempt each under one token, in one update: the messages this
   * call got (another dispatcher may have taken some). One more round trip only when someone did.
   * Each is claimed only as it was read (same attempt count), so what the read says about the
   * attempt before — one left in flight by a dead dispatcher — is exact.
   */
  async claimMany(candidates: WebhookMessageDoc[], token: string, leaseMs: number): Promise<ClaimedMessage[]> {
    if (candidates.length === 0) return [];
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const ids = candidates.map((c) => c._id);
    const res = await this.messages.updateMany(
      { $and: [{ $or: candidates.map((c) => ({ _id: c._id, attempts: c.attempts })) }, dueFilter(now)] },
      {
        $set: { state: "sending", lease_token: token, lease_until: leaseUntil, updated_at: now },
        $inc: { attempts: 1, series_attempts: 1 },
      },
    );
    const before = new Map(candidates.map((c) => [c._id.toHexString(), c]));
    const withInterrupted = (doc: WebhookMessageDoc): ClaimedMessage => {
      const read = before.get(doc._id.toHexString())!;
      // Read in flight past its lease: its dispatcher died during attempt `attempts`, claimed at `updated_at`.
      const interrupted = read.state === "sending" ? { n: read.attempts, started_at: read.updated_at, trigger: read.trigger } : null;
      return { ...doc, interrupted };
    };
    if (res.modifiedCount === candidates.length) {
      return candidates.map((c) =>
        withInterrupted({
          ...c,
          state: "sending" as const,
          lease_token: token,
          lease_until: leaseUntil,
          updated_at: now,
          attempts: c.attempts + 1,
          series_attempts: c.series_attempts + 1,
        }),
      );
    }
    if (res.modifiedCount === 0) return [];
    const got = await this.messages
      .find({ _id: { $in: ids }, lease_token: token, state: "sending" })
      .batchSize(ids.length)
      .toArray();
    return got.map(withInterrupted);
  }

  /**
   * Ends the claimed attempt — succeeded, failed for good, or pending again at `retryAt` — and logs it
   * (after the one a dead dispatcher left in flight, if any) in the same update. False when the lease
   * was lost: the attempt is not logged, and whoever claimed the message next logs it as interrupted.
   */
  async settle(
    message: ClaimedMessage,
    token: string,
    outcome: { state: "succeeded" } | { state: "failed" } | { state: "pending"; retryAt: Date },
    attempt: Pick<WebhookAttempt, "url" | "status_code" | "latency_ms" | "response_body" | "error">,
  ): Promise<boolean> {
    const now = this.now();
    const logged: WebhookAttempt[] = [];
    if (message.interrupted) {
      logged.push({
        ...message.interrupted,
        state: "interrupted",
        // The endpoint's URL as this attempt read it (the dead one read it at its own claim).
        url: attempt.url,
        finished_at: message.updated_at,
        status_code: null,
        latency_ms: null,
        response_body: null,
        error: "the dispatcher stopped during this attempt",
      });
    }
    logged.push({
      n: message.attempts,
      trigger: message.trigger,
      state: outcome.state === "succeeded" ? "succeeded" : "failed",
      started_at: message.updated_at,
      finished_at: now,
      ...attempt,
    });
    const res = await this.messages.updateOne(
      { _id: message._id, lease_token: token, state: "sending" },
      {
        $set: {
          state: outcome.state,
          next_attempt_at: outcome.state === "pending" ? outcome.retryAt : null,
          lease_token: null,
          lease_until: null,
          last_attempt_at: now,
          last_status_code: attempt.status_code,
          last_error: attempt.error,
          updated_at: now,
          ...(outcome.state === "succeeded" ? { succeeded_at: now } : {}),
        },
        $push: { attempt_log: { $each: logged, $slice: -ATTEMPTS_KEPT } },
      },
    );
    return res.modifiedCount === 1;
  }

  /** One endpoint's log, newest first, optionally in one state, after the previous page's last. */
  listOf(
    endpointId: ObjectId,
    state: MessageState | undefined,
    limit: number,
    after?: { t: Date; id: ObjectId },
  ): Promise<WebhookMessageDoc[]> {
    const position = after ? { $or: [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }] } : {};
    return this.messages
      .find({ endpoint_id: endpointId, ...(state ? { state } : {}), ...position }, { projection: { body: 0, attempt_log: 0 } })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }

  /**
   * Sends a message again, now, with a fresh schedule (the same webhook-id and body): unless an
   * attempt is in flight. True when it was queued.
   */
  async resend(id: ObjectId, trigger: AttemptTrigger): Promise<boolean> {
    const now = this.now();
    const res = await this.messages.updateOne(
      { _id: id, state: { $ne: "sending" } },
      { $set: { state: "pending", next_attempt_at: now, trigger, series_attempts: 0, updated_at: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Queues again the endpoint's messages created since `since` in one of `states`; how many. */
  async requeue(endpointId: ObjectId, since: Date, states: MessageState[]): Promise<number> {
    const now = this.now();
    const res = await this.messages.updateMany(
      { endpoint_id: endpointId, created_at: { $gte: since }, state: { $in: states } },
      { $set: { state: "pending", next_attempt_at: now, trigger: "replay", series_attempts: 0, updated_at: now } },
    );
    return res.modifiedCount;
  }

  /** Fails every message of an endpoint still waiting (it was disabled or deleted); how many. */
  async failWaiting(endpointId: ObjectId, reason: string): Promise<number> {
    const now = this.now();
    const res = await this.messages.updateMany(
      { endpoint_id: endpointId, state: "pending" },
      { $set: { state: "failed", next_attempt_at: null, last_error: reason, updated_at: now } },
    );
    return res.modifiedCount;
  }

  /** An endpoint's log goes with it. */
  async deleteOfEndpoint(endpointId: ObjectId): Promise<void> {
    await this.messages.deleteMany({ endpoint_id: endpointId });
  }

  /** Account export and deletion: the logs of a user's own endpoints. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.messages, { ownerField: "owner_uid", onDelete: "delete" })];
  }
}
