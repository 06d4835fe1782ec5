import type StripeSdk from "stripe";
import { addMonths } from "../core/payments/payment-effects";
import type { PaymentEvent, SubscriptionStatus } from "../core/payments/payment-event";
import { payloadReader, type PayloadReader } from "../core/payments/payload-reader";
import { skuForProviderId } from "../core/payments/sku-for-provider-id";
import { stateVersion } from "../core/payments/subscription-version";
import { headerValue, webhookHandler, type EventEnvelope, type WebhookAdapter } from "../core/payments/webhook-pipeline";
import { STRIPE_PRICES, STRIPE_WEBHOOK_SECRET } from "../platform/params";

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
 * Stripe events → PaymentEvent. Our checkout sets `{ uid, sku }` as metadata on the session and on
 * the subscription or payment intent it creates. One payment keeps one id across events: the
 * payment intent for a credit pack, the invoice for a subscription period (the checkout session of
 * a subscription names its first invoice, so it and that invoice's `invoice.paid` grant once).
 */
export function stripeAdapter(skuForPrice: (priceId: string | undefined) => string | undefined = () => undefined): WebhookAdapter {
  return {
    provider: "stripe",

    async verify(raw, headers, secret) {
      const signature = headerValue(headers, "stripe-signature");
      if (!signature) throw new Error("no Stripe-Signature header");
      const Stripe = await loadStripe();
      return Stripe.webhooks.constructEvent(raw, signature, secret, STRIPE_TOLERANCE_SECONDS);
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

function metadataOf(o: PayloadReader | undefined): { uid?: string; sku?: string } {
  return { uid: o?.str("metadata.uid"), sku: o?.str("metadata.sku") };
}

function checkoutSession(base: Base, session: PayloadReader): PaymentEvent {
  // Delayed methods (bank debits) complete unpaid; `async_payment_succeeded` follows when they pay.
  if (session.str("payment_status") !== "paid") return { ...base, kind: "ignored" };
  const { uid = session.str("client_reference_id"), sku } = metadataOf(session);
  const money = { amount: session.needInt("amount_total"), currency: session.needStr("currency").toUpperCase() };
  if (session.str("mode") === "subscription") {
    const invoice = session.id("invoice");
    // Without the invoice id this cannot be matched to invoice.paid, which grants the period itself.
    if (!invoice) return { ...base, kind: "ignored" };
    const subscriptionId = session.id("subscription");
    return {
      ...base,
      kind: "payment_succeeded",
      uid,
      sku,
      paymentId: invoice,
      ...money,
      // The session does not carry the period; the first one starts now and lasts the plan's month.
      ...(subscriptionId ? { subscription: { id: subscriptionId, periodStart: base.occurredAt, periodEnd: addMonths(base.occurredAt, 1) } } : {}),
    };
  }
  if (session.str("mode") !== "payment") return { ...base, kind: "ignored" };
  return { ...base, kind: "payment_succeeded", uid, sku, paymentId: session.id("payment_intent") ?? session.needStr("payment_intent"), ...money };
}

function invoicePaid(base: Base, invoice: PayloadReader, skuForPrice: (id: string | undefined) => string | undefined): PaymentEvent {
  // API 2025-03-31 moved subscription fields under `parent.subscription_details`; older versions have them at the top.
  const details = invoice.obj("parent.subscription_details") ?? invoice.obj("subscription_details");
  const subscriptionId = details?.id("subscription") ?? invoice.id("subscription");
  if (!subscriptionId) return { ...base, kind: "ignored" };
  const amount = invoice.needInt("amount_paid");
  // Nothing was paid (a trial or a 100 % discount): no paid period, no grant.
  if (amount === 0) return { ...base, kind: "ignored" };
  const lines = invoice.list("lines.data");
  const line = lines.find((l) => l.obj("period")) ?? lines[0];
  const meta = { ...metadataOf(line), ...stripUndefined(metadataOf(details)) };
  const priceId = line?.id("pricing.price_details.price") ?? line?.id("price");
  const aliases = [invoice.id("payment_intent"), ...invoice.list("payments.data").map((p) => p.id("payment.payment_intent"))].filter(
    (id): id is string => !!id,
  );
  return {
    ...base,
    kind: "payment_succeeded",
    uid: meta.uid,
    sku: meta.sku ?? skuForPrice(priceId),
    paymentId: invoice.needStr("id"),
    amount,
    currency: invoice.needStr("currency").toUpperCase(),
    // The line's period is the one paid for (the invoice's own period_* are the previous one's).
    subscription: {
      id: subscriptionId,
      periodStart: line?.date("period.start") ?? invoice.needDate("period_start"),
      periodEnd: line?.date("period.end") ?? invoice.needDate("period_end"),
    },
    ...(aliases.length ? { aliases } : {}),
  };
}

function subscription(base: Base, sub: PayloadReader, deleted: boolean, skuForPrice: (id: string | undefined) => string | undefined): PaymentEvent {
  const item = sub.list("items.data")[0];
  const status = deleted ? "canceled" : (STATUS[sub.needStr("status")] ?? "incomplete");
  const { uid, sku } = metadataOf(sub);
  return {
    ...base,
    kind: "subscription_changed",
    uid,
    subscriptionId: sub.needStr("id"),
    sku: sku ?? skuForPrice(item?.id("price")),
    status,
    currentPeriodEnd: item?.date("current_period_end") ?? sub.date("current_period_end"),
    cancelAtPeriodEnd: sub.bool("cancel_at_period_end") ?? false,
    // Event times have one-second resolution; `created` and `updated` often share a second.
    version: stateVersion(base.occurredAt.getTime(), status),
    customerId: sub.id("customer"),
  };
}

/** A charge belongs to an invoice's payment (subscriptions; older API versions name it) or to a payment intent. */
function chargePayment(charge: PayloadReader): string {
  return charge.id("invoice") ?? charge.id("payment_intent") ?? charge.needStr("id");
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The operation handler of the `stripeWebhook` function. */
let adapter: WebhookAdapter | undefined;
export const handleStripeWebhook = webhookHandler(
  async () => (adapter ??= stripeAdapter(skuForProviderId("stripe", STRIPE_PRICES))),
  () => STRIPE_WEBHOOK_SECRET.value(),
);
