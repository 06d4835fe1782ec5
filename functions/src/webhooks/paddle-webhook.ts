import type { PaymentEvent, SubscriptionStatus } from "../core/payments/payment-event";
import { payloadReader, PayloadError, type PayloadReader } from "../core/payments/payload-reader";
import { skuForProviderId } from "../core/payments/sku-for-provider-id";
import { stateVersion } from "../core/payments/subscription-version";
import { headerValue, webhookHandler, type EventEnvelope, type WebhookAdapter } from "../core/payments/webhook-pipeline";
import { PADDLE_PRICES, PADDLE_WEBHOOK_SECRET } from "../platform/params";

type PaddleWebhooks = { isSignatureValid(body: string, secret: string, signature: string): Promise<boolean> };
let sdk: Promise<PaddleWebhooks> | undefined;
/** The SDK's verifier (HMAC of `${ts}:${body}`, rejecting signatures more than 5 s old); no API key is needed for it. */
const loadVerifier = () => (sdk ??= import("@paddle/paddle-node-sdk").then((m) => new m.Paddle("webhook-verification-only").webhooks));

const STATUS: Record<string, SubscriptionStatus> = {
  active: "active",
  trialing: "trialing",
  past_due: "past_due",
  paused: "paused",
  canceled: "canceled",
};

/**
 * Paddle Billing events → PaymentEvent. Our checkout puts `{ uid, sku }` in the transaction's
 * custom_data (Paddle copies it to the subscription it creates). A transaction is one payment (a
 * credit pack, or a subscription's billing period); refunds and chargebacks are adjustments to it.
 */
export function paddleAdapter(skuForPrice: (priceId: string | undefined) => string | undefined = () => undefined): WebhookAdapter {
  return {
    provider: "paddle",

    async verify(raw, headers, secret) {
      const signature = headerValue(headers, "paddle-signature");
      if (!signature) throw new Error("no Paddle-Signature header");
      const body = raw.toString("utf8");
      if (!(await (await loadVerifier()).isSignatureValid(body, secret, signature))) throw new Error("signature mismatch or older than 5 s");
      try {
        return JSON.parse(body) as unknown;
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
      if (envelope.type.startsWith("subscription.") && envelope.type !== "subscription.imported") {
        const status = STATUS[d.needStr("status")] ?? "incomplete";
        const updatedAt = d.date("updated_at") ?? envelope.occurredAt;
        return {
          ...base,
          kind: "subscription_changed",
          uid: d.str("custom_data.uid"),
          subscriptionId: d.needStr("id"),
          sku: d.str("custom_data.sku") ?? skuForPrice(d.list("items")[0]?.str("price.id")),
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

function transactionCompleted(base: Base, t: PayloadReader, skuForPrice: (id: string | undefined) => string | undefined): PaymentEvent {
  const subscriptionId = t.str("subscription_id");
  const amount = t.needInt("details.totals.grand_total");
  if (amount === 0) return { ...base, kind: "ignored" };
  return {
    ...base,
    kind: "payment_succeeded",
    uid: t.str("custom_data.uid"),
    sku: t.str("custom_data.sku") ?? skuForPrice(t.list("items")[0]?.str("price.id")),
    paymentId: t.needStr("id"),
    amount,
    currency: (t.str("details.totals.currency_code") ?? t.needStr("currency_code")).toUpperCase(),
    ...(subscriptionId
      ? { subscription: { id: subscriptionId, periodStart: t.needDate("billing_period.starts_at"), periodEnd: t.needDate("billing_period.ends_at") } }
      : {}),
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
