import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { WEBHOOK_EVENT_TYPES } from "../../core/notifications/notification-types";
import { DisplayText, IsoDate, Owner } from "../../platform/common-schemas";

const Cursor = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/);

export const EndpointParams = z.strictObject({ endpointId: EntityId });
export type EndpointParams = z.infer<typeof EndpointParams>;
export const MessageParams = z.strictObject({
  endpointId: EntityId,
  messageId: z.string().regex(/^msg_[0-9a-f]{24}$/, "must be a message id (the webhook-id header: msg_ and 24 hex digits)"),
});
export type MessageParams = z.infer<typeof MessageParams>;

export const ListEndpointsQuery = z.strictObject({
  /** A team's endpoints (its admins) instead of the caller's own. */
  teamId: EntityId.optional(),
});
export type ListEndpointsQuery = z.infer<typeof ListEndpointsQuery>;

export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: "WebhookEventType" });
const EventTypes = z
  .array(WebhookEventType)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, "must not repeat a type");
/** Checked again in the handler: https only outside development, no credentials, no internal host. */
const Url = z.string().trim().min(1).max(2048);

export const CreateWebhookEndpointInput = z
  .strictObject({
    url: Url,
    eventTypes: EventTypes,
    description: DisplayText(500).optional(),
    enabled: z.boolean().optional(),
    /** Create it for a team (its admins manage it) rather than for the caller. */
    teamId: EntityId.optional(),
  })
  .meta({ id: "CreateWebhookEndpointInput" });
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const UpdateWebhookEndpointInput = z
  .strictObject({
    url: Url.optional(),
    eventTypes: EventTypes.optional(),
    description: DisplayText(500).optional(),
    /** true re-enables an endpoint the dispatcher disabled (replay what it missed afterwards). */
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "name at least one field to change")
  .meta({ id: "UpdateWebhookEndpointInput" });
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

export const RotateWebhookSecretInput = z
  .strictObject({
    /** How long the current secret keeps signing beside the new one (0: stop at once). */
    overlapHours: z.number().int().min(0).max(168).optional(),
  })
  .meta({ id: "RotateWebhookSecretInput" });
export type RotateWebhookSecretInput = z.infer<typeof RotateWebhookSecretInput>;

export const WebhookMessageState = z.enum(["pending", "sending", "succeeded", "failed"]).meta({ id: "WebhookMessageState" });
export const ListMessagesQuery = z.strictObject({
  status: WebhookMessageState.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: Cursor.optional(),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const WebhookReplayInput = z
  .strictObject({
    /** Messages (and events) since this time, at most 30 days ago. */
    since: IsoDate,
    /** failed (default): send again what failed; all: every event since, including what succeeded and what was never queued. */
    include: z.enum(["failed", "all"]).optional(),
  })
  .meta({ id: "WebhookReplayInput" });
export type WebhookReplayInput = z.infer<typeof WebhookReplayInput>;

export const WebhookEndpointView = z
  .object({
    id: z.string(),
    owner: Owner,
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string(),
    enabled: z.boolean(),
    disabledReason: z.enum(["manual", "gone", "failing"]).nullable(),
    disabledAt: IsoDate.nullable(),
    failingSince: IsoDate.nullable(),
    /** While a rotation's overlap lasts: when the previous secret stops signing. */
    previousSecretExpiresAt: IsoDate.nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .meta({ id: "WebhookEndpointView" });

export const WebhookEndpointCreated = WebhookEndpointView.extend({
  /** The signing secret, shown this once: `whsec_` + base64 (Standard Webhooks). */
  secret: z.string(),
}).meta({ id: "WebhookEndpointCreated" });

export const WebhookEndpointList = z
  .object({ endpoints: z.array(WebhookEndpointView), limit: z.number().int() })
  .meta({ id: "WebhookEndpointList" });

export const WebhookSecretRotated = z
  .object({ secret: z.string(), previousSecretExpiresAt: IsoDate.nullable() })
  .meta({ id: "WebhookSecretRotated" });

export const WebhookEndpointDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: "WebhookEndpointDeleted" });

export const WebhookMessageView = z
  .object({
    /** The webhook-id every attempt sends. */
    id: z.string(),
    type: z.string(),
    state: WebhookMessageState,
    attempts: z.number().int(),
    trigger: z.enum(["scheduled", "resend", "replay"]),
    nextAttemptAt: IsoDate.nullable(),
    lastAttemptAt: IsoDate.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: IsoDate,
    succeededAt: IsoDate.nullable(),
  })
  .meta({ id: "WebhookMessageView" });

export const WebhookMessageList = z
  .object({ messages: z.array(WebhookMessageView), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookMessageList" });

export const WebhookAttemptView = z
  .object({
    n: z.number().int(),
    trigger: z.enum(["scheduled", "resend", "replay"]),
    state: z.enum(["sending", "succeeded", "failed", "interrupted"]),
    url: z.string(),
    startedAt: IsoDate,
    finishedAt: IsoDate.nullable(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    /** The first 2 KB of the response body. */
    responseBody: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttemptView" });

export const WebhookMessageDetail = WebhookMessageView.extend({
  /** The exact body every attempt sends. */
  payload: z.string(),
  attemptLog: z.array(WebhookAttemptView),
}).meta({ id: "WebhookMessageDetail" });

export const WebhookMessageQueued = z.object({ id: z.string(), state: WebhookMessageState }).meta({ id: "WebhookMessageQueued" });

export const WebhookReplayResult = z
  .object({ requeued: z.number().int(), created: z.number().int(), truncated: z.boolean() })
  .meta({ id: "WebhookReplayResult" });

export const WebhookEventTypeList = z
  .object({
    eventTypes: z.array(z.object({ type: z.string(), category: z.string(), description: z.string() })),
    payloadLimitBytes: z.number().int(),
    retryScheduleSeconds: z.array(z.number().int()),
  })
  .meta({ id: "WebhookEventTypeList" });
