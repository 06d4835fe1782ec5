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
  created_at: Date;
  updated_at: Date;
}

/** One attempt of a message, written before the request and completed after it. */
export interface WebhookAttemptDoc {
  /** derivedId("attempt", message, n): the n-th attempt is recorded once. */
  _id: ObjectId;
  message_id: ObjectId;
  endpoint_id: ObjectId;
  owner_uid: string | null;
  n: number;
  trigger: AttemptTrigger;
  /** `interrupted`: its dispatcher died during it; whether the receiver got it is unknown, the next attempt repeats it. */
  state: "sending" | "succeeded" | "failed" | "interrupted";
  url: string;
  started_at: Date;
  finished_at: Date | null;
  status_code: number | null;
  latency_ms: number | null;
  response_body: string | null;
  error: string | null;
}

export const webhookIdOf = (messageId: ObjectId): string => `msg_${messageId.toHexString()}`;
export const messageIdFor = (key: string, endpointId: ObjectId): ObjectId => derivedId("webhook", key, endpointId.toHexString());
const attemptIdFor = (messageId: ObjectId, n: number): ObjectId => derivedId("webhook_attempt", messageId.toHexString(), String(n));

/** Due now, or claimed by a dispatcher whose lease ran out (it died mid-attempt). */
const dueFilter = (now: Date): Filter<WebhookMessageDoc> => ({
  $or: [
    { state: "pending", next_attempt_at: { $lte: now } },
    { state: "sending", lease_until: { $lte: now } },
  ],
});

/** `webhook_messages` and `webhook_attempts`: one aggregate, the delivery log. */
export class WebhookMessagesStore implements HoldsPersonalData {
  private readonly messages: Collection<WebhookMessageDoc>;
  private readonly attempts: Collection<WebhookAttemptDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.messages = db.collection<WebhookMessageDoc>("webhook_messages");
    this.attempts = db.collection<WebhookAttemptDoc>("webhook_attempts");
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

  /** Claims a due message for one attempt; null when another dispatcher got it first. */
  claim(id: ObjectId, token: string, leaseMs: number): Promise<WebhookMessageDoc | null> {
    const now = this.now();
    return this.messages.findOneAndUpdate(
      { _id: id, ...dueFilter(now) },
      {
        $set: { state: "sending", lease_token: token, lease_until: new Date(now.getTime() + leaseMs), updated_at: now },
        $inc: { attempts: 1, series_attempts: 1 },
      },
      { returnDocument: "after" },
    );
  }

  /**
   * Claims these due messages for one attempt each under one token, in one update: the messages this
   * call got (another dispatcher may have taken some). One more round trip only when someone did.
   */
  async claimMany(candidates: WebhookMessageDoc[], token: string, leaseMs: number): Promise<WebhookMessageDoc[]> {
    if (candidates.length === 0) return [];
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const ids = candidates.map((c) => c._id);
    const res = await this.messages.updateMany(
      { _id: { $in: ids }, ...dueFilter(now) },
      {
        $set: { state: "sending", lease_token: token, lease_until: leaseUntil, updated_at: now },
        $inc: { attempts: 1, series_attempts: 1 },
      },
    );
    if (res.modifiedCount === candidates.length) {
      return candidates.map((c) => ({
        ...c,
        state: "sending" as const,
        lease_token: token,
        lease_until: leaseUntil,
        updated_at: now,
        attempts: c.attempts + 1,
        series_attempts: c.series_attempts + 1,
      }));
    }
    if (res.modifiedCount === 0) return [];
    return this.messages
      .find({ _id: { $in: ids }, lease_token: token, state: "sending" })
      .batchSize(ids.length)
      .toArray();
  }

  /** The attempt about to be made (an earlier one left `sending` by a dead dispatcher is marked interrupted). */
  async startAttempt(message: WebhookMessageDoc, url: string): Promise<void> {
    const now = this.now();
    // The first attempt has no earlier one to close.
    if (message.attempts > 1) {
      await this.attempts.updateMany(
        { message_id: message._id, state: "sending", n: { $lt: message.attempts } },
        { $set: { state: "interrupted", finished_at: now, error: "the dispatcher stopped during this attempt" } },
      );
    }
    try {
      await this.attempts.insertOne({
        _id: attemptIdFor(message._id, message.attempts),
        message_id: message._id,
        endpoint_id: message.endpoint_id,
        owner_uid: message.owner_uid,
        n: message.attempts,
        trigger: message.trigger,
        state: "sending",
        url,
        started_at: now,
        finished_at: null,
        status_code: null,
        latency_ms: null,
        response_body: null,
        error: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async finishAttempt(
    message: WebhookMessageDoc,
    result: Pick<WebhookAttemptDoc, "status_code" | "latency_ms" | "response_body" | "error"> & { ok: boolean },
  ): Promise<void> {
    const { ok, ...fields } = result;
    await this.attempts.updateOne(
      { _id: attemptIdFor(message._id, message.attempts), state: "sending" },
      { $set: { ...fields, state: ok ? "succeeded" : "failed", finished_at: this.now() } },
    );
  }

  /** Ends the claimed attempt: succeeded, failed for good, or pending again at `retryAt`. False when the lease was lost. */
  async settle(
    message: WebhookMessageDoc,
    token: string,
    outcome: { state: "succeeded" } | { state: "failed" } | { state: "pending"; retryAt: Date },
    last: { statusCode: number | null; error: string | null },
  ): Promise<boolean> {
    const now = this.now();
    const res = await this.messages.updateOne(
      { _id: message._id, lease_token: token, state: "sending" },
      {
        $set: {
          state: outcome.state,
          next_attempt_at: outcome.state === "pending" ? outcome.retryAt : null,
          lease_token: null,
          lease_until: null,
          last_attempt_at: now,
          last_status_code: last.statusCode,
          last_error: last.error,
          updated_at: now,
          ...(outcome.state === "succeeded" ? { succeeded_at: now } : {}),
        },
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
      .find({ endpoint_id: endpointId, ...(state ? { state } : {}), ...position }, { projection: { body: 0 } })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }

  attemptsOf(messageId: ObjectId): Promise<WebhookAttemptDoc[]> {
    return this.attempts.find({ message_id: messageId }).sort({ n: 1 }).limit(100).toArray();
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
    await this.attempts.deleteMany({ endpoint_id: endpointId });
    await this.messages.deleteMany({ endpoint_id: endpointId });
  }

  /** Account export and deletion: the logs of a user's own endpoints. */
  personalData(): PersonalDataSource[] {
    return [
      ownedBy(this.messages, { ownerField: "owner_uid", onDelete: "delete" }),
      ownedBy(this.attempts, { ownerField: "owner_uid", onDelete: "delete" }),
    ];
  }
}
