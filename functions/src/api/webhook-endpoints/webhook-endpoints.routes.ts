import { MONGODB_URI } from "../../platform/params";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";
import {
  CreateWebhookEndpointInput,
  WebhookEndpointDeleted,
  EndpointParams,
  ListEndpointsQuery,
  ListMessagesQuery,
  MessageParams,
  WebhookMessageQueued,
  WebhookReplayInput,
  WebhookReplayResult,
  RotateWebhookSecretInput,
  WebhookSecretRotated,
  UpdateWebhookEndpointInput,
  WebhookEndpointCreated,
  WebhookEndpointList,
  WebhookEndpointView,
  WebhookEventTypeList,
  WebhookMessageDetail,
  WebhookMessageList,
} from "./webhook-endpoints.schema";

/**
 * Outgoing webhooks: customers' endpoints (personal, or a team's, managed by its admins), their
 * signing secrets, delivery logs, replays and test messages. Deliveries themselves are made by the
 * notificationsDispatch schedule (Standard Webhooks; docs/notifications.md).
 */
export const webhookEndpointsRoutes = moduleRoutes(
  { tag: "webhook-endpoints", secrets: [MONGODB_URI] },
  {
    webhookEventTypes: {
      path: "/webhook-event-types",
      operations: {
        GET: operation({
          operationId: "listWebhookEventTypes",
          summary: "The event types endpoints can subscribe to, the payload size cap and the retry schedule",
          auth: "user",
          rateLimit: perMinute(60),
          response: WebhookEventTypeList,
          handler: () => import("./messages").then((m) => m.listEventTypes),
        }),
      },
    },
    webhookEndpoints: {
      path: "/webhook-endpoints",
      operations: {
        POST: operation({
          operationId: "createWebhookEndpoint",
          summary:
            "Create an endpoint (https URL, event types) for the caller or a team they administer; its signing secret is shown once; 403 limit_reached beyond 10",
          auth: "user",
          rateLimit: perMinute(20),
          body: CreateWebhookEndpointInput,
          response: WebhookEndpointCreated,
          status: 201,
          errors: [403, 404],
          handler: () => import("./endpoints").then((m) => m.createEndpoint),
        }),
        GET: operation({
          operationId: "listWebhookEndpoints",
          summary: "The caller's endpoints, or a team's (teamId; admins)",
          auth: "user",
          rateLimit: perMinute(60),
          query: ListEndpointsQuery,
          response: WebhookEndpointList,
          errors: [403, 404],
          handler: () => import("./endpoints").then((m) => m.listEndpoints),
        }),
      },
    },
    webhookEndpoint: {
      path: "/webhook-endpoints/{endpointId}",
      operations: {
        GET: operation({
          operationId: "getWebhookEndpoint",
          summary: "One endpoint (never its secret)",
          auth: "user",
          rateLimit: perMinute(120),
          params: EndpointParams,
          response: WebhookEndpointView,
          errors: [403, 404],
          handler: () => import("./endpoints").then((m) => m.getEndpoint),
        }),
        PATCH: operation({
          operationId: "updateWebhookEndpoint",
          summary: "Change an endpoint's URL, event types, description, or enable/disable it",
          auth: "user",
          rateLimit: perMinute(30),
          params: EndpointParams,
          body: UpdateWebhookEndpointInput,
          response: WebhookEndpointView,
          errors: [403, 404, 409],
          handler: () => import("./endpoints").then((m) => m.updateEndpoint),
        }),
        DELETE: operation({
          operationId: "deleteWebhookEndpoint",
          summary: "Delete an endpoint and its delivery log",
          auth: "user",
          rateLimit: perMinute(30),
          params: EndpointParams,
          response: WebhookEndpointDeleted,
          errors: [403, 404],
          handler: () => import("./endpoints").then((m) => m.deleteEndpoint),
        }),
      },
    },
    webhookEndpointSecretRotation: {
      path: "/webhook-endpoints/{endpointId}/secret/rotate",
      operations: {
        POST: operation({
          operationId: "rotateWebhookEndpointSecret",
          summary: "A new signing secret (shown once); the previous one keeps signing beside it for overlapHours (default 24)",
          auth: "user",
          rateLimit: perMinute(10),
          params: EndpointParams,
          body: RotateWebhookSecretInput,
          response: WebhookSecretRotated,
          errors: [403, 404, 409],
          handler: () => import("./endpoints").then((m) => m.rotateSecret),
        }),
      },
    },
    webhookEndpointMessages: {
      path: "/webhook-endpoints/{endpointId}/messages",
      operations: {
        GET: operation({
          operationId: "listWebhookMessages",
          summary: "An endpoint's delivery log, newest first (cursor-paginated; filter by status)",
          auth: "user",
          rateLimit: perMinute(120),
          params: EndpointParams,
          query: ListMessagesQuery,
          response: WebhookMessageList,
          errors: [403, 404],
          handler: () => import("./messages").then((m) => m.listMessages),
        }),
      },
    },
    webhookEndpointMessage: {
      path: "/webhook-endpoints/{endpointId}/messages/{messageId}",
      operations: {
        GET: operation({
          operationId: "getWebhookMessage",
          summary: "One message: its payload and every attempt (status, latency, response code, truncated response body)",
          auth: "user",
          rateLimit: perMinute(120),
          params: MessageParams,
          response: WebhookMessageDetail,
          errors: [403, 404],
          handler: () => import("./messages").then((m) => m.getMessage),
        }),
      },
    },
    webhookEndpointMessageResend: {
      path: "/webhook-endpoints/{endpointId}/messages/{messageId}/resend",
      operations: {
        POST: operation({
          operationId: "resendWebhookMessage",
          summary: "Send one message again now (same webhook-id and body, a fresh retry schedule)",
          auth: "user",
          rateLimit: perMinute(30),
          params: MessageParams,
          response: WebhookMessageQueued,
          status: 202,
          errors: [403, 404, 409],
          handler: () => import("./messages").then((m) => m.resendMessage),
        }),
      },
    },
    webhookEndpointReplay: {
      path: "/webhook-endpoints/{endpointId}/replay",
      operations: {
        POST: operation({
          operationId: "replayWebhookMessages",
          summary:
            "Send again everything since a time (at most 30 days): failed messages, or all (include: all) including events never queued",
          auth: "user",
          rateLimit: perMinute(5),
          params: EndpointParams,
          body: WebhookReplayInput,
          response: WebhookReplayResult,
          errors: [403, 404, 409],
          handler: () => import("./messages").then((m) => m.replayMessages),
        }),
      },
    },
    webhookEndpointTest: {
      path: "/webhook-endpoints/{endpointId}/test",
      operations: {
        POST: operation({
          operationId: "sendWebhookTestMessage",
          summary: "Queue a webhook.test message to the endpoint (the test button)",
          auth: "user",
          rateLimit: perMinute(10),
          params: EndpointParams,
          response: WebhookMessageQueued,
          status: 202,
          errors: [403, 404, 409],
          handler: () => import("./messages").then((m) => m.sendTestMessage),
        }),
      },
    },
  },
);
