import { ObjectId } from "mongodb";
import { NOTIFICATION_RULES } from "../../core/notifications/notification-rules";
import { NOTIFICATION_TYPES, WEBHOOK_EVENT_TYPES } from "../../core/notifications/notification-types";
import { toEndpointOwner } from "../../core/notifications/fan-out";
import { RETRY_DELAYS_MS } from "../../core/outgoing-webhooks/retry-schedule";
import type { EndpointOwner, WebhookEndpointDoc } from "../../core/outgoing-webhooks/webhook-endpoints-store";
import { MAX_PAYLOAD_BYTES, newMessage } from "../../core/outgoing-webhooks/webhook-payload";
import type { MessageState } from "../../core/outgoing-webhooks/webhook-messages-store";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { HttpError, notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { validationError } from "../../platform/request-input";
import { endpointFor, ownerOfEndpoint } from "./endpoint-access";
import { inFlightAttemptView, toAttemptView, toMessageView } from "./endpoint-view";
import type { EndpointParams, ListMessagesQuery, MessageParams, WebhookReplayInput } from "./webhook-endpoints.schema";

const REPLAY_WINDOW_MS = 30 * 86_400_000;
/** Events one replay call goes through; `truncated` tells the caller to call again from the last one. */
const REPLAY_EVENTS = 1_000;

/** An endpoint's delivery log, newest first, optionally one state only. */
export async function listMessages(ctx: OperationContext<EndpointParams, ListMessagesQuery>) {
  const endpoint = await endpointFor(ctx, ctx.params.endpointId);
  const { status, limit, cursor } = ctx.query;
  const docs = await (
    await ctx.services.store("webhookMessages")
  ).listOf(endpoint._id, status, limit + 1, cursor ? decodeTimeCursor(cursor) : undefined);
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    messages: page.map(toMessageView),
    nextCursor: docs.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}

async function messageOf(ctx: OperationContext<MessageParams>) {
  const endpoint = await endpointFor(ctx, ctx.params.endpointId);
  const messages = await ctx.services.store("webhookMessages");
  const message = await messages.find(new ObjectId(ctx.params.messageId.slice(4)));
  if (!message || !message.endpoint_id.equals(endpoint._id)) throw notFound("Message");
  return { endpoint, messages, message };
}

/**
 * One message: its exact payload and its attempts (status, latency, response code, the start of the
 * response body), the one in flight last.
 */
export async function getMessage(ctx: OperationContext<MessageParams>) {
  const { endpoint, message } = await messageOf(ctx);
  const attemptLog = (message.attempt_log ?? []).map(toAttemptView);
  if (message.state === "sending") attemptLog.push(inFlightAttemptView(message, endpoint.url));
  return { ...toMessageView(message), payload: message.body, attemptLog };
}

/** Sends one message again now, with the same webhook-id and body, and a fresh retry schedule. */
export async function resendMessage(ctx: OperationContext<MessageParams>) {
  const { endpoint, messages, message } = await messageOf(ctx);
  if (!endpoint.enabled) throw new HttpError(409, "endpoint_disabled", "Enable the endpoint before sending to it again");
  if (!(await messages.resend(message._id, "resend")))
    throw new HttpError(409, "attempt_in_progress", "An attempt of this message is in progress");
  return new Reply(202, { id: ctx.params.messageId, state: "pending" as const });
}

/**
 * Replays an endpoint since a time: `failed` sends again the messages that failed; `all` also sends
 * again the ones that succeeded and creates the ones never queued for it (events from before the
 * endpoint subscribed to a type, or while it was disabled). Messages keep their webhook-id.
 */
export async function replayMessages(ctx: OperationContext<EndpointParams, unknown, WebhookReplayInput>) {
  const endpoint = await endpointFor(ctx, ctx.params.endpointId);
  if (!endpoint.enabled) throw new HttpError(409, "endpoint_disabled", "Enable the endpoint before replaying to it");
  const now = ctx.services.now();
  const since = new Date(ctx.body.since);
  if (since > now || now.getTime() - since.getTime() > REPLAY_WINDOW_MS) {
    throw validationError([{ field: "body.since", code: "out_of_range", message: "must be in the past 30 days" }]);
  }
  const include = ctx.body.include ?? "failed";
  let created = 0;
  let truncated = false;
  if (include === "all") ({ created, truncated } = await queueMissing(ctx, endpoint, since));
  const states: MessageState[] = include === "all" ? ["failed", "succeeded"] : ["failed"];
  const requeued = await (await ctx.services.store("webhookMessages")).requeue(endpoint._id, since, states);
  return { requeued, created, truncated };
}

const sameOwner = (a: EndpointOwner, b: EndpointOwner) =>
  a.kind === "user" ? b.kind === "user" && a.uid === b.uid : b.kind === "team" && a.teamId.equals(b.teamId);

/** Messages for the owner's events since `since` that this endpoint never got (ids derive from the notification: no duplicates). */
async function queueMissing(ctx: OperationContext, endpoint: WebhookEndpointDoc, since: Date) {
  const owner = ownerOfEndpoint(endpoint);
  const events = await ctx.services.store("events");
  const messages = await ctx.services.store("webhookMessages");
  const subject = owner.kind === "user" ? { uid: owner.uid } : { teamId: owner.teamId.toHexString() };
  const batch = await events.ofSubjectSince(subject, since, REPLAY_EVENTS + 1);
  let created = 0;
  for (const event of batch.slice(0, REPLAY_EVENTS)) {
    const rule = NOTIFICATION_RULES[event.type];
    if (!rule) continue;
    for (const draft of await rule(event, { previousOf: (e, f, v) => events.previousOf(e, f, v) })) {
      if (!NOTIFICATION_TYPES[draft.type].webhook || !endpoint.event_types.includes(draft.type)) continue;
      if (
        !draft.webhookOwners.some((o) => {
          const eo = toEndpointOwner(o);
          return eo !== null && sameOwner(eo, owner);
        })
      )
        continue;
      const message = { ...newMessage(endpoint, { ...draft, eventId: event._id }, ctx.services.now()), trigger: "replay" as const };
      if (await messages.create(message)) created++;
    }
  }
  return { created, truncated: batch.length > REPLAY_EVENTS };
}

/** Queues a `webhook.test` message to the endpoint (whatever types it subscribed to): the dashboard's test button. */
export async function sendTestMessage(ctx: OperationContext<EndpointParams>) {
  const endpoint = await endpointFor(ctx, ctx.params.endpointId);
  if (!endpoint.enabled) throw new HttpError(409, "endpoint_disabled", "Enable the endpoint before sending to it");
  const now = ctx.services.now();
  const message = newMessage(
    endpoint,
    {
      key: `test:${ctx.services.newId()}`,
      type: "webhook.test",
      occurredAt: now,
      data: {
        endpointId: endpoint._id.toHexString(),
        message: "A test message from PromptForge: your endpoint receives and verifies webhooks.",
      },
      eventId: null,
    },
    now,
  );
  await (await ctx.services.store("webhookMessages")).create(message);
  return new Reply(202, { id: `msg_${message._id.toHexString()}`, state: "pending" as const });
}

/** The types endpoints can subscribe to, with the payload cap and the retry schedule. */
export async function listEventTypes() {
  return {
    eventTypes: WEBHOOK_EVENT_TYPES.map((type) => ({
      type,
      category: NOTIFICATION_TYPES[type].category,
      description: NOTIFICATION_TYPES[type].description,
    })),
    payloadLimitBytes: MAX_PAYLOAD_BYTES,
    retryScheduleSeconds: [0, ...RETRY_DELAYS_MS.map((ms) => ms / 1000)],
  };
}
