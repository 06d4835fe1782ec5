import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { adminAuth, createUser } from "../support/auth-emulator";
import { expectErrorBody } from "../support/http";
import {
  deliver,
  ids,
  ledgerOf,
  paddleAdjustment,
  paddleEvent,
  paddleSubscription,
  paddleTransaction,
  recordCheckout,
  useWebhookApi,
} from "../support/webhook-events";

/** POST /webhooks/paddle through the exported paddleWebhook function, signed `ts=…;h1=…` at send time. */
const api = useWebhookApi("webhooks_paddle");
const testDb = api.testDb;

const DAY = 86_400_000;
const db = api.db;

/** A pack bought through our checkout: the transaction is recorded (as billingCheckout records it), then paid. */
async function packPaid(uid: string, sku = "credits_1000", total = 500, txn = ids.of("txn")) {
  await recordCheckout(await db(), { provider: "paddle", uid, sku, ids: [txn] });
  return { txn, event: paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku, total })) };
}

describe("a paid credit pack", () => {
  it("purchases exactly the sku's credits, keyed by the transaction id, and answers fast", async () => {
    const uid = ids.uid();
    const { txn, event } = await packPaid(uid, "credits_5000", 2000);
    const started = Date.now();
    const res = await deliver(api.baseUrl, event);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.json).toEqual({ received: true });
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(5000);
    expect(entries).toEqual([expect.objectContaining({ type: "purchase", idempotency_key: `paddle:payment:${txn}:credit` })]);
    expect(await (await db()).collection("payments").findOne({ provider: "paddle", payment_id: txn })).toMatchObject({
      amount: 2000,
      currency: "USD",
      credits: 5000,
    });
  });

  it("grants once for 50 identical deliveries sent at the same time", async () => {
    const uid = ids.uid();
    const { event } = await packPaid(uid);
    const results = await Promise.all(Array.from({ length: 50 }, () => deliver(api.baseUrl, event)));
    expect(results.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect({ balance, entries: entries.length }).toEqual({ balance: 1000, entries: 1 });
  });
});

describe("signatures", () => {
  it.each([
    ["a tampered body", { tamper: (b: string) => b.replace("pri_credits1k_fake", "pri_credits20k_fake") }],
    ["a wrong secret", { secret: "pdl_wrong_secret" }],
    ["a signature older than 300 s", { ageSeconds: 301 }],
    ["a signature more than 300 s ahead", { ageSeconds: -301 }],
    ["no signature", { omitSignature: true }],
  ])("rejects %s with 400 invalid_signature and changes nothing", async (_label, opts) => {
    const { event } = await packPaid(ids.uid());
    const before = await testDb.snapshot();
    expectErrorBody(await deliver(api.baseUrl, event, opts), 400, "invalid_signature");
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("accepts a signature made 60 s ago (a cold instance, a slow queue): replays are absorbed by the event id", async () => {
    const uid = ids.uid();
    const { event } = await packPaid(uid);
    expect((await deliver(api.baseUrl, event, { ageSeconds: 60 })).status).toBe(200);
    expect((await deliver(api.baseUrl, event, { ageSeconds: 200 })).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).entries).toHaveLength(1);
  });

  it("rejects a malformed Paddle-Signature header", async () => {
    const { event } = await packPaid(ids.uid());
    const res = await fetch(`${api.baseUrl}/webhooks/paddle`, {
      method: "POST",
      headers: { "content-type": "application/json", "paddle-signature": "garbage" },
      body: event.body,
    });
    expect(res.status).toBe(400);
  });
});

it("acknowledges an unknown event type and records it", async () => {
  const e = paddleEvent("address.created", { id: "add_1" });
  expect((await deliver(api.baseUrl, e)).status).toBe(200);
  expect(await (await db()).collection("webhook_events").findOne({ event_id: `paddle:${JSON.parse(e.body).event_id}` })).toMatchObject({
    state: "done",
    outcome: "ignored",
  });
});

describe("subscriptions", () => {
  it("grants the period on transaction.completed and keeps the newest state when updates arrive newest-first", async () => {
    const user = await createUser("paddle-sub");
    const sub = ids.of("sub");
    const start = new Date();
    const end = new Date(start.getTime() + 30 * DAY);
    const txn = ids.of("txn");
    await recordCheckout(await db(), { provider: "paddle", uid: user.uid, sku: "tier_pro_monthly", ids: [txn] });
    const paid = paddleEvent(
      "transaction.completed",
      paddleTransaction({ id: txn, sku: "tier_pro_monthly", total: 1900, subscriptionId: sub, periodStart: start, periodEnd: end }),
    );
    expect((await deliver(api.baseUrl, paid)).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), user.uid);
    expect(balance).toBe(5000);
    expect(entries[0]).toMatchObject({ type: "grant", idempotency_key: `paddle:payment:${txn}:credit`, expires_at: end });

    const t = Date.now();
    const states = [
      paddleEvent(
        "subscription.created",
        paddleSubscription({
          id: sub,
          uid: user.uid,
          sku: "tier_pro_monthly",
          status: "active",
          updatedAt: new Date(t - 3000),
          periodEnd: end,
        }),
      ),
      paddleEvent(
        "subscription.updated",
        paddleSubscription({
          id: sub,
          uid: user.uid,
          sku: "tier_team_monthly",
          status: "active",
          updatedAt: new Date(t - 2000),
          periodEnd: end,
        }),
      ),
      paddleEvent(
        "subscription.updated",
        paddleSubscription({
          id: sub,
          uid: user.uid,
          sku: "tier_team_monthly",
          status: "active",
          updatedAt: new Date(t - 1000),
          periodEnd: end,
          cancelScheduled: true,
        }),
      ),
    ];
    for (const e of [...states].reverse()) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect(await (await db()).collection("subscriptions").findOne({ provider: "paddle", subscription_id: sub })).toMatchObject({
      tier: "team",
      cancel_at_period_end: true,
      status: "active",
    });
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "team" });

    const canceled = paddleEvent(
      "subscription.canceled",
      paddleSubscription({ id: sub, uid: user.uid, sku: "tier_team_monthly", status: "canceled", updatedAt: new Date(t), periodEnd: end }),
    );
    expect((await deliver(api.baseUrl, canceled)).status).toBe(200);
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "free" });
  });

  it("credits a renewal transaction without custom_data from the stored subscription (started by our checkout's transaction)", async () => {
    const uid = ids.uid();
    const sub = ids.of("sub");
    const txn = ids.of("txn");
    const end = new Date(Date.now() + 30 * DAY);
    await recordCheckout(await db(), { provider: "paddle", uid, sku: "tier_pro_monthly", ids: [txn] });
    const created = paddleEvent(
      "subscription.created",
      paddleSubscription({
        id: sub,
        uid: ids.uid(),
        sku: "tier_pro_monthly",
        status: "active",
        updatedAt: new Date(),
        periodEnd: end,
        transactionId: txn,
      }),
    );
    expect((await deliver(api.baseUrl, created)).status).toBe(200);
    const renewal = paddleEvent(
      "transaction.completed",
      paddleTransaction({
        id: ids.of("txn"),
        sku: "tier_pro_monthly",
        total: 1900,
        subscriptionId: sub,
        periodStart: end,
        periodEnd: new Date(end.getTime() + 30 * DAY),
      }),
    );
    expect((await deliver(api.baseUrl, renewal)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(5000);
  });
});

describe("plan changes follow the price billed", () => {
  it("an upgrade mid-period (custom_data still says Pro): the tier follows the item's price, the proration grants its share", async () => {
    const user = await createUser("paddle-upgrade");
    const [sub, txn] = [ids.of("sub"), ids.of("txn")];
    const start = new Date();
    const end = new Date(start.getTime() + 30 * DAY);
    await recordCheckout(await db(), { provider: "paddle", uid: user.uid, sku: "tier_pro_monthly", ids: [txn] });
    const first = paddleEvent(
      "transaction.completed",
      paddleTransaction({ id: txn, sku: "tier_pro_monthly", total: 1900, subscriptionId: sub, periodStart: start, periodEnd: end }),
    );
    const upgraded = paddleEvent(
      "subscription.updated",
      paddleSubscription({
        id: sub,
        uid: user.uid,
        sku: "tier_pro_monthly",
        priceId: "pri_team_fake",
        status: "active",
        updatedAt: new Date(),
        periodEnd: end,
      }),
    );
    // Paddle bills the rest of the period: the new price for 40 % of it, the old one credited back for the same share.
    const proration = paddleEvent(
      "transaction.completed",
      paddleTransaction({
        id: ids.of("txn"),
        subscriptionId: sub,
        periodStart: new Date(start.getTime() + 18 * DAY),
        periodEnd: end,
        customData: { uid: user.uid, sku: "tier_pro_monthly" },
        items: [
          { priceId: "pri_pro_fake", quantity: -1, subtotal: -760, prorationRate: "0.4" },
          { priceId: "pri_team_fake", quantity: 1, subtotal: 3960, prorationRate: "0.4" },
        ],
      }),
    );
    for (const e of [first, upgraded, proration]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await (await adminAuth()).getUser(user.uid)).customClaims).toMatchObject({ tier: "team" });
    // 5,000 for the first month; then floor(25,000 × 0.4) − floor(5,000 × 0.4) = 8,000, expiring with the period.
    const { entries } = await ledgerOf(await db(), user.uid);
    expect(entries.map((e) => [e.type, e.delta_available])).toEqual([
      ["grant", 5000],
      ["grant", 8000],
    ]);
    expect(entries[1].expires_at).toEqual(end);
  });
});

describe("adjustments", () => {
  async function buy(uid: string) {
    const p = await packPaid(uid);
    expect((await deliver(api.baseUrl, p.event)).status).toBe(200);
    return p.txn;
  }

  it("reverses an approved refund in proportion, then the rest; a pending one does nothing", async () => {
    const uid = ids.uid();
    const txn = await buy(uid);
    const pending = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: ids.of("adj"), transactionId: txn, action: "refund", total: 100, status: "pending_approval" }),
    );
    expect((await deliver(api.baseUrl, pending)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(1000);

    const partial = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: ids.of("adj"), transactionId: txn, action: "refund", total: 100 }),
    );
    expect((await deliver(api.baseUrl, partial)).status).toBe(200);
    expect((await ledgerOf(await db(), uid)).balance).toBe(800);
    const rest = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: ids.of("adj"), transactionId: txn, action: "refund", total: 400 }),
    );
    expect((await deliver(api.baseUrl, rest)).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), uid);
    expect(balance).toBe(0);
    expect(entries.map((e) => e.idempotency_key)).toEqual([
      `paddle:payment:${txn}:credit`,
      `paddle:refund:${txn}:100`,
      `paddle:refund:${txn}:500`,
    ]);
  });

  it("charges back after the credits were spent: negative balance, account flagged", async () => {
    const uid = ids.uid();
    const txn = await buy(uid);
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
    const adj = ids.of("adj");
    const chargeback = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: adj, transactionId: txn, action: "chargeback", total: 500 }),
    );
    expect((await deliver(api.baseUrl, chargeback)).status).toBe(200);
    const { balance, flagged, entries } = await ledgerOf(await db(), uid);
    expect({ balance, flagged }).toEqual({ balance: -600, flagged: true });
    expect(entries.at(-1)).toMatchObject({ type: "chargeback", delta_available: -1000, idempotency_key: `paddle:dispute:${adj}` });
  });
});
