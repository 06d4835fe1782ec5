import { z } from "zod";

/**
 * The facts the product records once each, written by the code that makes the fact true, right after
 * it, keyed by the fact's own idempotency key (so a redelivery or retry records nothing new). One
 * stored event feeds every consumer: analytics rollups, notifications and outgoing webhooks. (Metered
 * model calls have their own record, `usage_events`, written by the AI operations.)
 * `data` never holds prompt text, outputs, secrets or payment payloads: ids, amounts and counts.
 */
export const EVENT_TYPES = {
  /** A user's profile was created (their first authenticated call). */
  "user.signed_up": z.object({ email: z.string().nullable() }),
  /** A payment was credited: a credit pack (purchase) or a subscription period (grant). */
  "payment.succeeded": z.object({
    provider: z.string(),
    paymentId: z.string(),
    sku: z.string(),
    kind: z.enum(["credits", "subscription"]),
    credits: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
  }),
  /** A payment arrived that grants nothing until an admin looks (docs/payments.md, "Trust boundary"). */
  "payment.held": z.object({
    provider: z.string(),
    paymentId: z.string(),
    reason: z.string(),
    amount: z.number().int(),
    currency: z.string(),
  }),
  /** Credits of a payment were taken back: a refund or a chargeback. */
  "payment.reversed": z.object({
    provider: z.string(),
    paymentId: z.string(),
    kind: z.enum(["refund", "chargeback"]),
    credits: z.number().int(),
  }),
  /** A subscription's newest state (renewed, plan changed, cancelled...). */
  "subscription.changed": z.object({
    provider: z.string(),
    subscriptionId: z.string(),
    sku: z.string(),
    tier: z.string(),
    status: z.string(),
    cancelAtPeriodEnd: z.boolean(),
    currentPeriodEnd: z.date().nullable(),
  }),
  /** Credits granted outside a payment: the free tier's monthly allowance, an admin grant or adjustment. */
  "credits.granted": z.object({ source: z.enum(["free_allowance", "admin"]), credits: z.number().int(), expiresAt: z.date().nullable() }),
  /** Someone was invited to a team. */
  "team.invitation_created": z.object({
    teamId: z.string(),
    invitationId: z.string(),
    email: z.string(),
    role: z.string(),
    invitedBy: z.string(),
  }),
  /** A payment attempt failed (Stripe invoice.payment_failed, Razorpay payment.failed, Paddle transaction.payment_failed): no money moved. */
  "payment.failed": z.object({
    provider: z.string(),
    paymentId: z.string().nullable(),
    subscriptionId: z.string().nullable(),
    amount: z.number().int().nullable(),
    currency: z.string().nullable(),
    /** The provider's reason code, when it gives one (e.g. card_declined). */
    reason: z.string().nullable(),
  }),
  /**
   * A debit took the user's credits (available + reserved) from at least their low-balance threshold
   * to below it. Keyed by the ledger entry that crossed it: a retried debit records nothing new.
   */
  "credits.low_balance": z.object({ credits: z.number().int(), threshold: z.number().int(), entryId: z.string() }),
  /** An outgoing webhook endpoint was disabled by the dispatcher (410 Gone, or failing for days). */
  "webhook.endpoint_disabled": z.object({
    endpointId: z.string(),
    url: z.string(),
    reason: z.enum(["gone", "failing"]),
    failingSince: z.date().nullable(),
  }),
  // Marketplace and partnerships (docs/marketplace.md). Credits are integers; ids are hex or provider ids.
  /** The buyer paid for one listing or a bundle (free listings too: credits 0). */
  "marketplace.purchase": z.object({
    purchaseId: z.string(),
    listingIds: z.array(z.string()),
    bundleId: z.string().nullable(),
    credits: z.number().int(),
  }),
  /** A seller's listing sold (one per item of a purchase): what the seller earns, held for the refund window. */
  "marketplace.sale": z.object({
    purchaseId: z.string(),
    listingId: z.string(),
    version: z.number().int(),
    price: z.number().int(),
    earned: z.number().int(),
    availableAt: z.date(),
  }),
  /** A purchase (or some items of a bundle) was refunded: for the buyer (credits back) and each seller (earnings reversed). */
  "marketplace.refund": z.object({
    purchaseId: z.string(),
    refundId: z.string(),
    listingIds: z.array(z.string()),
    role: z.enum(["buyer", "seller"]),
    credits: z.number().int(),
    by: z.enum(["buyer", "admin"]),
  }),
  /** A verified buyer reviewed a listing (subject: the seller). */
  "marketplace.review": z.object({
    listingId: z.string(),
    reviewId: z.string(),
    stars: z.number().int().min(1).max(5),
    action: z.enum(["created", "updated", "removed"]),
  }),
  /** A moderation decision about a seller's listing or a buyer's review. */
  "marketplace.moderation": z.object({
    listingId: z.string(),
    version: z.number().int().nullable(),
    decision: z.enum(["approved", "rejected", "taken_down", "review_removed", "review_kept"]),
    reasonCode: z.string().nullable(),
  }),
  /** A payout's Stripe transfer was created (the money is in the payee's connected account). */
  "payout.sent": z.object({
    payoutId: z.string(),
    period: z.string(),
    credits: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
    transferId: z.string(),
  }),
  /** A payout did not reach the payee (refused at creation, or its transfer reversed): the credits are available again. */
  "payout.failed": z.object({
    payoutId: z.string(),
    period: z.string(),
    credits: z.number().int(),
    amount: z.number().int(),
    currency: z.string(),
    reason: z.string(),
  }),
  /** A partner earned (or lost, negative) commission on a referred user's payment or marketplace purchase. */
  "partner.commission": z.object({
    source: z.enum(["payment", "marketplace"]),
    sourceId: z.string(),
    credits: z.number().int(),
    availableAt: z.date(),
  }),
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]>;

/** What the code that makes a fact true hands over. */
export interface DomainEventInput<T extends EventType = EventType> {
  type: T;
  /** The fact's idempotency key (a ledger key, a provider event or payment id...): recorded once per key. */
  dedupeKey: string;
  occurredAt: Date;
  /** Whose fact it is (whose feed, whose analytics). */
  subject: { uid?: string; teamId?: string };
  data: EventData<T>;
}

/** As stored in `events`. */
export interface DomainEventDoc {
  _id: import("mongodb").ObjectId;
  type: EventType;
  dedupe_key: string;
  occurred_at: Date;
  recorded_at: Date;
  uid: string | null;
  team_id: string | null;
  data: Record<string, unknown>;
  /** Set when the retention policy stripped the event to its dedupe key (core/analytics/retention.ts). */
  compacted_at?: Date;
}
