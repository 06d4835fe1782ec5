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
      /** Absent when only the subscription knows it (a renewal without metadata). */
      sku?: string;
      amount: number;
      currency: string;
      /** Set when the payment pays a subscription period. */
      subscription?: { id: string; periodStart: Date; periodEnd: Date };
      /** Other ids the provider uses for this payment in later events (Stripe: an invoice's payment intent). */
      aliases?: string[];
      /** The subscription's state, when the payment event carries it (Razorpay subscription.charged). */
      subscriptionState?: SubscriptionState;
    }
  | ({ kind: "subscription_changed" } & SubscriptionState)
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
  /** Signed by the provider but not in the shape we rely on: recorded, acknowledged, reported. */
  | { kind: "unprocessable"; reason: string }
);

export const SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due", "canceled", "paused", "incomplete"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** One state of a provider subscription, as a subscription event (or a renewal payment) reports it. */
export interface SubscriptionState {
  subscriptionId: string;
  sku?: string;
  tier?: TierId;
  status: SubscriptionStatus;
  currentPeriodEnd?: Date;
  /** Undefined when the provider does not say (Razorpay): the stored value is kept. */
  cancelAtPeriodEnd?: boolean;
  /** Ordering of subscription states: the provider's timestamp (or version) of this state. */
  version: number;
  customerId?: string;
}
