import type { TierId } from "../billing/catalog";

export const PROVIDERS = ["stripe", "razorpay", "paddle"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/**
 * One provider event, normalized. Webhook adapters turn Stripe/Razorpay/Paddle payloads into this;
 * effects are decided from it alone. Money is integer minor units with an ISO currency.
 */
export type PaymentEvent = {
  provider: ProviderName;
  /** The provider's event id (Razorpay: the X-Razorpay-Event-Id header). */
  eventId: string;
  /** The provider's own type string, e.g. "invoice.paid". */
  type: string;
  occurredAt: Date;
  /** Our user, from metadata / notes / custom_data, when the event carries it. */
  uid?: string;
} & (
  | {
      kind: "payment_succeeded";
      /** The id that identifies one payment across events (Stripe invoice or payment intent, Razorpay payment, Paddle transaction). */
      paymentId: string;
      sku: string;
      amount: number;
      currency: string;
      /** Set when the payment pays a subscription period. */
      subscription?: { id: string; periodStart: Date; periodEnd: Date };
    }
  | {
      kind: "subscription_changed";
      subscriptionId: string;
      sku?: string;
      tier?: TierId;
      status: "active" | "trialing" | "past_due" | "canceled" | "paused" | "incomplete";
      currentPeriodEnd?: Date;
      cancelAtPeriodEnd: boolean;
      /** Ordering of subscription states: the provider's timestamp (or version) of this state. */
      version: number;
      customerId?: string;
    }
  | {
      kind: "refund";
      paymentId: string;
      refundId: string;
      /** Refunded so far for this payment, cumulative when the provider says so. */
      amount: number;
      cumulative: boolean;
      currency: string;
    }
  | {
      kind: "chargeback";
      paymentId: string;
      disputeId: string;
      amount: number;
      currency: string;
    }
  | { kind: "ignored" }
);
