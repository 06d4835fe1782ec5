export const PROVIDERS = ["stripe", "razorpay", "paddle"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** A beneficiary and a product, as one source in an event names them. */
export interface Claims {
  uid?: string;
  sku?: string;
}

/**
 * Who an event is about, per source. Only what our server created decides: the checkout record
 * found by one of `checkoutRefs`, the subscription record, then `trusted` (fields only our secret
 * key can set). `claimed` is what a buyer's browser could have set: kept for an admin, never used.
 */
export interface Attribution {
  /** Provider object ids our checkout record may be stored under (Stripe session, Razorpay order, Paddle transaction). */
  checkoutRefs: string[];
  /** Stripe session / subscription metadata, Razorpay order / subscription notes. */
  trusted: Claims;
  /** Razorpay payment notes, Paddle custom_data. */
  claimed: Claims;
}

/** One item billed, as the provider itemises it. */
export interface BilledLine {
  /** The provider's price or plan id. */
  priceId: string;
  /** Our sku for that id (STRIPE_PRICES, RAZORPAY_PLANS, PADDLE_PRICES); undefined when the id is not ours. */
  sku?: string;
  quantity: number;
  /**
   * The line's money before discounts, in minor units: `subtotal` in the price's own tax basis (Stripe)
   * or net of tax with the `tax` beside it (Paddle). Absent when the provider does not itemise amounts.
   */
  money?: Money;
  /**
   * Set on a proration (a part of a period, or unused time credited back): the share of a full period
   * when the provider states it (Paddle), else it is derived from the amount and the catalogue price.
   */
  proration?: { rate?: number };
}

/** Totals before discounts, with the discount and tax the provider reports. */
export interface Money {
  subtotal: number;
  discount: number;
  tax: number;
}

/** What a payment billed: itemised lines when the event carries them, and its totals when it reports them. */
export interface Billed {
  lines: BilledLine[];
  totals?: Money;
}

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
} & (
  | ({
      kind: "payment_succeeded";
      /** The id that identifies one payment across events (Stripe invoice or payment intent, Razorpay payment, Paddle transaction). */
      paymentId: string;
      /** What was charged (after discounts, with tax): refunds are proportions of it. */
      amount: number;
      currency: string;
      billed: Billed;
      /** The provider's customer who paid, when the provider has customers. */
      customerId?: string;
      /** Set when the payment pays a subscription period. */
      subscription?: { id: string; periodStart: Date; periodEnd: Date };
      /** Other ids the provider uses for this payment in later events (Stripe: an invoice's payment intent). */
      aliases?: string[];
      /** The subscription's state, when the payment event carries it (Razorpay subscription.charged). */
      subscriptionState?: SubscriptionState;
      /**
       * Another event reports this payment with more to attribute it by (Razorpay: order.paid carries
       * the order's notes, payment.captured does not): unattributed here, this one is ignored, not held.
       */
      laterEventAttributes?: boolean;
    } & Attribution)
  | ({ kind: "subscription_changed" } & SubscriptionState & Attribution)
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
  | ({
      kind: "payment_failed";
      /** The provider's id of what failed to be paid (Stripe invoice, Razorpay payment, Paddle transaction). */
      paymentId: string;
      subscriptionId?: string;
      amount?: number;
      currency?: string;
      /** The provider's failure code (e.g. card_declined), when the event carries one. */
      reason?: string;
      customerId?: string;
    } & Attribution)
  /** Stripe Connect: a payout's transfer was reversed (cumulative amount, cents); handled by core/marketplace. */
  | { kind: "transfer_reversed"; transferId: string; amountReversed: number; payoutId?: string }
  /**
   * Stripe Connect: a connected account's state (`account.updated`, full Account object); applied by
   * core/marketplace only to an account we created, never over a newer state (`occurredAt`).
   */
  | {
      kind: "connect_account_updated";
      accountId: string;
      transfers: "active" | "pending" | "inactive";
      payoutsEnabled: boolean;
      chargesEnabled: boolean;
      detailsSubmitted: boolean;
      disabledReason: string | null;
      currentlyDue: string[];
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
  /** The price or plan the subscription is on now; undefined when the event does not say. */
  priceId?: string;
  /** Our sku for `priceId`; undefined when the price is not ours (the subscription then entitles to nothing). */
  sku?: string;
  status: SubscriptionStatus;
  currentPeriodEnd?: Date;
  /** Undefined when the provider does not say (Razorpay): the stored value is kept. */
  cancelAtPeriodEnd?: boolean;
  /** Ordering of subscription states: the provider's timestamp (or version) of this state. */
  version: number;
  customerId?: string;
}
