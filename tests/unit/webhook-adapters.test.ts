import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { PayloadError } from "../../functions/src/core/payments/payload-reader";
import { stateVersion } from "../../functions/src/core/payments/subscription-version";
import type { WebhookAdapter } from "../../functions/src/core/payments/webhook-pipeline";
import { addMonths } from "../../functions/src/core/payments/payment-effects";
import { paddleAdapter } from "../../functions/src/webhooks/paddle-webhook";
import { razorpayAdapter, razorpaySignatureValid } from "../../functions/src/webhooks/razorpay-webhook";
import { stripeAdapter } from "../../functions/src/webhooks/stripe-webhook";
import {
  paddleAdjustment,
  paddleEvent,
  paddleSubscription,
  paddleTransaction,
  razorpayEvent,
  razorpayOrder,
  razorpayPayment,
  razorpaySubscription,
  stripeChargeRefunded,
  stripeCheckoutPayment,
  stripeCheckoutSubscription,
  stripeDispute,
  stripeEvent,
  stripeInvoice,
  stripeSubscription,
  type Delivery,
} from "../support/webhook-events";

/** Each provider's payloads → PaymentEvent (pure), and the signature checks on their own. */
const normalize = (adapter: WebhookAdapter, d: Delivery) => {
  const payload = JSON.parse(d.body);
  const headers = d.eventId ? { "x-razorpay-event-id": d.eventId } : {};
  return adapter.normalize(payload, adapter.envelope(payload, headers, Buffer.from(d.body)));
};
const at = new Date("2026-11-20T10:00:00.000Z");
const end = new Date("2026-12-20T10:00:00.000Z");

describe("stripe", () => {
  const stripe = stripeAdapter((price) => (price === "price_pro" ? "tier_pro_monthly" : undefined));

  it("a paid payment-mode checkout is a credit pack payment keyed by its payment intent", () => {
    expect(normalize(stripe, stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: "u1", sku: "credits_1000", paymentIntent: "pi_1", amount: 500 }), { id: "evt_1", created: at }))).toEqual({
      provider: "stripe",
      eventId: "evt_1",
      type: "checkout.session.completed",
      occurredAt: at,
      kind: "payment_succeeded",
      uid: "u1",
      sku: "credits_1000",
      paymentId: "pi_1",
      amount: 500,
      currency: "USD",
    });
  });

  it("a subscription checkout is keyed by its first invoice, so that invoice's invoice.paid is the same payment", () => {
    const e = normalize(stripe, stripeEvent("checkout.session.completed", stripeCheckoutSubscription({ uid: "u1", sku: "tier_pro_monthly", invoice: "in_1", subscription: "sub_1" }), { created: at }));
    expect(e).toMatchObject({ kind: "payment_succeeded", paymentId: "in_1", subscription: { id: "sub_1", periodStart: at, periodEnd: addMonths(at, 1) } });
  });

  it("invoice.paid: the line's period, metadata from subscription_details, the payment intent as an alias", () => {
    const e = normalize(stripe, stripeEvent("invoice.paid", stripeInvoice({ id: "in_2", uid: "u1", sku: "tier_pro_monthly", subscription: "sub_1", periodStart: at, periodEnd: end, paymentIntent: "pi_9" })));
    expect(e).toMatchObject({ kind: "payment_succeeded", paymentId: "in_2", uid: "u1", sku: "tier_pro_monthly", aliases: ["pi_9"], subscription: { id: "sub_1", periodStart: at, periodEnd: end } });
  });

  it("invoice.paid of an older API version (subscription at the top, price on the line) maps the price to a sku", () => {
    const invoice = {
      id: "in_3",
      object: "invoice",
      amount_paid: 1900,
      currency: "usd",
      subscription: "sub_2",
      payment_intent: "pi_3",
      period_start: 1,
      period_end: 2,
      lines: { data: [{ price: { id: "price_pro" }, metadata: {}, period: { start: at.getTime() / 1000, end: end.getTime() / 1000 } }] },
    };
    expect(normalize(stripe, stripeEvent("invoice.paid", invoice))).toMatchObject({ paymentId: "in_3", sku: "tier_pro_monthly", uid: undefined, aliases: ["pi_3"], subscription: { id: "sub_2" } });
  });

  it.each([
    ["an unpaid checkout", stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: "u1", sku: "credits_1000", paymentIntent: "pi_1", paid: false }))],
    ["a $0 invoice (trial)", stripeEvent("invoice.paid", stripeInvoice({ id: "in_0", uid: "u1", sku: "tier_pro_monthly", subscription: "sub_1", periodStart: at, periodEnd: end, amount: 0 }))],
    ["an invoice without a subscription", stripeEvent("invoice.paid", { id: "in_x", object: "invoice", amount_paid: 100, currency: "usd", lines: { data: [] } })],
    ["an unknown type", stripeEvent("customer.created", { id: "cus_1" })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(stripe, d).kind).toBe("ignored");
  });

  it("subscription events: status, period end, cancel flag; deleted is canceled; version orders by time, then lifecycle", () => {
    const updated = normalize(stripe, stripeEvent("customer.subscription.updated", stripeSubscription({ id: "sub_1", uid: "u1", sku: "tier_team_monthly", status: "past_due", periodEnd: end, cancelAtPeriodEnd: true }), { created: at }));
    expect(updated).toMatchObject({ kind: "subscription_changed", subscriptionId: "sub_1", status: "past_due", currentPeriodEnd: end, cancelAtPeriodEnd: true, version: stateVersion(at.getTime(), "past_due") });
    const deleted = normalize(stripe, stripeEvent("customer.subscription.deleted", stripeSubscription({ id: "sub_1", uid: "u1", sku: "tier_team_monthly", status: "active", periodEnd: end }), { created: at }));
    expect(deleted).toMatchObject({ status: "canceled" });
    expect((deleted as { version: number }).version).toBeGreaterThan((updated as { version: number }).version);
    expect(stateVersion(at.getTime() + 1000, "incomplete")).toBeGreaterThan(stateVersion(at.getTime(), "canceled"));
  });

  it("charge.refunded is cumulative; a charge of an invoice (older API) refers to the invoice", () => {
    expect(normalize(stripe, stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: "pi_1", amount: 500, amountRefunded: 200, refundId: "re_1" })))).toMatchObject({
      kind: "refund",
      paymentId: "pi_1",
      refundId: "re_1",
      amount: 200,
      cumulative: true,
    });
    expect(normalize(stripe, stripeEvent("charge.refunded", { ...stripeChargeRefunded({ paymentIntent: "pi_1", amount: 500, amountRefunded: 500 }), invoice: "in_7" }))).toMatchObject({ paymentId: "in_7" });
  });

  it("charge.dispute.created is a chargeback of the payment intent", () => {
    expect(normalize(stripe, stripeEvent("charge.dispute.created", stripeDispute({ id: "dp_1", paymentIntent: "pi_1", amount: 500 })))).toMatchObject({ kind: "chargeback", paymentId: "pi_1", disputeId: "dp_1", amount: 500 });
  });

  it("a known type without the fields we need throws a PayloadError (recorded as unprocessable)", () => {
    expect(() => normalize(stripe, stripeEvent("charge.refunded", { id: "ch_1", object: "charge", currency: "usd" }))).toThrow(PayloadError);
  });

  it("verifies with Stripe's scheme and tolerance", async () => {
    const body = stripeEvent("customer.created", { id: "cus_1" }).body;
    const sdk = new Stripe("sk_test_unused");
    const header = (secret: string, timestamp = Math.floor(Date.now() / 1000)) => ({ "stripe-signature": sdk.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) });
    await expect(stripe.verify(Buffer.from(body), header("whsec_a"), "whsec_a")).resolves.toMatchObject({ id: JSON.parse(body).id });
    await expect(stripe.verify(Buffer.from(body), header("whsec_b"), "whsec_a")).rejects.toThrow();
    await expect(stripe.verify(Buffer.from(body), header("whsec_a", Math.floor(Date.now() / 1000) - 400), "whsec_a")).rejects.toThrow();
    await expect(stripe.verify(Buffer.from(body), {}, "whsec_a")).rejects.toThrow(/Stripe-Signature/);
  });
});

describe("razorpay", () => {
  const razorpay = razorpayAdapter((plan) => (plan === "plan_unmapped" ? "tier_team_monthly" : undefined));

  it("takes the event id from X-Razorpay-Event-Id, else from the body's hash", () => {
    const d = razorpayEvent("order.paid", { payment: razorpayPayment({ id: "pay_1" }), order: razorpayOrder({ id: "order_1" }) }, { eventId: "evt_h" });
    const payload = JSON.parse(d.body);
    expect(razorpay.envelope(payload, { "x-razorpay-event-id": "evt_h" }, Buffer.from(d.body)).eventId).toBe("evt_h");
    expect(razorpay.envelope(payload, {}, Buffer.from(d.body)).eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("order.paid and payment.captured of one payment share the payment id; notes come from the order", () => {
    const orderPaid = normalize(razorpay, razorpayEvent("order.paid", { payment: razorpayPayment({ id: "pay_1", orderId: "order_1" }), order: razorpayOrder({ id: "order_1", notes: { uid: "u1", sku: "credits_1000" } }) }));
    const captured = normalize(razorpay, razorpayEvent("payment.captured", { payment: razorpayPayment({ id: "pay_1", orderId: "order_1", notes: { uid: "u1", sku: "credits_1000" } }) }));
    for (const e of [orderPaid, captured]) expect(e).toMatchObject({ kind: "payment_succeeded", paymentId: "pay_1", uid: "u1", sku: "credits_1000", amount: 39_900, currency: "INR" });
  });

  it.each([
    ["a subscription's payment.captured (subscription.charged reports it)", razorpayEvent("payment.captured", { payment: razorpayPayment({ id: "pay_2", invoiceId: "inv_1", notes: { uid: "u1", sku: "tier_pro_monthly" } }) })],
    ["a payment.captured without notes but with an order (order.paid reports it)", razorpayEvent("payment.captured", { payment: razorpayPayment({ id: "pay_3", orderId: "order_3" }) })],
    ["an unknown type", razorpayEvent("invoice.paid", { invoice: { entity: { id: "inv_1" } } })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(razorpay, d).kind).toBe("ignored");
  });

  it("subscription.charged is the period's payment and the subscription's state; the plan maps to a sku without notes", () => {
    const e = normalize(razorpay, razorpayEvent("subscription.charged", {
      subscription: razorpaySubscription({ id: "sub_1", status: "active", notes: { uid: "u1" }, currentStart: at, currentEnd: end }),
      payment: razorpayPayment({ id: "pay_4", amount: 799_900 }),
    }, { createdAt: at }));
    expect(e).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "pay_4",
      uid: "u1",
      sku: "tier_team_monthly",
      subscription: { id: "sub_1", periodStart: at, periodEnd: end },
      subscriptionState: { subscriptionId: "sub_1", status: "active", currentPeriodEnd: end, version: stateVersion(at.getTime(), "active") },
    });
    expect((e as { subscriptionState: { cancelAtPeriodEnd?: boolean } }).subscriptionState.cancelAtPeriodEnd).toBeUndefined();
  });

  it.each([
    ["cancelled", "canceled"],
    ["halted", "paused"],
    ["pending", "past_due"],
    ["authenticated", "incomplete"],
    ["completed", "canceled"],
  ])("subscription status %s → %s", (status, expected) => {
    expect(normalize(razorpay, razorpayEvent(`subscription.${status}`, { subscription: razorpaySubscription({ id: "sub_1", status, notes: { uid: "u1", sku: "tier_pro_monthly" } }) }))).toMatchObject({ kind: "subscription_changed", status: expected });
  });

  it("refund.processed is one refund (not cumulative); payment.dispute.created a chargeback", () => {
    expect(normalize(razorpay, razorpayEvent("refund.processed", { refund: { entity: { id: "rfnd_1", payment_id: "pay_1", amount: 100, currency: "INR" } } }))).toMatchObject({
      kind: "refund",
      paymentId: "pay_1",
      refundId: "rfnd_1",
      amount: 100,
      cumulative: false,
    });
    expect(normalize(razorpay, razorpayEvent("payment.dispute.created", { dispute: { entity: { id: "disp_1", payment_id: "pay_1", amount: 100, currency: "INR" } } }))).toMatchObject({ kind: "chargeback", disputeId: "disp_1" });
  });

  it("checks the hex HMAC in constant time, refusing other lengths first", () => {
    const raw = Buffer.from('{"event":"x"}');
    const good = createHmac("sha256", "s").update(raw).digest("hex");
    expect(razorpaySignatureValid(raw, good, "s")).toBe(true);
    expect(razorpaySignatureValid(raw, good.toUpperCase(), "s")).toBe(false);
    expect(razorpaySignatureValid(raw, good.slice(1), "s")).toBe(false);
    expect(razorpaySignatureValid(raw, good, "t")).toBe(false);
  });
});

describe("paddle", () => {
  const paddle = paddleAdapter((price) => (price === "pri_unmapped" ? "credits_5000" : undefined));

  it("transaction.completed: amounts from string minor units, a subscription's billing period", () => {
    expect(normalize(paddle, paddleEvent("transaction.completed", paddleTransaction({ id: "txn_1", uid: "u1", sku: "tier_pro_monthly", total: 1900, subscriptionId: "sub_1", periodStart: at, periodEnd: end }), { eventId: "evt_p", occurredAt: at }))).toEqual({
      provider: "paddle",
      eventId: "evt_p",
      type: "transaction.completed",
      occurredAt: at,
      kind: "payment_succeeded",
      uid: "u1",
      sku: "tier_pro_monthly",
      paymentId: "txn_1",
      amount: 1900,
      currency: "USD",
      subscription: { id: "sub_1", periodStart: at, periodEnd: end },
    });
  });

  it("maps the item's price to a sku when custom_data is missing", () => {
    expect(normalize(paddle, paddleEvent("transaction.completed", paddleTransaction({ id: "txn_2", total: 2000 })))).toMatchObject({ sku: "credits_5000", uid: undefined });
  });

  it("subscription events: version from updated_at (ms), a scheduled cancel", () => {
    const e = normalize(paddle, paddleEvent("subscription.updated", paddleSubscription({ id: "sub_1", uid: "u1", sku: "tier_pro_monthly", status: "active", updatedAt: at, periodEnd: end, cancelScheduled: true })));
    expect(e).toMatchObject({ kind: "subscription_changed", status: "active", cancelAtPeriodEnd: true, currentPeriodEnd: end, version: stateVersion(at.getTime(), "active") });
  });

  it.each([
    ["a refund awaiting approval", paddleEvent("adjustment.created", paddleAdjustment({ id: "adj_1", transactionId: "txn_1", action: "refund", total: 100, status: "pending_approval" }))],
    ["a credit adjustment", paddleEvent("adjustment.created", paddleAdjustment({ id: "adj_2", transactionId: "txn_1", action: "credit", total: 100 }))],
    ["a free transaction", paddleEvent("transaction.completed", paddleTransaction({ id: "txn_3", uid: "u1", sku: "credits_1000", total: 0 }))],
    ["an unknown type", paddleEvent("customer.created", { id: "ctm_1" })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(paddle, d).kind).toBe("ignored");
  });

  it("an approved refund (created or updated) is one refund; a chargeback is a chargeback", () => {
    for (const type of ["adjustment.created", "adjustment.updated"]) {
      expect(normalize(paddle, paddleEvent(type, paddleAdjustment({ id: "adj_1", transactionId: "txn_1", action: "refund", total: 100 })))).toMatchObject({ kind: "refund", paymentId: "txn_1", refundId: "adj_1", amount: 100, cumulative: false });
    }
    expect(normalize(paddle, paddleEvent("adjustment.created", paddleAdjustment({ id: "adj_3", transactionId: "txn_1", action: "chargeback", total: 500 })))).toMatchObject({ kind: "chargeback", disputeId: "adj_3", amount: 500 });
  });

  it("verifies ts;h1 with the SDK, rejecting a signature older than 5 s", async () => {
    const body = paddleEvent("customer.created", { id: "ctm_1" }).body;
    const sign = (secret: string, ts = Math.floor(Date.now() / 1000)) => ({ "paddle-signature": `ts=${ts};h1=${createHmac("sha256", secret).update(`${ts}:${body}`).digest("hex")}` });
    await expect(paddle.verify(Buffer.from(body), sign("pdl_a"), "pdl_a")).resolves.toMatchObject({ event_type: "customer.created" });
    await expect(paddle.verify(Buffer.from(body), sign("pdl_b"), "pdl_a")).rejects.toThrow();
    await expect(paddle.verify(Buffer.from(body), sign("pdl_a", Math.floor(Date.now() / 1000) - 6), "pdl_a")).rejects.toThrow();
    await expect(paddle.verify(Buffer.from(body), { "paddle-signature": "h1=abc" }, "pdl_a")).rejects.toThrow();
  });
});

describe("addMonths", () => {
  it.each([
    ["2026-01-31T12:00:00.000Z", "2026-02-28T12:00:00.000Z"],
    ["2026-12-15T00:00:00.000Z", "2027-01-15T00:00:00.000Z"],
    ["2028-01-30T00:00:00.000Z", "2028-02-29T00:00:00.000Z"],
  ])("%s + 1 month = %s", (from, to) => {
    expect(addMonths(new Date(from), 1).toISOString()).toBe(to);
  });
});
