import {
  MONGODB_URI,
  PADDLE_WEBHOOK_SECRET,
  RAZORPAY_WEBHOOK_SECRET,
  STRIPE_CONNECT_WEBHOOK_SECRET,
  STRIPE_WEBHOOK_SECRET,
} from "../platform/params";
import { WebhookAck } from "./webhooks.schema";
import { moduleRoutes, perMinute } from "../platform/module-routes";
import { operation } from "../platform/operation";

/** The webhooks module's functions (composed into the whole API by routes.ts). */
export const webhooksRoutes = moduleRoutes(
  { tag: "webhooks", secrets: [] },
  {
    // Payment webhooks: signed by the provider (no token), body verified raw, each bound to its own
    // secret and the database only. 400 invalid_signature; 409 while another delivery holds the event.
    stripeWebhook: {
      path: "/webhooks/stripe",
      secrets: [STRIPE_WEBHOOK_SECRET, STRIPE_CONNECT_WEBHOOK_SECRET, MONGODB_URI],
      operations: {
        POST: operation({
          operationId: "receiveStripeWebhook",
          summary:
            "Stripe events (Stripe-Signature, platform or Connect endpoint secret): checkouts, invoices, subscriptions, refunds, disputes, transfer reversals, connected accounts",
          auth: "public",
          rawBody: true,
          rateLimit: perMinute(6000, "local"),
          response: WebhookAck,
          errors: [409],
          handler: () => import("./stripe-webhook").then((m) => m.handleStripeWebhook),
        }),
      },
    },
    razorpayWebhook: {
      path: "/webhooks/razorpay",
      secrets: [RAZORPAY_WEBHOOK_SECRET, MONGODB_URI],
      operations: {
        POST: operation({
          operationId: "receiveRazorpayWebhook",
          summary: "Razorpay events (X-Razorpay-Signature): payments, orders, subscriptions, refunds, disputes",
          auth: "public",
          rawBody: true,
          rateLimit: perMinute(6000, "local"),
          response: WebhookAck,
          errors: [409],
          handler: () => import("./razorpay-webhook").then((m) => m.handleRazorpayWebhook),
        }),
      },
    },
    paddleWebhook: {
      path: "/webhooks/paddle",
      secrets: [PADDLE_WEBHOOK_SECRET, MONGODB_URI],
      operations: {
        POST: operation({
          operationId: "receivePaddleWebhook",
          summary: "Paddle events (Paddle-Signature): transactions, subscriptions, adjustments (refunds, chargebacks)",
          auth: "public",
          rawBody: true,
          rateLimit: perMinute(6000, "local"),
          response: WebhookAck,
          errors: [409],
          handler: () => import("./paddle-webhook").then((m) => m.handlePaddleWebhook),
        }),
      },
    },
  },
);
