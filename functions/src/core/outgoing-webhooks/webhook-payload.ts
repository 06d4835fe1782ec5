import type { ObjectId } from "mongodb";
import { log } from "../../platform/logger";
import type { NotificationData } from "../notifications/notification-rules";
import type { WebhookEndpointDoc } from "./webhook-endpoints-store";
import { messageIdFor, type WebhookMessageDoc } from "./webhook-messages-store";

/**
 * The largest body we send (Standard Webhooks recommends staying under 20 KB). Our payloads are ids,
 * amounts and states, far below it; one that is not is sent as a stub naming what it was about, so
 * that a receiver never gets a body its framework refuses, and logged as our bug.
 */
export const MAX_PAYLOAD_BYTES = 20 * 1024;

/** The body every attempt of a message sends: {type, timestamp, data} (Standard Webhooks). */
export function webhookBody(type: string, occurredAt: Date, data: NotificationData): string {
  const body = JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
  if (Buffer.byteLength(body) <= MAX_PAYLOAD_BYTES) return body;
  log.error("webhook_payload_too_large", { type, bytes: Buffer.byteLength(body) });
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data: { truncated: true } });
}

/** A new message of one notification to one endpoint, due at once. */
export function newMessage(
  endpoint: Pick<WebhookEndpointDoc, "_id" | "owner_uid" | "team_id">,
  n: { key: string; type: string; occurredAt: Date; data: NotificationData; eventId: ObjectId | null },
  now: Date,
): WebhookMessageDoc {
  return {
    _id: messageIdFor(n.key, endpoint._id),
    endpoint_id: endpoint._id,
    owner_uid: endpoint.owner_uid,
    team_id: endpoint.team_id,
    key: n.key,
    event_id: n.eventId,
    type: n.type,
    body: webhookBody(n.type, n.occurredAt, n.data),
    state: "pending",
    attempts: 0,
    series_attempts: 0,
    trigger: "scheduled",
    next_attempt_at: now,
    lease_token: null,
    lease_until: null,
    last_attempt_at: null,
    last_status_code: null,
    last_error: null,
    succeeded_at: null,
    attempt_log: [],
    created_at: now,
    updated_at: now,
  };
}
