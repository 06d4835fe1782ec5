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
  stripeInvoiceLine,
  stripeSubscription,
  recordCheckout,
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
    const event = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid, sku: "credits_5000", paymentIntent: pi, amount: 2000 }),
    );
    const res = await deliver(api.baseUrl, event);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true });

    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(findSku("credits_5000")!.credits);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      type: "purchase",
      delta_available: 5000,
      idempotency_key: `stripe:payment:${pi}:credit`,
      cause: { kind: "payment", id: `stripe:${pi}` },
    });
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
    expect(stored).toMatchObject({
      provider: "stripe",
      type: "checkout.session.completed",
      state: "done",
      outcome: "applied",
      attempts: 1,
    });
    expect(stored!.payload_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("grants once for 50 identical deliveries sent at the same time", async () => {
    const uid = ids.uid();
    const event = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: ids.of("pi") }),
    );
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
    const res = await deliver(
      api.baseUrl,
      stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: ids.of("pi"), paid: false }),
      ),
    );
    expect(res.status).toBe(200);
    expect((await ledgerOf(await db(), uid)).entries).toHaveLength(0);
  });
});

describe("signatures", () => {
  const paid = () =>
    stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: ids.uid(), sku: "credits_1000", paymentIntent: ids.of("pi") }));

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

  it("holds a payment nothing of ours attributes (no checkout record, no uid metadata): recorded, nothing granted, Stripe stops retrying", async () => {
    const pi = ids.of("pi");
    const event = stripeEvent("checkout.session.completed", stripeCheckoutPayment({ sku: "credits_1000", paymentIntent: pi }));
    expect((await deliver(api.baseUrl, event)).status).toBe(200);
    expect(await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` })).toMatchObject({
      state: "done",
      outcome: "held",
      reason: expect.stringContaining("names the buyer"),
    });
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({
      state: "held",
      uid: null,
      credits: 0,
      amount: 500,
    });
  });

  it("holds a payment for an sku the catalogue does not have", async () => {
    const uid = ids.uid();
    const event = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid, sku: "credits_999999", paymentIntent: ids.of("pi") }),
    );
    expect((await deliver(api.baseUrl, event)).status).toBe(200);
    expect((await (await db()).collection("webhook_events").findOne({ event_id: `stripe:${JSON.parse(event.body).id}` }))!.outcome).toBe(
      "held",
    );
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
    const checkout = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutSubscription({ uid, sku: "tier_pro_monthly", invoice: invoiceId, subscription }),
    );
    const invoice = stripeEvent(
      "invoice.paid",
      stripeInvoice({
        id: invoiceId,
        uid,
        sku: "tier_pro_monthly",
        subscription,
        periodStart: start,
        periodEnd: end,
        paymentIntent: ids.of("pi"),
      }),
    );
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
      const invoice = stripeEvent(
        "invoice.paid",
        stripeInvoice({
          id: ids.of("in"),
          uid,
          sku: "tier_team_monthly",
          subscription,
          periodStart: start,
          periodEnd: new Date(start.getTime() + 30 * DAY),
        }),
      );
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
      stripeEvent(
        "customer.subscription.created",
        stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "incomplete", periodEnd: end }),
        { created: new Date(t - 3000) },
      ),
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "active", periodEnd: end }),
        { created: new Date(t - 2000) },
      ),
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "active", periodEnd: end, cancelAtPeriodEnd: true }),
        { created: new Date(t - 1000) },
      ),
    ];
    for (const e of [...states].reverse()) expect((await deliver(api.baseUrl, e)).status).toBe(200);

    const doc = await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub });
    expect(doc).toMatchObject({ uid: user.uid, sku: "tier_pro_monthly", tier: "pro", status: "active", cancel_at_period_end: true });
    expect((await auth.getUser(user.uid)).customClaims).toEqual({ roles: ["support"], tier: "pro" });

    // Cancelled for good: back to free; a late, older "active" changes nothing.
    const deleted = stripeEvent(
      "customer.subscription.deleted",
      stripeSubscription({ id: sub, uid: user.uid, sku: "tier_pro_monthly", status: "canceled", periodEnd: end }),
      { created: new Date(t) },
    );
    expect((await deliver(api.baseUrl, deleted)).status).toBe(200);
    expect((await deliver(api.baseUrl, states[1])).status).toBe(200);
    expect(await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub })).toMatchObject({
      status: "canceled",
    });
    expect((await auth.getUser(user.uid)).customClaims).toEqual({ roles: ["support"], tier: "free" });
  });

  it("orders a created and an updated from the same second by lifecycle (active beats incomplete)", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const at = new Date();
    const end = new Date(at.getTime() + 30 * DAY);
    const updated = stripeEvent(
      "customer.subscription.updated",
      stripeSubscription({ id: sub, uid, sku: "tier_pro_monthly", status: "active", periodEnd: end }),
      { created: at },
    );
    const created = stripeEvent(
      "customer.subscription.created",
      stripeSubscription({ id: sub, uid, sku: "tier_pro_monthly", status: "incomplete", periodEnd: end }),
      { created: at },
    );
    for (const e of [updated, created]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub }))!.status).toBe("active");
  });

  it("sets users.tier on an existing profile", async () => {
    const user = await createUser("stripe-tier");
    await (await db()).collection("users").insertOne({ uid: user.uid, tier: "free", roles: [], updatedAt: new Date(0) });
    const sub = ids.of("sub");
    const e = stripeEvent(
      "customer.subscription.created",
      stripeSubscription({
        id: sub,
        uid: user.uid,
        sku: "tier_team_monthly",
        status: "active",
        periodEnd: new Date(Date.now() + 30 * DAY),
      }),
    );
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect(await (await db()).collection("users").findOne({ uid: user.uid })).toMatchObject({ tier: "team" });
  });
});

describe("the tier and the grant follow the price billed, not metadata", () => {
  it("a portal downgrade that keeps the old metadata: the tier drops and the next period grants the lower tier's credits", async () => {
    const user = await createUser("stripe-downgrade");
    const sub = ids.of("sub");
    const t = Date.now();
    const start = new Date(t);
    const end = new Date(t + 30 * DAY);
    // Bought Team through our checkout: metadata says tier_team_monthly, and keeps saying it.
    const created = stripeEvent(
      "customer.subscription.created",
      stripeSubscription({ id: sub, uid: user.uid, sku: "tier_team_monthly", status: "active", periodEnd: end }),
      { created: new Date(t - 5000) },
    );
    const first = stripeEvent(
      "invoice.paid",
      stripeInvoice({ id: ids.of("in"), uid: user.uid, sku: "tier_team_monthly", subscription: sub, periodStart: start, periodEnd: end }),
    );
    for (const e of [created, first]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await adminAuth().then((a) => a.getUser(user.uid))).customClaims).toMatchObject({ tier: "team" });

    // Downgraded to Pro in the portal: the item's price changes, the metadata does not.
    const downgraded = stripeEvent(
      "customer.subscription.updated",
      stripeSubscription({ id: sub, uid: user.uid, sku: "tier_team_monthly", priceId: "price_pro_fake", status: "active", periodEnd: end }),
      { created: new Date(t) },
    );
    expect((await deliver(api.baseUrl, downgraded)).status).toBe(200);
    expect(await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub })).toMatchObject({
      sku: "tier_pro_monthly",
      tier: "pro",
      price_id: "price_pro_fake",
    });
    expect((await adminAuth().then((a) => a.getUser(user.uid))).customClaims).toMatchObject({ tier: "pro" });

    const renewal = stripeEvent(
      "invoice.paid",
      stripeInvoice({
        id: ids.of("in"),
        uid: user.uid,
        sku: "tier_team_monthly",
        priceId: "price_pro_fake",
        amount: 1900,
        subscription: sub,
        periodStart: end,
        periodEnd: new Date(end.getTime() + 30 * DAY),
      }),
    );
    expect((await deliver(api.baseUrl, renewal)).status).toBe(200);
    expect((await ledgerOf(await db(), user.uid)).entries.map((e) => e.delta_available)).toEqual([25_000, 5_000]);
  });

  it("an upgrade invoiced mid-period grants the prorated difference, never a full month", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const start = new Date();
    const half = new Date(start.getTime() + 15 * DAY);
    const end = new Date(start.getTime() + 30 * DAY);
    const first = stripeEvent(
      "invoice.paid",
      stripeInvoice({ id: ids.of("in"), uid, sku: "tier_pro_monthly", subscription: sub, periodStart: start, periodEnd: end }),
    );
    const prorations = [
      stripeInvoiceLine({ sku: "tier_pro_monthly", amount: -950, periodStart: half, periodEnd: end, proration: true }),
      stripeInvoiceLine({ sku: "tier_team_monthly", amount: 4950, periodStart: half, periodEnd: end, proration: true }),
    ];
    const upgrade = stripeEvent(
      "invoice.paid",
      stripeInvoice({
        id: ids.of("in"),
        uid,
        sku: "tier_pro_monthly",
        subscription: sub,
        periodStart: half,
        periodEnd: end,
        amount: 4000,
        lines: prorations,
        billingReason: "subscription_update",
      }),
    );
    for (const e of [first, upgrade]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    // Half of Team's 25,000 for the half month left, less half of Pro's 5,000 already granted for it.
    const { entries } = await ledgerOf(await db(), uid);
    expect(entries.map((e) => [e.type, e.delta_available])).toEqual([
      ["grant", 5000],
      ["grant", 10_000],
    ]);
    expect(entries[1].expires_at.getTime()).toBe(Math.floor(end.getTime() / 1000) * 1000);
  });

  it("holds a period billed on a price that is not ours, and stores such a subscription as entitling to nothing", async () => {
    const user = await createUser("stripe-foreign-price");
    const sub = ids.of("sub");
    const start = new Date();
    const end = new Date(start.getTime() + 30 * DAY);
    const invoiceId = ids.of("in");
    const invoice = stripeEvent(
      "invoice.paid",
      stripeInvoice({
        id: invoiceId,
        uid: user.uid,
        sku: "tier_team_monthly",
        priceId: "price_someone_elses",
        amount: 9900,
        subscription: sub,
        periodStart: start,
        periodEnd: end,
      }),
    );
    const state = stripeEvent(
      "customer.subscription.created",
      stripeSubscription({
        id: sub,
        uid: user.uid,
        sku: "tier_team_monthly",
        priceId: "price_someone_elses",
        status: "active",
        periodEnd: end,
      }),
    );
    for (const e of [invoice, state]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), user.uid)).entries).toEqual([]);
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: invoiceId })).toMatchObject({
      state: "held",
      hold_reason: expect.stringContaining("price_someone_elses"),
    });
    expect(await (await db()).collection("subscriptions").findOne({ provider: "stripe", subscription_id: sub })).toMatchObject({
      sku: null,
      tier: "free",
    });
    expect((await adminAuth().then((a) => a.getUser(user.uid))).customClaims?.tier ?? "free").toBe("free");
  });
});

describe("attribution from our checkout record", () => {
  it("credits the user our checkout was for when the session carries no metadata", async () => {
    const uid = ids.uid();
    const session = ids.of("cs");
    await recordCheckout(await db(), { provider: "stripe", uid, sku: "credits_5000", ids: [session] });
    const paid = {
      ...stripeCheckoutPayment({ sku: "credits_5000", paymentIntent: ids.of("pi"), amount: 2000, sessionId: session }),
      metadata: {},
    };
    expect((await deliver(api.baseUrl, stripeEvent("checkout.session.completed", paid))).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(5000);
  });

  it("holds a session whose metadata names another user than our checkout", async () => {
    const [uid, other] = [ids.uid(), ids.uid()];
    const session = ids.of("cs");
    const pi = ids.of("pi");
    await recordCheckout(await db(), { provider: "stripe", uid, sku: "credits_1000", ids: [session] });
    const e = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid: other, sku: "credits_1000", paymentIntent: pi, sessionId: session }),
    );
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({
      state: "held",
      uid,
      hold_reason: expect.stringContaining(other),
    });
    expect([(await ledgerOf(await db(), uid)).balance, (await ledgerOf(await db(), other)).balance]).toEqual([0, 0]);
  });

  it("a chargeback of a payment made by another customer than our checkout's takes the credits back without flagging, and asks for a review", async () => {
    const uid = ids.uid();
    const session = ids.of("cs");
    const pi = ids.of("pi");
    await recordCheckout(await db(), { provider: "stripe", uid, sku: "credits_1000", ids: [session], customerId: "cus_beneficiary" });
    const paid = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, sessionId: session, customer: "cus_someone_else" }),
    );
    expect((await deliver(api.baseUrl, paid)).status).toBe(200);
    const ledger = new MongoCreditLedger(await db(), () => new Date());
    const r = await ledger.reserve({
      uid,
      amount: 600,
      idempotencyKey: `${uid}:run`,
      actor: uid,
      reason: "llm run",
      cause: { kind: "llm_call", id: "run" },
    });
    await ledger.settle(r.id, 600, uid);
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.dispute.created", stripeDispute({ id: ids.of("dp"), paymentIntent: pi, amount: 500 })),
      ),
    ).toMatchObject({ status: 200 });
    const { balance, flagged } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: -600, flagged: false });
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({
      payer_is_beneficiary: false,
      in_review: true,
      review: { reason: expect.stringContaining("payer") },
    });
  });
});

describe("refunds and disputes", () => {
  async function buy(uid: string, sku = "credits_1000", amount = 500) {
    const pi = ids.of("pi");
    expect(
      (
        await deliver(
          api.baseUrl,
          stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku, paymentIntent: pi, amount })),
        )
      ).status,
    ).toBe(200);
    return pi;
  }

  it("reverses credits in proportion: a partial refund, then the rest", async () => {
    const uid = ids.uid();
    const pi = await buy(uid, "credits_1000", 500);
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 150 })),
      ),
    ).toMatchObject({ status: 200 });
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
    expect(await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi })).toMatchObject({
      refunded_amount: 500,
      credits_reversed: 1000,
      status: "refunded",
    });
  });

  it("handles refunds delivered out of order (the full one first)", async () => {
    const uid = ids.uid();
    const pi = await buy(uid);
    for (const refunded of [500, 150]) {
      expect(
        await deliver(
          api.baseUrl,
          stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: refunded })),
        ),
      ).toMatchObject({ status: 200 });
    }
    expect((await ledgerOf(await db(), uid)).balance).toBe(0);
  });

  it("answers 409 to a refund whose payment is not recorded yet, and applies it when redelivered later", async () => {
    const uid = ids.uid();
    const pi = ids.of("pi");
    const refund = stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 500 }));
    expectErrorBody(await deliver(api.baseUrl, refund), 409, "event_out_of_order");
    expect(
      (
        await deliver(
          api.baseUrl,
          stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 })),
        )
      ).status,
    ).toBe(200);
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
    const r = await ledger.reserve({
      uid,
      amount: 800,
      idempotencyKey: `${uid}:run`,
      actor: uid,
      reason: "llm run",
      cause: { kind: "llm_call", id: "run1" },
    });
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
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 250 })),
      ),
    ).toMatchObject({ status: 200 });
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.dispute.created", stripeDispute({ id: ids.of("dp"), paymentIntent: pi, amount: 250 })),
      ),
    ).toMatchObject({ status: 200 });
    const { balance, flagged } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: 0, flagged: false });
  });

  it("finds a subscription invoice's payment by its payment intent (refund of a renewal)", async () => {
    const uid = ids.uid();
    const invoiceId = ids.of("in");
    const pi = ids.of("pi");
    const start = new Date();
    const invoice = stripeEvent(
      "invoice.paid",
      stripeInvoice({
        id: invoiceId,
        uid,
        sku: "tier_pro_monthly",
        subscription: ids.of("sub"),
        periodStart: start,
        periodEnd: new Date(start.getTime() + 30 * DAY),
        paymentIntent: pi,
        amount: 1900,
      }),
    );
    expect((await deliver(api.baseUrl, invoice)).status).toBe(200);
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 1900, amountRefunded: 1900 })),
      ),
    ).toMatchObject({ status: 200 });
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(0);
    expect(entries.at(-1)).toMatchObject({ type: "refund", idempotency_key: `stripe:refund:${invoiceId}:1900` });
  });
});

it("uses the secret it is given: another function's secret is not accepted", async () => {
  const res = await deliver(
    api.baseUrl,
    stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: ids.uid(), sku: "credits_1000", paymentIntent: ids.of("pi") })),
    { secret: SECRETS.razorpay },
  );
  expectErrorBody(res, 400, "invalid_signature");
});
