import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { adminAuth, createUser } from "../support/auth-emulator";
import { expectErrorBody } from "../support/http";
import {
  catalogPrice,
  deliver,
  ids,
  ledgerOf,
  razorpayEvent,
  razorpayOrder,
  razorpayPayment,
  razorpaySubscription,
  useWebhookApi,
} from "../support/webhook-events";

/** POST /webhooks/razorpay through the exported razorpayWebhook function, signed as Razorpay signs (hex HMAC of the body). */
const api = useWebhookApi("webhooks_razorpay");
const testDb = api.testDb;

const DAY = 86_400_000;
const db = api.db;

function packPaid(uid: string | undefined, paymentId = ids.of("pay"), sku = "credits_1000") {
  const orderId = ids.of("order");
  const notes = uid ? { uid, sku } : undefined;
  const amount = catalogPrice(sku, "INR");
  return {
    paymentId,
    captured: razorpayEvent("payment.captured", { payment: razorpayPayment({ id: paymentId, orderId, notes, amount }) }),
    orderPaid: razorpayEvent("order.paid", {
      payment: razorpayPayment({ id: paymentId, orderId, amount }),
      order: razorpayOrder({ id: orderId, notes, amount }),
    }),
  };
}

describe("a paid credit pack", () => {
  it("purchases exactly the sku's credits, keyed by the payment id", async () => {
    const uid = ids.uid();
    const { paymentId, orderPaid } = packPaid(uid, undefined, "credits_20000");
    const res = await deliver(api.baseUrl, orderPaid);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: true });
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(20_000);
    expect(entries).toEqual([
      expect.objectContaining({ type: "purchase", delta_available: 20_000, idempotency_key: `razorpay:payment:${paymentId}:credit` }),
    ]);
    expect(await (await db()).collection("webhook_events").findOne({ event_id: `razorpay:${orderPaid.eventId}` })).toMatchObject({
      state: "done",
      outcome: "applied",
    });
  });

  it.each([["payment.captured first"], ["order.paid first"]])("grants once for payment.captured + order.paid (%s)", async (order) => {
    const uid = ids.uid();
    const { captured, orderPaid } = packPaid(uid);
    const sequence = order === "payment.captured first" ? [captured, orderPaid] : [orderPaid, captured];
    for (const e of sequence) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect({ balance, entries: entries.length }).toEqual({ balance: 1000, entries: 1 });
  });

  it("grants once when payment.captured and order.paid arrive at the same time, 10 deliveries each", async () => {
    const uid = ids.uid();
    const { captured, orderPaid } = packPaid(uid);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(api.baseUrl, i % 2 ? captured : orderPaid)));
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect({ balance, entries: entries.length }).toEqual({ balance: 1000, entries: 1 });
    expect(await (await db()).collection("payments").countDocuments({ uid })).toBe(1);
  });

  it("leaves a payment.captured without notes to order.paid, which carries the order's notes", async () => {
    const uid = ids.uid();
    const paymentId = ids.of("pay");
    const orderId = ids.of("order");
    const captured = razorpayEvent("payment.captured", { payment: razorpayPayment({ id: paymentId, orderId }) });
    const orderPaid = razorpayEvent("order.paid", {
      payment: razorpayPayment({ id: paymentId, orderId, amount: catalogPrice("credits_5000", "INR") }),
      order: razorpayOrder({ id: orderId, notes: { uid, sku: "credits_5000" }, amount: catalogPrice("credits_5000", "INR") }),
    });
    expect((await deliver(api.baseUrl, captured)).status).toBe(200);
    expect((await (await db()).collection("webhook_events").findOne({ event_id: `razorpay:${captured.eventId}` }))!.outcome).toBe(
      "ignored",
    );
    expect((await deliver(api.baseUrl, orderPaid)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(5000);
  });

  it("grants once for 50 identical deliveries sent at the same time", async () => {
    const uid = ids.uid();
    const { orderPaid } = packPaid(uid);
    const results = await Promise.all(Array.from({ length: 50 }, () => deliver(api.baseUrl, orderPaid)));
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect({ balance, entries: entries.length }).toEqual({ balance: 1000, entries: 1 });
  });

  it("treats redeliveries with the same X-Razorpay-Event-Id as one event, and distinct ids of one payment as one payment", async () => {
    const uid = ids.uid();
    const { orderPaid } = packPaid(uid);
    const again = { ...orderPaid, eventId: ids.of("evt") };
    for (const e of [orderPaid, orderPaid, again]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).entries).toHaveLength(1);
    expect(
      await (
        await db()
      )
        .collection("webhook_events")
        .countDocuments({ event_id: { $in: [`razorpay:${orderPaid.eventId}`, `razorpay:${again.eventId}`] } }),
    ).toBe(2);
  });
});

describe("signatures (Razorpay signs no timestamp: replays are absorbed by the event id)", () => {
  it.each([
    ["a tampered body", { tamper: (b: string) => b.replace("credits_1000", "credits_20000") }],
    ["a wrong secret", { secret: "rzp_wrong_secret" }],
    ["no signature", { omitSignature: true }],
  ])("rejects %s with 400 invalid_signature and changes nothing", async (_label, opts) => {
    const before = await testDb.snapshot();
    expectErrorBody(await deliver(api.baseUrl, packPaid(ids.uid()).orderPaid, opts), 400, "invalid_signature");
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("rejects a signature of the wrong length (checked before the constant-time compare)", async () => {
    const e = packPaid(ids.uid()).orderPaid;
    const res = await fetch(`${api.baseUrl}/webhooks/razorpay`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-razorpay-signature": "abc", "x-razorpay-event-id": e.eventId! },
      body: e.body,
    });
    expect(res.status).toBe(400);
  });
});

it("acknowledges an unknown event type and records it", async () => {
  const e = razorpayEvent("invoice.expired", { invoice: { entity: { id: "inv_1" } } });
  expect((await deliver(api.baseUrl, e)).status).toBe(200);
  expect(await (await db()).collection("webhook_events").findOne({ event_id: `razorpay:${e.eventId}` })).toMatchObject({
    state: "done",
    outcome: "ignored",
    type: "invoice.expired",
  });
});

describe("subscriptions", () => {
  it("grants each charged period once, sets the tier, and drops it on cancellation", async () => {
    const user = await createUser("rzp-sub");
    const sub = ids.of("sub");
    const notes = { uid: user.uid, sku: "tier_pro_monthly" };
    const start = new Date(Date.now() - 1000);
    const end = new Date(start.getTime() + 30 * DAY);
    const payId = ids.of("pay");
    const charged = razorpayEvent(
      "subscription.charged",
      {
        subscription: razorpaySubscription({ id: sub, status: "active", notes, currentStart: start, currentEnd: end }),
        payment: razorpayPayment({ id: payId, amount: 149_900, invoiceId: ids.of("inv") }),
      },
      { createdAt: start },
    );
    // Razorpay also reports the subscription's payment as payment.captured: it must not grant again.
    const captured = razorpayEvent("payment.captured", {
      payment: razorpayPayment({ id: payId, amount: 149_900, invoiceId: ids.of("inv"), notes }),
    });
    for (const e of [charged, captured, charged]) expect((await deliver(api.baseUrl, e)).status).toBe(200);

    const { balance, entries } = await ledgerOf(await db(), user.uid);
    expect(balance).toBe(5000);
    expect(entries).toEqual([expect.objectContaining({ type: "grant", idempotency_key: `razorpay:payment:${payId}:credit` })]);
    expect(entries[0].expires_at.getTime()).toBe(Math.floor(end.getTime() / 1000) * 1000);
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "pro" });

    const cancelled = razorpayEvent(
      "subscription.cancelled",
      { subscription: razorpaySubscription({ id: sub, status: "cancelled", notes, currentStart: start, currentEnd: end }) },
      { createdAt: new Date(start.getTime() + 5000) },
    );
    expect((await deliver(api.baseUrl, cancelled)).status).toBe(200);
    expect(await (await db()).collection("subscriptions").findOne({ provider: "razorpay", subscription_id: sub })).toMatchObject({
      status: "canceled",
      tier: "pro",
    });
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "free" });
    // A late subscription.charged of the old period (older version) does not revive it.
    const lateCharged = { ...charged, eventId: ids.of("evt") };
    expect((await deliver(api.baseUrl, lateCharged)).status).toBe(200);
    expect((await (await db()).collection("subscriptions").findOne({ provider: "razorpay", subscription_id: sub }))!.status).toBe(
      "canceled",
    );
  });

  it("keeps the newest state when subscription events arrive newest-first", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const notes = { uid, sku: "tier_team_monthly" };
    const t = Date.now() - 10_000;
    const events = ["authenticated", "active", "halted"].map((status, i) =>
      razorpayEvent(
        `subscription.${status}`,
        { subscription: razorpaySubscription({ id: sub, status, notes }) },
        { createdAt: new Date(t + i * 2000) },
      ),
    );
    for (const e of [...events].reverse()) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await (await db()).collection("subscriptions").findOne({ provider: "razorpay", subscription_id: sub }))!.status).toBe("paused");
  });
});

describe("a subscription period is priced by the plan charged", () => {
  const charged = (o: { uid: string; sub: string; planSku: string; notesSku: string; amount: number; start: Date }) =>
    razorpayEvent(
      "subscription.charged",
      {
        subscription: razorpaySubscription({
          id: o.sub,
          status: "active",
          sku: o.planSku,
          notes: { uid: o.uid, sku: o.notesSku },
          currentStart: o.start,
          currentEnd: new Date(o.start.getTime() + 30 * DAY),
        }),
        payment: razorpayPayment({ id: ids.of("pay"), amount: o.amount, invoiceId: ids.of("inv") }),
      },
      { createdAt: o.start },
    );

  it("a plan changed to Team (notes still say Pro): Team's credits and tier", async () => {
    const user = await createUser("rzp-plan");
    const e = charged({
      uid: user.uid,
      sub: ids.of("sub"),
      planSku: "tier_team_monthly",
      notesSku: "tier_pro_monthly",
      amount: catalogPrice("tier_team_monthly", "INR"),
      start: new Date(),
    });
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), user.uid)).entries.map((x) => x.delta_available)).toEqual([25_000]);
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "team" });
  });

  it("a charge below the plan's price (an offer we do not price) is held, the subscription state still stored", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const e = charged({
      uid,
      sub,
      planSku: "tier_team_monthly",
      notesSku: "tier_team_monthly",
      amount: catalogPrice("tier_pro_monthly", "INR"),
      start: new Date(),
    });
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).entries).toEqual([]);
    expect(await (await db()).collection("payments").findOne({ provider: "razorpay", subscription_id: sub })).toMatchObject({
      state: "held",
      uid,
      hold_reason: expect.stringContaining("799900 INR"),
    });
    expect(await (await db()).collection("subscriptions").findOne({ provider: "razorpay", subscription_id: sub })).toMatchObject({
      tier: "team",
      status: "active",
    });
  });
});

describe("refunds and disputes", () => {
  async function buy(uid: string) {
    const p = packPaid(uid);
    expect((await deliver(api.baseUrl, p.orderPaid)).status).toBe(200);
    return p.paymentId;
  }
  const refund = (paymentId: string, id: string, amount: number) =>
    razorpayEvent("refund.processed", {
      refund: { entity: { id, entity: "refund", payment_id: paymentId, amount, currency: "INR", status: "processed" } },
      payment: razorpayPayment({ id: paymentId }),
    });

  it("sums per-refund amounts: a partial refund, then the rest; each refund counted once", async () => {
    const uid = ids.uid();
    const paymentId = await buy(uid);
    const first = refund(paymentId, ids.of("rfnd"), 9_975); // a quarter of 39,900 paise
    expect((await deliver(api.baseUrl, first)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(750);
    // The same refund again under a new event id (Razorpay retries can carry new ids): not summed twice.
    expect((await deliver(api.baseUrl, { ...first, eventId: ids.of("evt") })).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(750);
    expect((await deliver(api.baseUrl, refund(paymentId, ids.of("rfnd"), 29_925))).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(0);
    expect(entries.map((e) => [e.type, e.delta_available, e.idempotency_key])).toEqual([
      ["purchase", 1000, `razorpay:payment:${paymentId}:credit`],
      ["refund", -250, `razorpay:refund:${paymentId}:9975`],
      ["refund", -750, `razorpay:refund:${paymentId}:39900`],
    ]);
    expect(await (await db()).collection("payments").findOne({ provider: "razorpay", payment_id: paymentId })).toMatchObject({
      refunded_amount: 39_900,
      status: "refunded",
    });
  });

  it("charges back spent credits: negative balance, account flagged", async () => {
    const uid = ids.uid();
    const paymentId = await buy(uid);
    const ledger = new MongoCreditLedger(await db(), () => new Date());
    const r = await ledger.reserve({
      uid,
      amount: 1000,
      idempotencyKey: `${uid}:run`,
      actor: uid,
      reason: "llm run",
      cause: { kind: "llm_call", id: "run" },
    });
    await ledger.settle(r.id, 1000, uid);
    const dispute = razorpayEvent("payment.dispute.created", {
      dispute: { entity: { id: ids.of("disp"), entity: "dispute", payment_id: paymentId, amount: 39_900, currency: "INR" } },
    });
    expect((await deliver(api.baseUrl, dispute)).status).toBe(200);
    const { balance, flagged } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: -1000, flagged: true });
  });
});
