import { findSku } from "../../functions/src/core/billing/catalog";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { adminAuth, createUser } from "../support/auth-emulator";
import { expectErrorBody } from "../support/http";
import {
  deliver,
  ids,
  ledgerOf,
  SECRETS,
  stripeChargeRefunded,
  stripeCheckoutPayment,
  stripeCheckoutSubscription,
  stripeDispute,
  stripeEvent,
  stripeInvoice,
  stripeSubscription,
  useWebhookApi,
} from "../support/webhook-events";

/** POST /webhooks/stripe through the exported stripeWebhook function, signed with Stripe's own helper. */
const api = useWebhookApi("webhooks_stripe");
const testDb = api.testDb;

const DAY = 86_400_000;
const db = api.db;

describe("a paid credit pack", () => {
  it("purchases exactly the sku's credits, records the payment and the event", async () => {
    const uid = ids.uid();
    const pi = ids.of("pi");
    const event = stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_5000", paymentIntent: pi, amount: 2000 }));
    const res = await deliver(api.baseUrl, event);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true });

    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(findSku("credits_5000")!.credits);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: "purchase", delta_available: 5000, idempotency_key: `stripe:payment:${pi}:credit`, cause: { kind: "payment", id: `stripe:${pi}` } });
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({
      uid,
      sku: "credits_5000",
      credits: 5000,
      amount: 2000,
      currency: "USD",
      refunded_amount: 0,
      status: "paid",
    });
    const stored = await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` });
    expect(stored).toMatchObject({ provider: "stripe", type: "checkout.session.completed", state: "done", outcome: "applied", attempts: 1 });
    expect(stored!.payload_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("grants once for 50 identical deliveries sent at the same time", async () => {
    const uid = ids.uid();
    const event = stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: ids.of("pi") }));
    const results = await Promise.all(Array.from({ length: 50 }, () => deliver(api.baseUrl, event)));
    // Every delivery is either acknowledged or told to retry; never a second effect.
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect({ balance, entries: entries.length }).toEqual({ balance: 1000, entries: 1 });
    expect(await (await db()).collection("webhook_events").countDocuments({ event_id: `stripe:${JSON.parse(event.body).id}` })).toBe(1);
  });

  it("does not credit a checkout that completed unpaid (delayed payment method)", async () => {
    const uid = ids.uid();
    const res = await deliver(api.baseUrl, stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: ids.of("pi"), paid: false })));
    expect(res.status).toBe(200);
    expect((await ledgerOf(await db(), uid)).entries).toHaveLength(0);
  });
});

describe("signatures", () => {
  const paid = () => stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: ids.uid(), sku: "credits_1000", paymentIntent: ids.of("pi") }));

  it.each([
    ["a tampered body", { tamper: (b: string) => b.replace("credits_1000", "credits_20000") }],
    ["a wrong secret", { secret: "whsec_wrong" }],
    ["a timestamp older than 300 s", { ageSeconds: 301 }],
    ["no signature", { omitSignature: true }],
  ])("rejects %s with 400 invalid_signature and changes nothing", async (_label, opts) => {
    const before = await testDb.snapshot();
    const res = await deliver(api.baseUrl, paid(), opts);
    expectErrorBody(res, 400, "invalid_signature");
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("accepts a signature made 299 s ago", async () => {
    expect((await deliver(api.baseUrl, paid(), { ageSeconds: 299 })).status).toBe(200);
  });
});

describe("events we do not act on", () => {
  it("acknowledges an unknown type and records it", async () => {
    const event = stripeEvent("customer.tax_id.created", { id: "txi_1", object: "tax_id" });
    const res = await deliver(api.baseUrl, event);
    expect(res.status).toBe(200);
    expect(await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` })).toMatchObject({
      state: "done",
      outcome: "ignored",
      type: "customer.tax_id.created",
    });
  });

  it("marks a payment without a uid done as unattributable, so Stripe stops retrying", async () => {
    const event = stripeEvent("checkout.session.completed", stripeCheckoutPayment({ sku: "credits_1000", paymentIntent: ids.of("pi") }));
    expect((await deliver(api.baseUrl, event)).status).toBe(200);
    expect(await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` })).toMatchObject({
      state: "done",
      outcome: "unattributable",
      reason: expect.stringContaining("uid"),
    });
  });

  it("marks a payment for an unknown sku done as unattributable", async () => {
    const uid = ids.uid();
    const event = stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_999999", paymentIntent: ids.of("pi") }));
    expect((await deliver(api.baseUrl, event)).status).toBe(200);
    expect((await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` }))!.outcome).toBe("unattributable");
    expect((await ledgerOf(await db(), uid)).entries).toHaveLength(0);
  });
});

describe("a subscription's first period: checkout.session.completed and invoice.paid", () => {
  it.each([["checkout first"], ["invoice first"]])("grant the tier's credits once (%s), expiring at the period end", async (order) => {
    const uid = ids.uid();
    const invoiceId = ids.of("in");
    const subscription = ids.of("sub");
    const start = new Date();
    const end = new Date(start.getTime() + 30 * DAY);
    const checkout = stripeEvent("checkout.session.completed", stripeCheckoutSubscription({ uid, sku: "tier_pro_monthly", invoice: invoiceId, subscription }));
    const invoice = stripeEvent("invoice.paid", stripeInvoice({ id: invoiceId, uid, sku: "tier_pro_monthly", subscription, periodStart: start, periodEnd: end, paymentIntent: ids.of("pi") }));
    const sequence = order === "checkout first" ? [checkout, invoice] : [invoice, checkout];
    for (const e of sequence) expect((await deliver(api.baseUrl, e)).status).toBe(200);

    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(findSku("tier_pro_monthly")!.credits);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: "grant", idempotency_key: `stripe:payment:${invoiceId}:credit` });
    if (order === "invoice first") expect(entries[0].expires_at.getTime()).toBe(Math.floor(end.getTime() / 1000) * 1000);
  });

  it("grants each paid period once: a renewal invoice is a new grant", async () => {
    const uid = ids.uid();
    const subscription = ids.of("sub");
    const t0 = new Date();
    for (let period = 0; period < 2; period++) {
      const start = new Date(t0.getTime() + period * 30 * DAY);
      const invoice = stripeEvent("invoice.paid", stripeInvoice({ id: ids.of("in"), uid, sku: "tier_team_monthly", subscription, periodStart: start, periodEnd: new Date(start.getTime() + 30 * DAY) }));
      expect((await deliver(api.baseUrl, invoice)).status).toBe(200);
      expect((await deliver(api.baseUrl, invoice)).status).toBe(200);
    }
    expect((await ledgerOf(await db(), uid)).entries.map((e) => e.delta_available)).toEqual([25_000, 25_000]);
  });
});

describe("subscription state", () => {
  it("keeps the newest state when updates arrive newest-first, and sets the tier claim (keeping roles)", async () => {
    const user = await createUser("stripe-sub");
    const auth = await adminAuth();
    await auth.setCustomUserClaims(user.uid, { roles: ["support"] });
    const sub = ids.of("sub");
    const t = Date.now();
    const end = new Date(t + 30 * DAY);
    const states = [
      stripeEvent("customer.subscription.created", stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "incomplete", periodEnd: end }), { created: new Date(t - 3000) }),
      stripeEvent("customer.subscription.updated", stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "active", periodEnd: end }), { created: new Date(t - 2000) }),
      stripeEvent("customer.subscription.updated", stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "active", periodEnd: end, cancelAtPeriodEnd: true }), { created: new Date(t - 1000) }),
    ];
    for (const e of [...states].reverse()) expect((await deliver(api.baseUrl, e)).status).toBe(200);

    const doc = await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub });
    expect(doc).toMatchObject({ uid: user.uid, sku: "tier_pro_monthly", tier: "pro", status: "active", cancel_at_period_end: true });
    expect((await auth.getUser(user.uid)).customClaims).toEqual({ roles: ["support"], tier: "pro" });

    // Cancelled for good: back to free; a late, older "active" changes nothing.
    const deleted = stripeEvent("customer.subscription.deleted", stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "canceled", periodEnd: end }), { created: new Date(t) });
    expect((await deliver(api.baseUrl, deleted)).status).toBe(200);
    expect((await deliver(api.baseUrl, states[1])).status).toBe(200);
    expect(await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub })).toMatchObject({ status: "canceled" });
    expect((await auth.getUser(user.uid)).customClaims).toEqual({ roles: ["support"], tier: "free" });
  });

  it("orders a created and an updated from the same second by lifecycle (active beats incomplete)", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const at = new Date();
    const end = new Date(at.getTime() + 30 * DAY);
    const updated = stripeEvent("customer.subscription.updated", stripeSubscription({ id: sub, uid, sku: "tier_pro_monthly", status: "active", periodEnd: end }), { created: at });
    const created = stripeEvent("customer.subscription.created", stripeSubscription({ id: sub, uid, sku: "tier_pro_monthly", status: "incomplete", periodEnd: end }), { created: at });
    for (const e of [updated, created]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub }))!.status).toBe("active");
  });

  it("sets users.tier on an existing profile", async () => {
    const user = await createUser("stripe-tier");
    await (await db()).collection("users").insertOne({ uid: user.uid, tier: "free", roles: [], updatedAt: new Date(0) });
    const sub = ids.of("sub");
    const e = stripeEvent("customer.subscription.created", stripeSubscription({ id: sub, uid: user.uid, sku: "tier_team_monthly", status: "active", periodEnd: new Date(Date.now() + 30 * DAY) }));
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect(await (await db()).collection("users").findOne({ uid: user.uid })).toMatchObject({ tier: "team" });
  });
});

describe("refunds and disputes", () => {
  async function buy(uid: string, sku = "credits_1000", amount = 500) {
    const pi = ids.of("pi");
    expect((await deliver(api.baseUrl, stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku, paymentIntent: pi, amount })))).status).toBe(200);
    return pi;
  }

  it("reverses credits in proportion: a partial refund, then the rest", async () => {
    const uid = ids.uid();
    const pi = await buy(uid, "credits_1000", 500);
    expect((await deliver(api.baseUrl, stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 150 }))))).toMatchObject({ status: 200 });
    expect((await ledgerOf(await db(), uid)).balance).toBe(700);
    // Stripe's amount_refunded is cumulative: 500 of 500 now.
    const full = stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 500 }));
    expect((await deliver(api.baseUrl, full)).status).toBe(200);
    expect((await deliver(api.baseUrl, full)).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(0);
    expect(entries.map((e) => [e.type, e.delta_available, e.idempotency_key])).toEqual([
      ["purchase", 1000, `stripe:payment:${pi}:credit`],
      ["refund", -300, `stripe:refund:${pi}:150`],
      ["refund", -700, `stripe:refund:${pi}:500`],
    ]);
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({ refunded_amount: 500, credits_reversed: 1000, status: "refunded" });
  });

  it("handles refunds delivered out of order (the full one first)", async () => {
    const uid = ids.uid();
    const pi = await buy(uid);
    for (const refunded of [500, 150]) {
      expect((await deliver(api.baseUrl, stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: refunded }))))).toMatchObject({ status: 200 });
    }
    expect((await ledgerOf(await db(), uid)).balance).toBe(0);
  });

  it("answers 409 to a refund whose payment is not recorded yet, and applies it when redelivered later", async () => {
    const uid = ids.uid();
    const pi = ids.of("pi");
    const refund = stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 500 }));
    expectErrorBody(await deliver(api.baseUrl, refund), 409, "event_out_of_order");
    expect((await deliver(api.baseUrl, stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 })))).status).toBe(200);
    expect((await deliver(api.baseUrl, refund)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(0);
  });

  it("gives up a refund of a payment it never saw after 5 deliveries: done, unattributable (a provider may disable a failing endpoint)", async () => {
    const refund = stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: ids.of("pi"), amount: 500, amountRefunded: 500 }));
    for (let i = 0; i < 4; i++) expectErrorBody(await deliver(api.baseUrl, refund), 409, "event_out_of_order");
    expect((await deliver(api.baseUrl, refund)).status).toBe(200);
    expect(await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(refund.body).id}` })).toMatchObject({
      state: "done",
      outcome: "unattributable",
      attempts: 5,
      reason: expect.stringContaining("never recorded"),
    });
  });

  it("takes back a disputed payment's credits even after they were spent: negative balance, account flagged", async () => {
    const uid = ids.uid();
    const pi = await buy(uid);
    const ledger = new MongoCreditLedger(await db(), () => new Date());
    const r = await ledger.reserve({ uid, amount: 800, idempotencyKey: `${uid}:run`, actor: uid, reason: "llm run", cause: { kind: "llm_call", id: "run1" } });
    await ledger.settle(r.id, 800, uid);
    const dispute = stripeEvent("charge.dispute.created", stripeDispute({ id: ids.of("dp"), paymentIntent: pi, amount: 500 }));
    expect((await deliver(api.baseUrl, dispute)).status).toBe(200);
    expect((await deliver(api.baseUrl, dispute)).status).toBe(200);
    const { balance, flagged, entries } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: -800, flagged: true });
    expect(entries.filter((e) => e.type === "chargeback").map((e) => e.delta_available)).toEqual([-1000]);
  });

  it("charges back only what a partial refund left", async () => {
    const uid = ids.uid();
    const pi = await buy(uid);
    expect((await deliver(api.baseUrl, stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 250 }))))).toMatchObject({ status: 200 });
    expect((await deliver(api.baseUrl, stripeEvent("charge.dispute.created", stripeDispute({ id: ids.of("dp"), paymentIntent: pi, amount: 250 }))))).toMatchObject({ status: 200 });
    const { balance, flagged } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: 0, flagged: false });
  });

  it("finds a subscription invoice's payment by its payment intent (refund of a renewal)", async () => {
    const uid = ids.uid();
    const invoiceId = ids.of("in");
    const pi = ids.of("pi");
    const start = new Date();
    const invoice = stripeEvent("invoice.paid", stripeInvoice({ id: invoiceId, uid, sku: "tier_pro_monthly", subscription: ids.of("sub"), periodStart: start, periodEnd: new Date(start.getTime() + 30 * DAY), paymentIntent: pi, amount: 1900 }));
    expect((await deliver(api.baseUrl, invoice)).status).toBe(200);
    expect((await deliver(api.baseUrl, stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 1900, amountRefunded: 1900 }))))).toMatchObject({ status: 200 });
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(0);
    expect(entries.at(-1)).toMatchObject({ type: "refund", idempotency_key: `stripe:refund:${invoiceId}:1900` });
  });
});

it("uses the secret it is given: another function's secret is not accepted", async () => {
  const res = await deliver(api.baseUrl, stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: ids.uid(), sku: "credits_1000", paymentIntent: ids.of("pi") })), { secret: SECRETS.razorpay });
  expectErrorBody(res, 400, "invalid_signature");
});
