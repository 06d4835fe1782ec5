import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { PayloadError } from "../../functions/src/core/payments/payload-reader";
import { stateVersion } from "../../functions/src/core/payments/subscription-version";
import type { WebhookAdapter } from "../../functions/src/core/payments/webhook-pipeline";
import { addMonths } from "../../functions/src/core/payments/payment-effects";
import { paddleAdapter, paddleSignatureValid } from "../../functions/src/webhooks/paddle-webhook";
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
  stripeInvoiceLine,
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
  const stripe = stripeAdapter((price) => ({ price_pro_fake: "tier_pro_monthly", price_team_fake: "tier_team_monthly" })[price ?? ""]);

  it("a paid payment-mode checkout is a pack payment keyed by its payment intent; our session is the checkout ref, metadata trusted, client_reference_id only claimed", () => {
    const session = {
      ...stripeCheckoutPayment({
        uid: "u1",
        sku: "credits_1000",
        paymentIntent: "pi_1",
        amount: 400,
        subtotal: 500,
        sessionId: "cs_1",
        customer: "cus_1",
      }),
      client_reference_id: "u_other",
    };
    expect(normalize(stripe, stripeEvent("checkout.session.completed", session, { id: "evt_1", created: at }))).toEqual({
      provider: "stripe",
      eventId: "evt_1",
      type: "checkout.session.completed",
      occurredAt: at,
      kind: "payment_succeeded",
      paymentId: "pi_1",
      amount: 400,
      currency: "USD",
      billed: { lines: [], totals: { subtotal: 500, discount: 100, tax: 0 } },
      checkoutRefs: ["cs_1"],
      trusted: { uid: "u1", sku: "credits_1000" },
      claimed: { uid: "u_other" },
      customerId: "cus_1",
    });
  });

  it("a subscription checkout is keyed by its first invoice, so that invoice's invoice.paid is the same payment", () => {
    const e = normalize(
      stripe,
      stripeEvent(
        "checkout.session.completed",
        stripeCheckoutSubscription({ uid: "u1", sku: "tier_pro_monthly", invoice: "in_1", subscription: "sub_1" }),
        { created: at },
      ),
    );
    expect(e).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "in_1",
      subscription: { id: "sub_1", periodStart: at, periodEnd: addMonths(at, 1) },
    });
  });

  it("invoice.paid: the line's price and period, the uid (not the sku) from subscription_details metadata, the payment intent as an alias", () => {
    const e = normalize(
      stripe,
      stripeEvent(
        "invoice.paid",
        stripeInvoice({
          id: "in_2",
          uid: "u1",
          sku: "tier_team_monthly",
          priceId: "price_pro_fake",
          amount: 1900,
          subscription: "sub_1",
          periodStart: at,
          periodEnd: end,
          paymentIntent: "pi_9",
        }),
      ),
    );
    expect(e).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "in_2",
      trusted: { uid: "u1" },
      billed: {
        lines: [{ priceId: "price_pro_fake", sku: "tier_pro_monthly", quantity: 1, money: { subtotal: 1900, discount: 0, tax: 0 } }],
      },
      aliases: ["pi_9"],
      subscription: { id: "sub_1", periodStart: at, periodEnd: end },
    });
    expect((e as { trusted: { sku?: string } }).trusted.sku).toBeUndefined();
  });

  it("invoice.paid: proration lines are marked, and the period is the full-price line's", () => {
    const later = new Date(at.getTime() + 15 * 86_400_000);
    const lines = [
      stripeInvoiceLine({ sku: "tier_pro_monthly", amount: -950, periodStart: later, periodEnd: end, proration: true }),
      stripeInvoiceLine({ sku: "tier_team_monthly", amount: 4950, periodStart: later, periodEnd: end, proration: true }),
      stripeInvoiceLine({ sku: "tier_team_monthly", amount: 9900, periodStart: end, periodEnd: new Date(end.getTime() + 30 * 86_400_000) }),
    ];
    const e = normalize(
      stripe,
      stripeEvent(
        "invoice.paid",
        stripeInvoice({ id: "in_4", uid: "u1", subscription: "sub_1", periodStart: at, periodEnd: end, amount: 13_900, lines }),
      ),
    );
    expect(e).toMatchObject({
      billed: {
        lines: [{ sku: "tier_pro_monthly", proration: {} }, { sku: "tier_team_monthly", proration: {} }, { sku: "tier_team_monthly" }],
      },
      subscription: { periodStart: end },
    });
    expect((e as { billed: { lines: { proration?: unknown }[] } }).billed.lines[2].proration).toBeUndefined();
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
      lines: {
        data: [
          {
            price: { id: "price_pro_fake" },
            amount: 1900,
            proration: false,
            metadata: {},
            period: { start: at.getTime() / 1000, end: end.getTime() / 1000 },
          },
        ],
      },
    };
    expect(normalize(stripe, stripeEvent("invoice.paid", invoice))).toMatchObject({
      paymentId: "in_3",
      billed: { lines: [{ priceId: "price_pro_fake", sku: "tier_pro_monthly" }] },
      trusted: { uid: undefined },
      aliases: ["pi_3"],
      subscription: { id: "sub_2" },
    });
  });

  it.each([
    [
      "an unpaid checkout",
      stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid: "u1", sku: "credits_1000", paymentIntent: "pi_1", paid: false }),
      ),
    ],
    [
      "a $0 invoice (trial)",
      stripeEvent(
        "invoice.paid",
        stripeInvoice({
          id: "in_0",
          uid: "u1",
          sku: "tier_pro_monthly",
          subscription: "sub_1",
          periodStart: at,
          periodEnd: end,
          amount: 0,
        }),
      ),
    ],
    [
      "an invoice without a subscription",
      stripeEvent("invoice.paid", { id: "in_x", object: "invoice", amount_paid: 100, currency: "usd", lines: { data: [] } }),
    ],
    ["an unknown type", stripeEvent("customer.created", { id: "cus_1" })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(stripe, d).kind).toBe("ignored");
  });

  it("subscription events: the price decides the sku (metadata's is ignored); status, period end, cancel flag; deleted is canceled; version orders by time, then lifecycle", () => {
    const updated = normalize(
      stripe,
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({
          id: "sub_1",
          uid: "u1",
          sku: "tier_team_monthly",
          priceId: "price_pro_fake",
          status: "past_due",
          periodEnd: end,
          cancelAtPeriodEnd: true,
        }),
        { created: at },
      ),
    );
    expect(updated).toMatchObject({
      kind: "subscription_changed",
      subscriptionId: "sub_1",
      priceId: "price_pro_fake",
      sku: "tier_pro_monthly",
      trusted: { uid: "u1" },
      status: "past_due",
      currentPeriodEnd: end,
      cancelAtPeriodEnd: true,
      version: stateVersion(at.getTime(), "past_due"),
    });
    const deleted = normalize(
      stripe,
      stripeEvent(
        "customer.subscription.deleted",
        stripeSubscription({ id: "sub_1", uid: "u1", sku: "tier_team_monthly", status: "active", periodEnd: end }),
        { created: at },
      ),
    );
    expect(deleted).toMatchObject({ status: "canceled" });
    expect((deleted as { version: number }).version).toBeGreaterThan((updated as { version: number }).version);
    expect(stateVersion(at.getTime() + 1000, "incomplete")).toBeGreaterThan(stateVersion(at.getTime(), "canceled"));
  });

  it("charge.refunded is cumulative; a charge of an invoice (older API) refers to the invoice", () => {
    expect(
      normalize(
        stripe,
        stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: "pi_1", amount: 500, amountRefunded: 200, refundId: "re_1" })),
      ),
    ).toMatchObject({
      kind: "refund",
      paymentId: "pi_1",
      refundId: "re_1",
      amount: 200,
      cumulative: true,
    });
    expect(
      normalize(
        stripe,
        stripeEvent("charge.refunded", {
          ...stripeChargeRefunded({ paymentIntent: "pi_1", amount: 500, amountRefunded: 500 }),
          invoice: "in_7",
        }),
      ),
    ).toMatchObject({ paymentId: "in_7" });
  });

  it("charge.dispute.created is a chargeback of the payment intent", () => {
    expect(
      normalize(stripe, stripeEvent("charge.dispute.created", stripeDispute({ id: "dp_1", paymentIntent: "pi_1", amount: 500 }))),
    ).toMatchObject({ kind: "chargeback", paymentId: "pi_1", disputeId: "dp_1", amount: 500 });
  });

  it("a known type without the fields we need throws a PayloadError (recorded as unprocessable)", () => {
    expect(() => normalize(stripe, stripeEvent("charge.refunded", { id: "ch_1", object: "charge", currency: "usd" }))).toThrow(
      PayloadError,
    );
  });

  it("verifies with Stripe's scheme and tolerance, against the time the delivery was received", async () => {
    const body = stripeEvent("customer.created", { id: "cus_1" }).body;
    const sdk = new Stripe("sk_test_unused");
    const received = new Date();
    const seconds = Math.floor(received.getTime() / 1000);
    const header = (secret: string, timestamp = seconds) => ({
      "stripe-signature": sdk.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
    });
    await expect(stripe.verify(Buffer.from(body), header("whsec_a"), "whsec_a", received)).resolves.toMatchObject({
      id: JSON.parse(body).id,
    });
    await expect(stripe.verify(Buffer.from(body), header("whsec_b"), "whsec_a", received)).rejects.toThrow();
    await expect(stripe.verify(Buffer.from(body), header("whsec_a", seconds - 400), "whsec_a", received)).rejects.toThrow();
    // The age is measured from `receivedAt` (the services' clock), not from the machine's clock.
    await expect(
      stripe.verify(Buffer.from(body), header("whsec_a", seconds - 400), "whsec_a", new Date((seconds - 400) * 1000)),
    ).resolves.toMatchObject({ id: JSON.parse(body).id });
    await expect(stripe.verify(Buffer.from(body), {}, "whsec_a", received)).rejects.toThrow(/Stripe-Signature/);
  });
});

describe("razorpay", () => {
  const razorpay = razorpayAdapter((plan) => (plan === "plan_unmapped" ? "tier_team_monthly" : undefined));

  it("takes the event id from X-Razorpay-Event-Id, else from the body's hash", () => {
    const d = razorpayEvent(
      "order.paid",
      { payment: razorpayPayment({ id: "pay_1" }), order: razorpayOrder({ id: "order_1" }) },
      { eventId: "evt_h" },
    );
    const payload = JSON.parse(d.body);
    expect(razorpay.envelope(payload, { "x-razorpay-event-id": "evt_h" }, Buffer.from(d.body)).eventId).toBe("evt_h");
    expect(razorpay.envelope(payload, {}, Buffer.from(d.body)).eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("order.paid and payment.captured of one payment share the payment id and the order as checkout ref; order notes are trusted, payment notes only claimed", () => {
    const orderPaid = normalize(
      razorpay,
      razorpayEvent("order.paid", {
        payment: razorpayPayment({ id: "pay_1", orderId: "order_1", notes: { uid: "u_evil", sku: "credits_20000" } }),
        order: razorpayOrder({ id: "order_1", notes: { uid: "u1", sku: "credits_1000" } }),
      }),
    );
    expect(orderPaid).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "pay_1",
      checkoutRefs: ["order_1"],
      trusted: { uid: "u1", sku: "credits_1000" },
      claimed: { uid: "u_evil", sku: "credits_20000" },
      billed: { lines: [], totals: { subtotal: 39_900, discount: 0, tax: 0 } },
      amount: 39_900,
      currency: "INR",
    });
    const captured = normalize(
      razorpay,
      razorpayEvent("payment.captured", {
        payment: razorpayPayment({ id: "pay_1", orderId: "order_1", notes: { uid: "u_evil", sku: "credits_20000" } }),
      }),
    );
    expect(captured).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "pay_1",
      checkoutRefs: ["order_1"],
      trusted: { uid: undefined, sku: undefined },
      claimed: { uid: "u_evil" },
      laterEventAttributes: true,
    });
  });

  it("a payment.captured outside any order has nothing of ours to attribute it by (it will be held), and no later event", () => {
    const e = normalize(
      razorpay,
      razorpayEvent("payment.captured", { payment: razorpayPayment({ id: "pay_5", notes: { uid: "u1", sku: "credits_20000" } }) }),
    );
    expect(e).toMatchObject({ kind: "payment_succeeded", checkoutRefs: [], trusted: {}, claimed: { uid: "u1", sku: "credits_20000" } });
    expect((e as { laterEventAttributes?: boolean }).laterEventAttributes).toBeUndefined();
  });

  it.each([
    [
      "a subscription's payment.captured (subscription.charged reports it)",
      razorpayEvent("payment.captured", {
        payment: razorpayPayment({ id: "pay_2", invoiceId: "inv_1", notes: { uid: "u1", sku: "tier_pro_monthly" } }),
      }),
    ],
    ["an unknown type", razorpayEvent("invoice.paid", { invoice: { entity: { id: "inv_1" } } })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(razorpay, d).kind).toBe("ignored");
  });

  it("subscription.charged is the period's payment, billed on the plan charged, and the subscription's state; the uid from the subscription's notes", () => {
    const e = normalize(
      razorpay,
      razorpayEvent(
        "subscription.charged",
        {
          subscription: razorpaySubscription({
            id: "sub_1",
            status: "active",
            notes: { uid: "u1", sku: "tier_pro_monthly" },
            planId: "plan_unmapped",
            currentStart: at,
            currentEnd: end,
          }),
          payment: razorpayPayment({ id: "pay_4", amount: 799_900, notes: { uid: "u_evil" } }),
        },
        { createdAt: at },
      ),
    );
    expect(e).toMatchObject({
      kind: "payment_succeeded",
      paymentId: "pay_4",
      trusted: { uid: "u1" },
      claimed: { uid: "u_evil" },
      billed: { lines: [{ priceId: "plan_unmapped", sku: "tier_team_monthly", quantity: 1 }], totals: { subtotal: 799_900 } },
      subscription: { id: "sub_1", periodStart: at, periodEnd: end },
      subscriptionState: {
        subscriptionId: "sub_1",
        priceId: "plan_unmapped",
        sku: "tier_team_monthly",
        status: "active",
        currentPeriodEnd: end,
        version: stateVersion(at.getTime(), "active"),
      },
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
    expect(
      normalize(
        razorpay,
        razorpayEvent(`subscription.${status}`, {
          subscription: razorpaySubscription({ id: "sub_1", status, notes: { uid: "u1", sku: "tier_pro_monthly" } }),
        }),
      ),
    ).toMatchObject({ kind: "subscription_changed", status: expected });
  });

  it("refund.processed is one refund (not cumulative); payment.dispute.created a chargeback", () => {
    expect(
      normalize(
        razorpay,
        razorpayEvent("refund.processed", { refund: { entity: { id: "rfnd_1", payment_id: "pay_1", amount: 100, currency: "INR" } } }),
      ),
    ).toMatchObject({
      kind: "refund",
      paymentId: "pay_1",
      refundId: "rfnd_1",
      amount: 100,
      cumulative: false,
    });
    expect(
      normalize(
        razorpay,
        razorpayEvent("payment.dispute.created", {
          dispute: { entity: { id: "disp_1", payment_id: "pay_1", amount: 100, currency: "INR" } },
        }),
      ),
    ).toMatchObject({ kind: "chargeback", disputeId: "disp_1" });
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
  const paddle = paddleAdapter(
    (price) => ({ pri_credits5k_fake: "credits_5000", pri_pro_fake: "tier_pro_monthly", pri_team_fake: "tier_team_monthly" })[price ?? ""],
  );

  it("transaction.completed: our transaction is the checkout ref, custom_data only claimed; items, totals from string minor units, the billing period", () => {
    const txn = paddleTransaction({
      id: "txn_1",
      uid: "u1",
      sku: "tier_pro_monthly",
      total: 1900,
      subscriptionId: "sub_1",
      periodStart: at,
      periodEnd: end,
    });
    expect(normalize(paddle, paddleEvent("transaction.completed", txn, { eventId: "evt_p", occurredAt: at }))).toEqual({
      provider: "paddle",
      eventId: "evt_p",
      type: "transaction.completed",
      occurredAt: at,
      kind: "payment_succeeded",
      paymentId: "txn_1",
      amount: 1900,
      currency: "USD",
      billed: {
        lines: [{ priceId: "pri_pro_fake", sku: "tier_pro_monthly", quantity: 1, money: { subtotal: 1900, discount: 0, tax: 0 } }],
        totals: { subtotal: 1900, discount: 0, tax: 0 },
      },
      checkoutRefs: ["txn_1"],
      trusted: {},
      claimed: { uid: "u1", sku: "tier_pro_monthly" },
      customerId: "ctm_test",
      subscription: { id: "sub_1", periodStart: at, periodEnd: end },
    });
  });

  it("a proration item carries Paddle's rate of the period, an unknown price no sku", () => {
    const txn = paddleTransaction({
      id: "txn_2",
      items: [
        { priceId: "pri_pro_fake", quantity: -1, subtotal: -950, prorationRate: "0.5" },
        { priceId: "pri_team_fake", quantity: 1, subtotal: 4950, prorationRate: "0.5" },
        { priceId: "pri_other", quantity: 1, subtotal: 100 },
      ],
    });
    expect(normalize(paddle, paddleEvent("transaction.completed", txn))).toMatchObject({
      billed: {
        lines: [
          { priceId: "pri_pro_fake", quantity: -1, proration: { rate: 0.5 } },
          { priceId: "pri_team_fake", sku: "tier_team_monthly", quantity: 1, proration: { rate: 0.5 } },
          { priceId: "pri_other", sku: undefined },
        ],
      },
    });
  });

  it("subscription events: the price decides the sku, subscription.created names its transaction; version from updated_at (ms), a scheduled cancel", () => {
    const e = normalize(
      paddle,
      paddleEvent(
        "subscription.created",
        paddleSubscription({
          id: "sub_1",
          uid: "u1",
          sku: "tier_team_monthly",
          priceId: "pri_pro_fake",
          status: "active",
          updatedAt: at,
          periodEnd: end,
          cancelScheduled: true,
          transactionId: "txn_9",
        }),
      ),
    );
    expect(e).toMatchObject({
      kind: "subscription_changed",
      checkoutRefs: ["txn_9"],
      trusted: {},
      claimed: { uid: "u1", sku: "tier_team_monthly" },
      priceId: "pri_pro_fake",
      sku: "tier_pro_monthly",
      status: "active",
      cancelAtPeriodEnd: true,
      currentPeriodEnd: end,
      version: stateVersion(at.getTime(), "active"),
    });
  });

  it.each([
    [
      "a refund awaiting approval",
      paddleEvent(
        "adjustment.created",
        paddleAdjustment({ id: "adj_1", transactionId: "txn_1", action: "refund", total: 100, status: "pending_approval" }),
      ),
    ],
    [
      "a credit adjustment",
      paddleEvent("adjustment.created", paddleAdjustment({ id: "adj_2", transactionId: "txn_1", action: "credit", total: 100 })),
    ],
    [
      "a free transaction",
      paddleEvent("transaction.completed", paddleTransaction({ id: "txn_3", uid: "u1", sku: "credits_1000", total: 0 })),
    ],
    ["an unknown type", paddleEvent("customer.created", { id: "ctm_1" })],
  ])("ignores %s", (_label, d) => {
    expect(normalize(paddle, d).kind).toBe("ignored");
  });

  it("an approved refund (created or updated) is one refund; a chargeback is a chargeback", () => {
    for (const type of ["adjustment.created", "adjustment.updated"]) {
      expect(
        normalize(paddle, paddleEvent(type, paddleAdjustment({ id: "adj_1", transactionId: "txn_1", action: "refund", total: 100 }))),
      ).toMatchObject({ kind: "refund", paymentId: "txn_1", refundId: "adj_1", amount: 100, cumulative: false });
    }
    expect(
      normalize(
        paddle,
        paddleEvent("adjustment.created", paddleAdjustment({ id: "adj_3", transactionId: "txn_1", action: "chargeback", total: 500 })),
      ),
    ).toMatchObject({ kind: "chargeback", disputeId: "adj_3", amount: 500 });
  });
});

describe("paddle signatures (node:crypto, no SDK)", () => {
  const raw = Buffer.from('{"event_id":"evt_1"}');
  const now = 1_800_000_000;
  const h1 = (secret: string, ts: number, body: Buffer = raw) => createHmac("sha256", secret).update(`${ts}:`).update(body).digest("hex");

  it("accepts ts;h1 over the exact bytes, within 300 s either way", () => {
    expect(paddleSignatureValid(raw, `ts=${now};h1=${h1("s", now)}`, "s", now)).toBe(true);
    expect(paddleSignatureValid(raw, `ts=${now - 300};h1=${h1("s", now - 300)}`, "s", now)).toBe(true);
    expect(paddleSignatureValid(raw, `ts=${now + 300};h1=${h1("s", now + 300)}`, "s", now)).toBe(true);
    expect(paddleSignatureValid(raw, `ts=${now - 301};h1=${h1("s", now - 301)}`, "s", now)).toBe(false);
    expect(paddleSignatureValid(raw, `ts=${now + 301};h1=${h1("s", now + 301)}`, "s", now)).toBe(false);
  });

  it("accepts any of several h1 values (secret rotation), in any case of hex", () => {
    expect(paddleSignatureValid(raw, `ts=${now};h1=${h1("old", now)};h1=${h1("s", now).toUpperCase()}`, "s", now)).toBe(true);
    expect(paddleSignatureValid(raw, `ts=${now};h1=${h1("old", now)};h1=${h1("older", now)}`, "s", now)).toBe(false);
  });

  it.each([
    ["a wrong secret", `ts=${now};h1=${h1("t", now)}`],
    ["another body", `ts=${now};h1=${h1("s", now, Buffer.from("{}"))}`],
    ["the timestamp changed", `ts=${now - 1};h1=${h1("s", now)}`],
    ["no timestamp", `h1=${h1("s", now)}`],
    ["no h1", `ts=${now}`],
    ["a short h1", `ts=${now};h1=abc`],
    ["a non-numeric timestamp", `ts=12e3;h1=${h1("s", now)}`],
    ["garbage", "garbage"],
  ])("refuses %s", (_label, header) => {
    expect(paddleSignatureValid(raw, header, "s", now)).toBe(false);
  });

  it("verify: parses the signed body, refuses a missing header", async () => {
    const body = paddleEvent("customer.created", { id: "ctm_1" }).body;
    const paddle = paddleAdapter();
    const received = new Date(now * 1000);
    await expect(
      paddle.verify(Buffer.from(body), { "paddle-signature": `ts=${now};h1=${h1("pdl_a", now, Buffer.from(body))}` }, "pdl_a", received),
    ).resolves.toMatchObject({ event_type: "customer.created" });
    await expect(paddle.verify(Buffer.from(body), {}, "pdl_a", received)).rejects.toThrow(/Paddle-Signature/);
    await expect(
      paddle.verify(
        Buffer.from("not json"),
        { "paddle-signature": `ts=${now};h1=${h1("pdl_a", now, Buffer.from("not json"))}` },
        "pdl_a",
        received,
      ),
    ).rejects.toThrow(/JSON/);
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
