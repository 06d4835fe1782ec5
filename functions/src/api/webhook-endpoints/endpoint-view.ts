import type { WebhookEndpointDoc } from "../../core/outgoing-webhooks/webhook-endpoints-store";
import type { WebhookAttempt, WebhookMessageDoc } from "../../core/outgoing-webhooks/webhook-messages-store";
import { webhookIdOf } from "../../core/outgoing-webhooks/webhook-messages-store";

export function toEndpointView(doc: WebhookEndpointDoc, now: Date) {
  const previous = doc.secrets.slice(1).find((s) => s.expires_at !== null && s.expires_at > now);
  return {
    id: doc._id.toHexString(),
    owner: doc.team_id ? { kind: "team" as const, teamId: doc.team_id.toHexString() } : { kind: "user" as const, uid: doc.owner_uid! },
    url: doc.url,
    eventTypes: doc.event_types,
    description: doc.description,
    enabled: doc.enabled,
    disabledReason: doc.disabled_reason,
    disabledAt: doc.disabled_at?.toISOString() ?? null,
    failingSince: doc.failing_since?.toISOString() ?? null,
    previousSecretExpiresAt: previous?.expires_at?.toISOString() ?? null,
    createdAt: doc.created_at.toISOString(),
    updatedAt: doc.updated_at.toISOString(),
  };
}

export function toMessageView(doc: WebhookMessageDoc) {
  return {
    id: webhookIdOf(doc._id),
    type: doc.type,
    state: doc.state,
    attempts: doc.attempts,
    trigger: doc.trigger,
    nextAttemptAt: doc.next_attempt_at?.toISOString() ?? null,
    lastAttemptAt: doc.last_attempt_at?.toISOString() ?? null,
    lastStatusCode: doc.last_status_code,
    lastError: doc.last_error,
    createdAt: doc.created_at.toISOString(),
    succeededAt: doc.succeeded_at?.toISOString() ?? null,
  };
}

export function toAttemptView(doc: WebhookAttempt) {
  return {
    n: doc.n,
    trigger: doc.trigger,
    state: doc.state as "sending" | WebhookAttempt["state"],
    url: doc.url,
    startedAt: doc.started_at.toISOString(),
    finishedAt: doc.finished_at.toISOString() as string | null,
    statusCode: doc.status_code,
    latencyMs: doc.latency_ms,
    responseBody: doc.response_body,
    error: doc.error,
  };
}

/** The attempt in flight: a `sending` message was claimed for attempt `attempts` at `updated_at`. */
export function inFlightAttemptView(doc: WebhookMessageDoc, url: string): ReturnType<typeof toAttemptView> {
  return {
    n: doc.attempts,
    trigger: doc.trigger,
    state: "sending",
    url,
    startedAt: doc.updated_at.toISOString(),
    finishedAt: null,
    statusCode: null,
    latencyMs: null,
    responseBody: null,
    error: null,
  };
}
