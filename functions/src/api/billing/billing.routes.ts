import { MONGODB_URI, PADDLE_API_KEY, RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, STRIPE_SECRET_KEY } from "../../platform/params";
import {
  CancelSubscriptionResponse,
  CheckoutInput,
  CheckoutResponse,
  PortalInput,
  PortalResponse,
  SubscriptionResponse,
  TiersResponse,
} from "./billing.schema";
import { BalanceResponse, LedgerQuery, LedgerResponse } from "./credits.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The billing module's functions (composed into the whole API by routes.ts). */
export const billingRoutes = moduleRoutes(
  { tag: "billing", secrets: [MONGODB_URI] },
  {
    billingTiers: {
      path: "/billing/tiers",
      secrets: [],
      operations: {
        GET: operation({
          operationId: "getTiers",
          summary: "Subscription tiers and credit packs with prices per currency",
          auth: "public",
          rateLimit: perMinute(120, "local"),
          response: TiersResponse,
          handler: () => import("./get-tiers").then((m) => m.getTiers),
        }),
      },
    },
    billingBalance: {
      path: "/billing/balance",
      operations: {
        GET: operation({
          operationId: "getBalance",
          summary: "Spendable credits, reserved credits and grants expiring in the next 30 days",
          auth: "user",
          rateLimit: perMinute(120),
          response: BalanceResponse,
          handler: () => import("./get-balance").then((m) => m.getBalance),
        }),
      },
    },
    billingLedger: {
      path: "/billing/ledger",
      operations: {
        GET: operation({
          operationId: "listLedger",
          summary: "The caller's credit ledger, newest first (cursor-paginated, filter by type)",
          auth: "user",
          rateLimit: perMinute(60),
          query: LedgerQuery,
          response: LedgerResponse,
          handler: () => import("./list-ledger").then((m) => m.listLedger),
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
          auth: "user",
          rateLimit: perMinute(10),
          body: CheckoutInput,
          response: CheckoutResponse,
          errors: [409, 502, 503],
          handler: () => import("./create-checkout").then((m) => m.createCheckout),
        }),
      },
    },
    billingSubscription: {
      path: "/billing/subscription",
      operations: {
        GET: operation({
          operationId: "getSubscription",
          summary: "The caller's current subscription and tier",
          auth: "user",
          rateLimit: perMinute(120),
          response: SubscriptionResponse,
          handler: () => import("./get-subscription").then((m) => m.getSubscription),
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
          auth: "user",
          rateLimit: perMinute(10),
          response: CancelSubscriptionResponse,
          errors: [404, 502, 503],
          handler: () => import("./cancel-subscription").then((m) => m.cancelSubscription),
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
          auth: "user",
          rateLimit: perMinute(10),
          body: PortalInput,
          response: PortalResponse,
          errors: [502, 503],
          handler: () => import("./create-portal-session").then((m) => m.createPortalSession),
        }),
      },
    },
  },
);
