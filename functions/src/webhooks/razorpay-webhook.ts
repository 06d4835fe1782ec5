import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Claims, PaymentEvent, SubscriptionState, SubscriptionStatus } from "../core/payments/payment-event";
import { payloadReader, PayloadError, type PayloadReader } from "../core/payments/payload-reader";
import { skuForProviderId } from "../core/payments/sku-for-provider-id";
import { stateVersion } from "../core/payments/subscription-version";
import { headerValue, webhookHandler, type EventEnvelope, type WebhookAdapter } from "../core/payments/webhook-pipeline";
import { RAZORPAY_PLANS, RAZORPAY_WEBHOOK_SECRET } from "../platform/params";

/** hex HMAC-SHA256 of the raw body with the webhook secret, compared in constant time. */
export function razorpaySignatureValid(raw: Buffer, signature: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(raw).digest("hex"), "utf8");
  const given = Buffer.from(signature, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const STATUS: Record<string, SubscriptionStatus> = {
  created: "incomplete",
  // Mandate set up, first charge still to come.
  authenticated: "incomplete",
  active: "active",
  pending: "past_due",
  // Retries exhausted: not paying any more.
  halted: "paused",
  paused: "paused",
  cancelled: "canceled",
  completed: "canceled",
  expired: "canceled",
};

/**
 * Razorpay events → PaymentEvent. Razorpay signs the body but puts no id in it: the event id is the
 * `X-Razorpay-Event-Id` header. Our checkout records the order or subscription it creates and puts
 * `{ uid, sku }` in its notes (key secret only). A credit pack paid through an order is reported
 * twice (payment.captured, order.paid), both keyed by the payment id; a subscription period by
 * subscription.charged (its payment id), priced by the plan charged.
 */
export function razorpayAdapter(skuForPlan: (planId: string | undefined) => string | undefined = () => undefined): WebhookAdapter {
  return {
    provider: "razorpay",

    async verify(raw, headers, secret) {
      const signature = headerValue(headers, "x-razorpay-signature");
      if (!signature) throw new Error("no X-Razorpay-Signature header");
      if (!razorpaySignatureValid(raw, signature, secret)) throw new Error("signature mismatch");
      try {
        return JSON.parse(raw.toString("utf8")) as unknown;
      } catch {
        throw new Error("signed body is not JSON");
      }
    },

    envelope(payload, headers, raw) {
      const e = payloadReader(payload);
      // Without the header (never seen), identical redeliveries still share an id: the body's hash.
      const eventId = headerValue(headers, "x-razorpay-event-id") || `sha256:${createHash("sha256").update(raw).digest("hex")}`;
      if (eventId.length > 200) throw new PayloadError("X-Razorpay-Event-Id is too long");
      return { eventId, type: e.needStr("event"), occurredAt: e.needDate("created_at") };
    },

    normalize(payload, envelope) {
      const e = payloadReader(payload);
      const base = { provider: "razorpay" as const, ...envelope };
      const payment = e.obj("payload.payment.entity");
      switch (envelope.type) {
        case "payment.captured": {
          const p = need(payment, "payload.payment.entity");
          // A subscription's payment: subscription.charged reports it with its period.
          if (p.str("invoice_id")) return { ...base, kind: "ignored" };
          // Through one of our orders: our checkout record says who and what; when it cannot,
          // order.paid reports this payment with the order's notes. Without an order nothing of
          // ours names the buyer: the payment is held, its notes kept for an admin.
          const orderId = p.str("order_id");
          return {
            ...paid(base, p, undefined),
            checkoutRefs: orderId ? [orderId] : [],
            ...(orderId ? { laterEventAttributes: true } : {}),
          };
        }
        case "order.paid": {
          const p = need(payment, "payload.payment.entity");
          if (p.str("invoice_id")) return { ...base, kind: "ignored" };
          const order = e.obj("payload.order.entity");
          const orderId = order?.str("id") ?? p.str("order_id");
          return { ...paid(base, p, order), checkoutRefs: orderId ? [orderId] : [] };
        }
        case "subscription.charged": {
          const p = need(payment, "payload.payment.entity");
          const s = need(e.obj("payload.subscription.entity"), "payload.subscription.entity");
          const state = subscriptionState(base, s, skuForPlan);
          const amount = p.needInt("amount");
          return {
            ...base,
            kind: "payment_succeeded",
            paymentId: p.needStr("id"),
            amount,
            currency: p.needStr("currency").toUpperCase(),
            // The plan actually charged decides the sku; the amount must be its price.
            billed: {
              lines: [{ priceId: s.needStr("plan_id"), sku: state.sku, quantity: s.int("quantity") ?? 1 }],
              totals: { subtotal: amount, discount: 0, tax: 0 },
            },
            checkoutRefs: [],
            trusted: { uid: s.str("notes.uid") },
            claimed: notesOf(p),
            customerId: p.str("customer_id") ?? s.str("customer_id"),
            subscription: { id: s.needStr("id"), periodStart: s.needDate("current_start"), periodEnd: s.needDate("current_end") },
            subscriptionState: state,
          };
        }
        case "payment.failed": {
          const p = need(payment, "payload.payment.entity");
          const orderId = p.str("order_id");
          // Our order (checkout record) names the payer; the payment's own notes are the browser's.
          return {
            ...base,
            kind: "payment_failed",
            paymentId: p.needStr("id"),
            amount: p.int("amount"),
            currency: p.str("currency")?.toUpperCase(),
            reason: p.str("error_code") ?? p.str("error_reason"),
            customerId: p.str("customer_id"),
            checkoutRefs: orderId ? [orderId] : [],
            trusted: {},
            claimed: notesOf(p),
          };
        }
        case "refund.processed": {
          const r = need(e.obj("payload.refund.entity"), "payload.refund.entity");
          return {
            ...base,
            kind: "refund",
            paymentId: r.needStr("payment_id"),
            refundId: r.needStr("id"),
            amount: r.needInt("amount"),
            cumulative: false,
            currency: r.needStr("currency").toUpperCase(),
          };
        }
        case "payment.dispute.created": {
          const d = need(e.obj("payload.dispute.entity"), "payload.dispute.entity");
          return {
            ...base,
            kind: "chargeback",
            paymentId: d.needStr("payment_id"),
            disputeId: d.needStr("id"),
            amount: d.needInt("amount"),
            currency: d.needStr("currency").toUpperCase(),
          };
        }
        default:
          if (envelope.type.startsWith("subscription.")) {
            const s = need(e.obj("payload.subscription.entity"), "payload.subscription.entity");
            return {
              ...base,
              kind: "subscription_changed",
              checkoutRefs: [],
              trusted: { uid: s.str("notes.uid") },
              claimed: {},
              ...subscriptionState(base, s, skuForPlan),
            };
          }
          return { ...base, kind: "ignored" };
      }
    },
  };
}

type Base = { provider: "razorpay" } & EventEnvelope;

function need(r: PayloadReader | undefined, path: string): PayloadReader {
  if (!r) throw new PayloadError(`${path} is missing`);
  return r;
}

function notesOf(r: PayloadReader | undefined): Claims {
  return { uid: r?.str("notes.uid"), sku: r?.str("notes.sku") };
}

/**
 * A credit pack paid through an order. Order notes are set by our server with the key secret
 * (trusted); payment notes come from Razorpay Checkout's `notes` option in the buyer's browser
 * (claimed: kept for an admin, never used).
 */
function paid(base: Base, payment: PayloadReader, order: PayloadReader | undefined): Extract<PaymentEvent, { kind: "payment_succeeded" }> {
  const amount = payment.needInt("amount");
  return {
    ...base,
    kind: "payment_succeeded",
    paymentId: payment.needStr("id"),
    amount,
    currency: payment.needStr("currency").toUpperCase(),
    // An order names no price: what our checkout sold is checked against the amount captured.
    billed: { lines: [], totals: { subtotal: amount, discount: 0, tax: 0 } },
    checkoutRefs: [],
    trusted: notesOf(order),
    claimed: notesOf(payment),
  };
}

function subscriptionState(base: Base, s: PayloadReader, skuForPlan: (id: string | undefined) => string | undefined): SubscriptionState {
  const status = STATUS[s.needStr("status")] ?? "incomplete";
  const planId = s.str("plan_id");
  return {
    subscriptionId: s.needStr("id"),
    priceId: planId,
    sku: skuForPlan(planId),
    status,
    currentPeriodEnd: s.date("current_end"),
    // Razorpay has no state timestamp on the entity: the event's second, ordered by lifecycle within it.
    version: stateVersion(base.occurredAt.getTime(), status),
    customerId: s.str("customer_id"),
  };
}

let adapter: WebhookAdapter | undefined;
/** The operation handler of the `razorpayWebhook` function. */
export const handleRazorpayWebhook = webhookHandler(
  async () => (adapter ??= razorpayAdapter(skuForProviderId("razorpay", RAZORPAY_PLANS))),
  () => RAZORPAY_WEBHOOK_SECRET.value(),
);
