import { z } from "zod";
import { AdminUserView, SetRolesInput, SetRolesResponse, UidParams } from "./api/admin/admin.schema";
import {
  CancelSubscriptionResponse,
  CheckoutInput,
  CheckoutResponse,
  PortalInput,
  PortalResponse,
  SubscriptionResponse,
  TiersResponse,
} from "./api/billing/billing.schema";
import { AdminCreditsInput, AdminCreditsResponse, BalanceResponse, LedgerQuery, LedgerResponse } from "./api/billing/credits.schema";
import { HealthResponse, ReadyResponse } from "./api/health/health.schema";
import { DeleteMeResponse, UpdateMeInput, UserProfile } from "./api/users/users.schema";
import { operation, type FunctionSpec } from "./platform/operation";
import { PADDLE_WEBHOOK_SECRET, RAZORPAY_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET } from "./platform/params";
import { WebhookAck } from "./webhooks/webhooks.schema";
import { MONGODB_URI, PADDLE_API_KEY, RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, STRIPE_SECRET_KEY } from "./platform/params";

/**
 * The operation table: every deployed function (one per resource path), its operations (one per
 * HTTP method) and everything about them. The exports in index.ts, the Hosting rewrites in
 * firebase.json and the OpenAPI document are all derived from it (tests fail when they drift).
 * Handlers are imported on a function's first request, never when index.js loads.
 */
const perMinute = (points: number, store: "local" | "shared" = "shared") => ({ points, durationSeconds: 60, store });

export const routes = {
  health: {
    path: "/health",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getHealth",
        summary: "Liveness: the function answers (no database call)",
        tag: "health",
        auth: "public",
        rateLimit: perMinute(120, "local"),
        response: HealthResponse,
        handler: () => import("./api/health/get-health").then((m) => m.getHealth),
      }),
    },
  },
  healthReady: {
    path: "/health/ready",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getReady",
        summary: "Readiness: configuration is valid and MongoDB answers a ping (503 names the failing check)",
        tag: "health",
        auth: "public",
        rateLimit: perMinute(60, "local"),
        response: ReadyResponse,
        errors: [503],
        handler: () => import("./api/health/get-ready").then((m) => m.getReady),
      }),
    },
  },
  openapi: {
    path: "/openapi.json",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getOpenApi",
        summary: "This API's OpenAPI 3.1 document",
        tag: "meta",
        auth: "public",
        rateLimit: perMinute(60, "local"),
        response: z.record(z.string(), z.unknown()),
        handler: () => import("./api/meta/get-openapi").then((m) => m.getOpenApi),
      }),
    },
  },
  billingTiers: {
    path: "/billing/tiers",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getTiers",
        summary: "Subscription tiers and credit packs with prices per currency",
        tag: "billing",
        auth: "public",
        rateLimit: perMinute(120, "local"),
        response: TiersResponse,
        handler: () => import("./api/billing/get-tiers").then((m) => m.getTiers),
      }),
    },
  },
  usersMe: {
    path: "/users/me",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getMe",
        summary: "The caller's profile (created on first call)",
        tag: "users",
        auth: "user",
        rateLimit: perMinute(120),
        response: UserProfile,
        handler: () => import("./api/users/get-me").then((m) => m.getMe),
      }),
      PATCH: operation({
        operationId: "updateMe",
        summary: "Change display name, locale, time zone or preferences",
        tag: "users",
        auth: "user",
        rateLimit: perMinute(30),
        body: UpdateMeInput,
        response: UserProfile,
        handler: () => import("./api/users/update-me").then((m) => m.updateMe),
      }),
      DELETE: operation({
        operationId: "deleteMe",
        summary: "Delete the caller's account (Auth user and personal data); needs a sign-in in the last 15 minutes",
        tag: "users",
        auth: "user",
        rateLimit: { points: 5, durationSeconds: 3600, store: "shared" },
        response: DeleteMeResponse,
        errors: [403],
        handler: () => import("./api/users/delete-me").then((m) => m.deleteMe),
      }),
    },
  },
  adminUser: {
    path: "/admin/users/{uid}",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "adminGetUser",
        summary: "Read a user's Auth account and profile",
        tag: "admin",
        auth: "user",
        roles: ["admin"],
        rateLimit: perMinute(300),
        params: UidParams,
        response: AdminUserView,
        errors: [403, 404],
        handler: () => import("./api/admin/get-user").then((m) => m.getUser),
      }),
    },
  },
  adminUserRoles: {
    path: "/admin/users/{uid}/roles",
    secrets: [MONGODB_URI],
    operations: {
      POST: operation({
        operationId: "adminSetRoles",
        summary: "Set a user's roles (custom claims); removing a role revokes their sessions",
        tag: "admin",
        auth: "user",
        roles: ["admin"],
        rateLimit: perMinute(30),
        params: UidParams,
        body: SetRolesInput,
        response: SetRolesResponse,
        errors: [403, 404, 409],
        handler: () => import("./api/admin/set-roles").then((m) => m.setRoles),
      }),
    },
  },
  billingBalance: {
    path: "/billing/balance",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getBalance",
        summary: "Spendable credits, reserved credits and grants expiring in the next 30 days",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(120),
        response: BalanceResponse,
        handler: () => import("./api/billing/get-balance").then((m) => m.getBalance),
      }),
    },
  },
  billingLedger: {
    path: "/billing/ledger",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "listLedger",
        summary: "The caller's credit ledger, newest first (cursor-paginated, filter by type)",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(60),
        query: LedgerQuery,
        response: LedgerResponse,
        handler: () => import("./api/billing/list-ledger").then((m) => m.listLedger),
      }),
    },
  },
  adminUserCredits: {
    path: "/admin/users/{uid}/credits",
    secrets: [MONGODB_URI],
    operations: {
      POST: operation({
        operationId: "adminCreditUser",
        summary: "Grant or adjust a user's credits with a reason (audited; idempotent by key)",
        tag: "admin",
        auth: "user",
        roles: ["admin"],
        rateLimit: perMinute(30),
        params: UidParams,
        body: AdminCreditsInput,
        response: AdminCreditsResponse,
        errors: [402, 403, 404],
        handler: () => import("./api/admin/credit-user").then((m) => m.creditUser),
      }),
    },
  },
  billingCheckout: {
    path: "/billing/checkout",
    secrets: [MONGODB_URI, STRIPE_SECRET_KEY, RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, PADDLE_API_KEY],
    operations: {
      POST: operation({
        operationId: "createCheckout",
        summary: "Start buying a credit pack or a tier subscription with Stripe, Razorpay (INR) or Paddle; idempotent by key",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(10),
        body: CheckoutInput,
        response: CheckoutResponse,
        errors: [409, 502, 503],
        handler: () => import("./api/billing/create-checkout").then((m) => m.createCheckout),
      }),
    },
  },
  billingSubscription: {
    path: "/billing/subscription",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getSubscription",
        summary: "The caller's current subscription and tier",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(120),
        response: SubscriptionResponse,
        handler: () => import("./api/billing/get-subscription").then((m) => m.getSubscription),
      }),
    },
  },
  billingSubscriptionCancel: {
    path: "/billing/subscription/cancel",
    secrets: [MONGODB_URI, STRIPE_SECRET_KEY, RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, PADDLE_API_KEY],
    operations: {
      POST: operation({
        operationId: "cancelSubscription",
        summary: "Cancel the caller's subscription at the end of the paid period",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(10),
        response: CancelSubscriptionResponse,
        errors: [404, 502, 503],
        handler: () => import("./api/billing/cancel-subscription").then((m) => m.cancelSubscription),
      }),
    },
  },
  billingPortal: {
    path: "/billing/portal",
    secrets: [MONGODB_URI, STRIPE_SECRET_KEY],
    operations: {
      POST: operation({
        operationId: "createPortalSession",
        summary: "A Stripe customer portal URL for the caller (invoices, payment methods, plan)",
        tag: "billing",
        auth: "user",
        rateLimit: perMinute(10),
        body: PortalInput,
        response: PortalResponse,
        errors: [502, 503],
        handler: () => import("./api/billing/create-portal-session").then((m) => m.createPortalSession),
      }),
    },
  },
  // Payment webhooks: signed by the provider (no token), body verified raw, each bound to its own
  // secret and the database only. 400 invalid_signature; 409 while another delivery holds the event.
  stripeWebhook: {
    path: "/webhooks/stripe",
    secrets: [STRIPE_WEBHOOK_SECRET, MONGODB_URI],
    operations: {
      POST: operation({
        operationId: "receiveStripeWebhook",
        summary: "Stripe events (Stripe-Signature): checkouts, invoices, subscriptions, refunds, disputes",
        tag: "webhooks",
        auth: "public",
        rawBody: true,
        rateLimit: perMinute(6000, "local"),
        response: WebhookAck,
        errors: [409],
        handler: () => import("./webhooks/stripe-webhook").then((m) => m.handleStripeWebhook),
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
        tag: "webhooks",
        auth: "public",
        rawBody: true,
        rateLimit: perMinute(6000, "local"),
        response: WebhookAck,
        errors: [409],
        handler: () => import("./webhooks/razorpay-webhook").then((m) => m.handleRazorpayWebhook),
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
        tag: "webhooks",
        auth: "public",
        rawBody: true,
        rateLimit: perMinute(6000, "local"),
        response: WebhookAck,
        errors: [409],
        handler: () => import("./webhooks/paddle-webhook").then((m) => m.handlePaddleWebhook),
      }),
    },
  },
  /** Unknown paths under /api/v1 get the same JSON error body as everything else. */
  apiNotFound: {
    path: "/**",
    secrets: [],
    operations: {},
  },
} satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof routes;
