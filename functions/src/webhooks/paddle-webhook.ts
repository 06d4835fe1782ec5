import { createHmac, timingSafeEqual } from "node:crypto";
import type { BilledLine, Claims, Money, PaymentEvent, SubscriptionStatus } from "../core/payments/payment-event";
import { payloadReader, PayloadError, type PayloadReader } from "../core/payments/payload-reader";
import { skuForProviderId } from "../core/payments/sku-for-provider-id";
import { stateVersion } from "../core/payments/subscription-version";
import { headerValue, webhookHandler, type EventEnvelope, type WebhookAdapter } from "../core/payments/webhook-pipeline";
import { PADDLE_PRICES, PADDLE_WEBHOOK_SECRET } from "../platform/params";

/**
 * How old (or how far ahead) a Paddle signature may be. Paddle's SDK allows 5 s, which a cold
 * instance under a burst of first deliveries exceeded before it got to check them (every one refused,
 * only Paddle's retries got in). The window only bounds replays of a captured request; a replay
 * inside it repeats an event id that `webhook_events` has already done, so it changes nothing.
 * Stripe's default, 300 s, also absorbs clock skew. Paddle signs every retry afresh.
 */
export const PADDLE_TOLERANCE_SECONDS = 300;

/**
 * `Paddle-Signature: ts=<unix>;h1=<hex>[;h1=<hex>…]`, h1 = hex HMAC-SHA256(secret, `${ts}:${rawBody}`),
 * over the exact bytes received. Several h1 values are accepted while Paddle rotates the secret; each
 * is compared in constant time. Plain node:crypto: the SDK would cost ~157 ms to load on a cold start.
 */
export function paddleSignatureValid(
  raw: Buffer,
  header: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = PADDLE_TOLERANCE_SECONDS,
): boolean {
  let ts: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    const [key, value] = [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (key === "ts") ts = value;
    else if (key === "h1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value.toLowerCase(), "hex"));
  }
  if (!ts || !/^\d{1,12}$/.test(ts) || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${ts}:`).update(raw).digest();
  let valid = false;
  for (const given of signatures) valid = timingSafeEqual(given, expected) || valid;
  return valid;
}

const STATUS: Record<string, SubscriptionStatus> = {
  active: "active",
  trialing: "trialing",
  past_due: "past_due",
  paused: "paused",
  canceled: "canceled",
};

type SkuFor = (priceId: string | undefined) => string | undefined;

/**
 * Paddle Billing events → PaymentEvent. Our checkout records the transaction it creates; Paddle.js
 * lets the buyer's browser set `customData` on any checkout it opens, so custom_data is kept for
 * admins and never decides anything. A transaction is one payment (a credit pack, or a
 * subscription's billing period) priced by the items billed; refunds and chargebacks are adjustments.
 */
export function paddleAdapter(skuForPrice: SkuFor = () => undefined): WebhookAdapter {
  return {
    provider: "paddle",

    async verify(raw, headers, secret, receivedAt) {
      const signature = headerValue(headers, "paddle-signature");
      if (!signature) throw new Error("no Paddle-Signature header");
      if (!paddleSignatureValid(raw, signature, secret, Math.floor(receivedAt.getTime() / 1000))) {
        throw new Error(`signature mismatch, malformed or more than ${PADDLE_TOLERANCE_SECONDS} s from now`);
      }
      try {
        return JSON.parse(raw.toString("utf8")) as unknown;
      } catch {
        throw new Error("signed body is not JSON");
      }
    },

    envelope(payload) {
      const e = payloadReader(payload);
      return { eventId: e.needStr("event_id"), type: e.needStr("event_type"), occurredAt: e.needDate("occurred_at") };
    },

    normalize(payload, envelope) {
      const e = payloadReader(payload);
      const d = e.obj("data");
      if (!d) throw new PayloadError("data is missing");
      const base = { provider: "paddle" as const, ...envelope };
      if (envelope.type === "transaction.completed") return transactionCompleted(base, d, skuForPrice);
      if (envelope.type === "adjustment.created" || envelope.type === "adjustment.updated") return adjustment(base, d);
      if (envelope.type === "transaction.payment_failed") return transactionFailed(base, d);
      if (envelope.type.startsWith("subscription.") && envelope.type !== "subscription.imported") {
        const status = STATUS[d.needStr("status")] ?? "incomplete";
        const updatedAt = d.date("updated_at") ?? envelope.occurredAt;
        const items = d.list("items");
        const item = items.find((i) => skuForPrice(priceOf(i))) ?? items[0];
        const priceId = item ? priceOf(item) : undefined;
        const transactionId = d.str("transaction_id");
        return {
          ...base,
          kind: "subscription_changed",
          // subscription.created names the transaction (our checkout) that started it.
          checkoutRefs: transactionId ? [transactionId] : [],
          trusted: {},
          claimed: customDataOf(d),
          subscriptionId: d.needStr("id"),
          priceId,
          sku: skuForPrice(priceId),
          status,
          currentPeriodEnd: d.date("current_billing_period.ends_at"),
          cancelAtPeriodEnd: d.str("scheduled_change.action") === "cancel",
          version: stateVersion(updatedAt.getTime(), status),
          customerId: d.str("customer_id"),
        };
      }
      return { ...base, kind: "ignored" };
    },
  };
}

type Base = { provider: "paddle" } & EventEnvelope;

const priceOf = (item: PayloadReader) => item.str("price.id") ?? item.str("price_id");

function customDataOf(o: PayloadReader): Claims {
  return { uid: o.str("custom_data.uid"), sku: o.str("custom_data.sku") };
}

/** Paddle's totals: strings of minor units, subtotal before discount and tax (net of tax for tax-inclusive prices). */
function moneyOf(t: PayloadReader | undefined): Money | undefined {
  const subtotal = t?.int("subtotal");
  if (!t || subtotal === undefined) return undefined;
  return { subtotal, discount: t.int("discount") ?? 0, tax: t.int("tax") ?? 0 };
}

function transactionCompleted(base: Base, t: PayloadReader, skuForPrice: SkuFor): PaymentEvent {
  const subscriptionId = t.str("subscription_id");
  const amount = t.needInt("details.totals.grand_total");
  if (amount === 0) return { ...base, kind: "ignored" };
  const lineItems = t.list("details.line_items");
  const lines: BilledLine[] = t.list("items").map((item) => {
    const priceId = priceOf(item) ?? "(an item without a price)";
    const rate = item.str("proration.rate");
    const money = moneyOf(lineItems.find((l) => l.str("price_id") === priceId)?.obj("totals"));
    return {
      priceId,
      sku: skuForPrice(priceId),
      quantity: item.int("quantity") ?? 1,
      ...(money ? { money } : {}),
      ...(item.obj("proration") ? { proration: rate !== undefined && Number.isFinite(Number(rate)) ? { rate: Number(rate) } : {} } : {}),
    };
  });
  return {
    ...base,
    kind: "payment_succeeded",
    paymentId: t.needStr("id"),
    amount,
    currency: (t.str("details.totals.currency_code") ?? t.needStr("currency_code")).toUpperCase(),
    billed: { lines, totals: moneyOf(t.obj("details.totals")) },
    checkoutRefs: [t.needStr("id")],
    trusted: {},
    claimed: customDataOf(t),
    customerId: t.str("customer_id"),
    ...(subscriptionId
      ? {
          subscription: {
            id: subscriptionId,
            periodStart: t.needDate("billing_period.starts_at"),
            periodEnd: t.needDate("billing_period.ends_at"),
          },
        }
      : {}),
  };
}

/** A transaction whose payment attempt failed: our checkout (the transaction) or subscription record names the payer. */
function transactionFailed(base: Base, t: PayloadReader): PaymentEvent {
  const failed = t.list("payments").find((p) => p.str("status") === "error" || p.str("status") === "failed");
  return {
    ...base,
    kind: "payment_failed",
    paymentId: t.needStr("id"),
    subscriptionId: t.str("subscription_id"),
    amount: t.int("details.totals.grand_total"),
    currency: (t.str("details.totals.currency_code") ?? t.str("currency_code"))?.toUpperCase(),
    reason: failed?.str("error_code"),
    customerId: t.str("customer_id"),
    checkoutRefs: [t.needStr("id")],
    trusted: {},
    claimed: customDataOf(t),
  };
}

/** Refunds need approval: only an approved one takes credits back. A chargeback is final when reported. */
function adjustment(base: Base, a: PayloadReader): PaymentEvent {
  const action = a.str("action");
  const money = {
    paymentId: a.needStr("transaction_id"),
    amount: a.needInt("totals.total"),
    currency: (a.str("totals.currency_code") ?? a.needStr("currency_code")).toUpperCase(),
  };
  if (action === "refund" && a.str("status") === "approved") {
    return { ...base, kind: "refund", refundId: a.needStr("id"), cumulative: false, ...money };
  }
  if (action === "chargeback") return { ...base, kind: "chargeback", disputeId: a.needStr("id"), ...money };
  return { ...base, kind: "ignored" };
}

let adapter: WebhookAdapter | undefined;
/** The operation handler of the `paddleWebhook` function. */
export const handlePaddleWebhook = webhookHandler(
  async () => (adapter ??= paddleAdapter(skuForProviderId("paddle", PADDLE_PRICES))),
  () => PADDLE_WEBHOOK_SECRET.value(),
);
