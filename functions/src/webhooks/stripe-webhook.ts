import type StripeSdk from "stripe";
import { addMonths } from "../core/payments/payment-effects";
import type { BilledLine, Claims, PaymentEvent, SubscriptionStatus } from "../core/payments/payment-event";
import { payloadReader, type PayloadReader } from "../core/payments/payload-reader";
import { skuForProviderId } from "../core/payments/sku-for-provider-id";
import { stateVersion } from "../core/payments/subscription-version";
import { headerValue, webhookHandler, type EventEnvelope, type WebhookAdapter } from "../core/payments/webhook-pipeline";
import { STRIPE_CONNECT_WEBHOOK_SECRET, STRIPE_PRICES, STRIPE_WEBHOOK_SECRET } from "../platform/params";

/** Stripe's own default: a signature older than 5 minutes is a replay. */
export const STRIPE_TOLERANCE_SECONDS = 300;

let sdk: Promise<typeof StripeSdk> | undefined;
const loadStripe = () => (sdk ??= import("stripe").then((m) => m.default));

const STATUS: Record<string, SubscriptionStatus> = {
  active: "active",
  trialing: "trialing",
  past_due: "past_due",
  canceled: "canceled",
  incomplete: "incomplete",
  incomplete_expired: "canceled",
  // Retries exhausted with the invoice left open: no longer paying, no longer entitled.
  unpaid: "paused",
  paused: "paused",
};

/**
 * Stripe events → PaymentEvent (platform endpoint, and `account.updated` from the Connect endpoint). Our checkout records the session (and, once paid, its subscription)
 * and sets `{ uid, sku }` as metadata on the session and on the subscription or payment intent it
 * creates: metadata only the secret key can set, the fallback when our record is missing. A
 * subscription period's sku follows the price billed. One payment keeps one id across events: the
 * payment intent for a credit pack, the invoice for a subscription period (the checkout session of
 * a subscription names its first invoice, so it and that invoice's `invoice.paid` grant once).
 */
export function stripeAdapter(skuForPrice: (priceId: string | undefined) => string | undefined = () => undefined): WebhookAdapter {
  return {
    provider: "stripe",

    async verify(raw, headers, secret, receivedAt) {
      const signature = headerValue(headers, "stripe-signature");
      if (!signature) throw new Error("no Stripe-Signature header");
      const Stripe = await loadStripe();
      return Stripe.webhooks.constructEvent(raw, signature, secret, STRIPE_TOLERANCE_SECONDS, undefined, receivedAt.getTime());
    },

    envelope(payload) {
      const e = payloadReader(payload);
      return { eventId: e.needStr("id"), type: e.needStr("type"), occurredAt: e.needDate("created") };
    },

    normalize(payload, envelope) {
      const e = payloadReader(payload);
      const o = e.obj("data.object");
      const base = { provider: "stripe" as const, ...envelope };
      if (!o) return { ...base, kind: "unprocessable", reason: "data.object is missing" };
      // An event on a connected account (Connect endpoint): about the seller's own Stripe objects.
      // Only the account's state is ours to read; its charges, refunds and disputes are not our payments.
      if (e.str("account") && envelope.type !== "account.updated") return { ...base, kind: "ignored" };
      switch (envelope.type) {
        case "checkout.session.completed":
        case "checkout.session.async_payment_succeeded":
          return checkoutSession(base, o);
        case "invoice.paid":
        case "invoice.payment_succeeded":
          return invoicePaid(base, o, skuForPrice);
        case "customer.subscription.created":
        case "customer.subscription.updated":
        case "customer.subscription.deleted":
        case "customer.subscription.paused":
        case "customer.subscription.resumed":
          return subscription(base, o, envelope.type.endsWith(".deleted"), skuForPrice);
        case "charge.refunded": {
          const total = o.needInt("amount_refunded");
          return {
            ...base,
            kind: "refund",
            paymentId: chargePayment(o),
            refundId: o.list("refunds.data")[0]?.str("id") ?? `${o.needStr("id")}:${total}`,
            amount: total,
            cumulative: true,
            currency: o.needStr("currency").toUpperCase(),
          };
        }
        case "invoice.payment_failed":
          return invoiceFailed(base, o);
        case "transfer.reversed":
          // Metadata on a transfer is set by our payout run with the secret key.
          return {
            ...base,
            kind: "transfer_reversed",
            transferId: o.needStr("id"),
            amountReversed: o.needInt("amount_reversed"),
            payoutId: o.str("metadata.payoutId"),
          };
        case "account.updated":
          return accountUpdated(base, o);
        case "charge.dispute.created":
          return {
            ...base,
            kind: "chargeback",
            paymentId: o.id("payment_intent") ?? o.id("charge") ?? o.needStr("charge"),
            disputeId: o.needStr("id"),
            amount: o.needInt("amount"),
            currency: o.needStr("currency").toUpperCase(),
          };
        default:
          return { ...base, kind: "ignored" };
      }
    },
  };
}

type Base = { provider: "stripe" } & EventEnvelope;
type SkuFor = (priceId: string | undefined) => string | undefined;

/** Metadata on sessions and subscriptions is set by our server with the secret key: trusted. */
function metadataOf(o: PayloadReader | undefined): Claims {
  return { uid: o?.str("metadata.uid"), sku: o?.str("metadata.sku") };
}

function checkoutSession(base: Base, session: PayloadReader): PaymentEvent {
  // Delayed methods (bank debits) complete unpaid; `async_payment_succeeded` follows when they pay.
  if (session.str("payment_status") !== "paid") return { ...base, kind: "ignored" };
  const amount = session.needInt("amount_total");
  const paid = {
    amount,
    currency: session.needStr("currency").toUpperCase(),
    // The session names no price (inline prices have none): our checkout record or metadata says
    // what was sold, and the subtotal before discounts and tax is checked against its list price.
    billed: {
      lines: [],
      totals: {
        subtotal: session.int("amount_subtotal") ?? amount,
        discount: session.int("total_details.amount_discount") ?? 0,
        tax: session.int("total_details.amount_tax") ?? 0,
      },
    },
    checkoutRefs: [session.needStr("id")],
    trusted: metadataOf(session),
    // Payment Links let a URL set client_reference_id: shown to admins, never used.
    claimed: { uid: session.str("client_reference_id") },
    customerId: session.id("customer"),
  };
  if (session.str("mode") === "subscription") {
    const invoice = session.id("invoice");
    // Without the invoice id this cannot be matched to invoice.paid, which grants the period itself.
    if (!invoice) return { ...base, kind: "ignored" };
    const subscriptionId = session.id("subscription");
    return {
      ...base,
      kind: "payment_succeeded",
      paymentId: invoice,
      ...paid,
      // The session does not carry the period; the first one starts now and lasts the plan's month.
      ...(subscriptionId
        ? { subscription: { id: subscriptionId, periodStart: base.occurredAt, periodEnd: addMonths(base.occurredAt, 1) } }
        : {}),
    };
  }
  if (session.str("mode") !== "payment") return { ...base, kind: "ignored" };
  return { ...base, kind: "payment_succeeded", paymentId: session.id("payment_intent") ?? session.needStr("payment_intent"), ...paid };
}

/** An invoice line: its price (API 2025-03-31: `pricing.price_details.price`; older: `price`), amount before discounts, proration flag. */
function billedLine(line: PayloadReader, skuForPrice: SkuFor): BilledLine {
  const priceId = line.id("pricing.price_details.price") ?? line.id("price") ?? "(an item without a price)";
  const amount = line.int("amount");
  const prorated = line.bool("parent.subscription_item_details.proration") ?? line.bool("proration") ?? false;
  return {
    priceId,
    sku: skuForPrice(priceId),
    quantity: line.int("quantity") ?? 1,
    ...(amount !== undefined ? { money: { subtotal: amount, discount: 0, tax: 0 } } : {}),
    ...(prorated ? { proration: {} } : {}),
  };
}

function invoicePaid(base: Base, invoice: PayloadReader, skuForPrice: SkuFor): PaymentEvent {
  // API 2025-03-31 moved subscription fields under `parent.subscription_details`; older versions have them at the top.
  const details = invoice.obj("parent.subscription_details") ?? invoice.obj("subscription_details");
  const subscriptionId = details?.id("subscription") ?? invoice.id("subscription");
  if (!subscriptionId) return { ...base, kind: "ignored" };
  const amount = invoice.needInt("amount_paid");
  // Nothing was paid (a trial or a 100 % discount): no paid period, no grant.
  if (amount === 0) return { ...base, kind: "ignored" };
  const lines = invoice.list("lines.data");
  // The period paid for is a full-price line's (the invoice's own period_* are the previous one's).
  const line =
    lines.find((l) => l.obj("period") && !billedLine(l, skuForPrice).proration) ?? lines.find((l) => l.obj("period")) ?? lines[0];
  const aliases = [invoice.id("payment_intent"), ...invoice.list("payments.data").map((p) => p.id("payment.payment_intent"))].filter(
    (id): id is string => !!id,
  );
  const sum = (path: string) => invoice.list(path).reduce((total, a) => total + (a.int("amount") ?? 0), 0);
  return {
    ...base,
    kind: "payment_succeeded",
    paymentId: invoice.needStr("id"),
    amount,
    currency: invoice.needStr("currency").toUpperCase(),
    // What the subscription is billed for follows its price, not metadata a portal change leaves behind.
    billed: {
      lines: lines.map((l) => billedLine(l, skuForPrice)),
      totals: {
        subtotal: invoice.int("subtotal") ?? amount,
        discount: sum("total_discount_amounts"),
        tax: invoice.int("tax") ?? sum("total_taxes"),
      },
    },
    checkoutRefs: [],
    trusted: { uid: details?.str("metadata.uid") ?? line?.str("metadata.uid") },
    claimed: {},
    customerId: invoice.id("customer"),
    subscription: {
      id: subscriptionId,
      periodStart: line?.date("period.start") ?? invoice.needDate("period_start"),
      periodEnd: line?.date("period.end") ?? invoice.needDate("period_end"),
    },
    ...(aliases.length ? { aliases } : {}),
  };
}

function subscription(base: Base, sub: PayloadReader, deleted: boolean, skuForPrice: SkuFor): PaymentEvent {
  const items = sub.list("items.data");
  const item = items.find((i) => skuForPrice(i.id("price"))) ?? items[0];
  const status = deleted ? "canceled" : (STATUS[sub.needStr("status")] ?? "incomplete");
  const priceId = item?.id("price");
  return {
    ...base,
    kind: "subscription_changed",
    checkoutRefs: [],
    trusted: { uid: metadataOf(sub).uid },
    claimed: {},
    subscriptionId: sub.needStr("id"),
    priceId,
    sku: skuForPrice(priceId),
    status,
    currentPeriodEnd: item?.date("current_period_end") ?? sub.date("current_period_end"),
    cancelAtPeriodEnd: sub.bool("cancel_at_period_end") ?? false,
    // Event times have one-second resolution; `created` and `updated` often share a second.
    version: stateVersion(base.occurredAt.getTime(), status),
    customerId: sub.id("customer"),
  };
}

/** An invoice that could not be paid: no money moved; its subscription's metadata (secret key) names the payer. */
function invoiceFailed(base: Base, invoice: PayloadReader): PaymentEvent {
  const details = invoice.obj("parent.subscription_details") ?? invoice.obj("subscription_details");
  return {
    ...base,
    kind: "payment_failed",
    paymentId: invoice.needStr("id"),
    subscriptionId: details?.id("subscription") ?? invoice.id("subscription"),
    amount: invoice.int("amount_due"),
    currency: invoice.str("currency")?.toUpperCase(),
    // Only when the payment intent was expanded into the event.
    reason: invoice.str("payment_intent.last_payment_error.code") ?? invoice.str("payment_intent.last_payment_error.decline_code"),
    customerId: invoice.id("customer"),
    checkoutRefs: [],
    trusted: { uid: details?.str("metadata.uid") },
    claimed: {},
  };
}

/** A connected account's state (the full Account object); who it belongs to is decided by the account id we stored. */
function accountUpdated(base: Base, account: PayloadReader): PaymentEvent {
  const transfers = account.str("capabilities.transfers");
  const due = account.value("requirements.currently_due");
  return {
    ...base,
    kind: "connect_account_updated",
    accountId: account.needStr("id"),
    transfers: transfers === "active" ? "active" : transfers === "pending" ? "pending" : "inactive",
    payoutsEnabled: account.bool("payouts_enabled") ?? false,
    chargesEnabled: account.bool("charges_enabled") ?? false,
    detailsSubmitted: account.bool("details_submitted") ?? false,
    disabledReason: account.str("requirements.disabled_reason") ?? null,
    currentlyDue: Array.isArray(due) ? due.filter((d): d is string => typeof d === "string").slice(0, 200) : [],
  };
}

/** A charge belongs to an invoice's payment (subscriptions; older API versions name it) or to a payment intent. */
function chargePayment(charge: PayloadReader): string {
  return charge.id("invoice") ?? charge.id("payment_intent") ?? charge.needStr("id");
}

/** The operation handler of the `stripeWebhook` function. */
let adapter: WebhookAdapter | undefined;
export const handleStripeWebhook = webhookHandler(
  async () => (adapter ??= stripeAdapter(skuForProviderId("stripe", STRIPE_PRICES))),
  () => STRIPE_WEBHOOK_SECRET.value(),
  // Events on connected accounts come from a Connect endpoint with its own signing secret (optional).
  () => [STRIPE_CONNECT_WEBHOOK_SECRET.value()],
);
