import type { Collection, Db } from "mongodb";
import { PaymentsStore } from "../../functions/src/core/payments/payments-store";
import { SubscriptionsStore, type SubscriptionUpdate } from "../../functions/src/core/payments/subscriptions-store";
import { MongoWebhookEventsStore } from "../../functions/src/core/payments/webhook-events-store";
import { useTestDatabase } from "../support/db";
import { ids } from "../support/webhook-events";

/**
 * The webhook stores against the database: the event claim and its lease, payments recorded once,
 * subscription states applied only when newer. On a real MongoDB a lost insert race surfaces as
 * E11000 from a unique index (the local engine never raises it): injected here to cover that branch.
 */
const testDb = useTestDatabase("webhook_stores");
const t0 = new Date("2026-11-20T00:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const meta = { provider: "stripe" as const, type: "invoice.paid", payloadHash: "h1" };

/**
 * A Db whose collections throw E11000 from the first call of `method` that asks for an upsert, after
 * running `race` (what the concurrent winner of the insert wrote).
 */
function duplicateOnUpsert(db: Db, method: "findOneAndUpdate" | "updateOne", race?: () => Promise<unknown>): Db {
  let thrown = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== "collection") return Reflect.get(target, prop);
      return (name: string) => {
        const coll = target.collection(name);
        return new Proxy(coll, {
          get(c, p) {
            const real = Reflect.get(c, p);
            if (p !== method) return typeof real === "function" ? real.bind(c) : real;
            return async (...args: unknown[]) => {
              const options = args[2] as { upsert?: boolean } | undefined;
              if (!thrown && options?.upsert) {
                thrown = true;
                await race?.();
                throw Object.assign(new Error("E11000 duplicate key error (injected)"), { code: 11000 });
              }
              return (real as (...a: unknown[]) => unknown).apply(c, args);
            };
          },
        }) as Collection;
      };
    },
  });
}

describe("webhook_events claims", () => {
  it("claims a new event in one write, and refuses a second claim while the lease runs", async () => {
    const store = new MongoWebhookEventsStore(await testDb.db());
    const id = `stripe:${ids.of("evt")}`;
    const first = await store.claim(id, meta, t0, 60_000);
    expect(first).toMatchObject({ claimed: true, attempts: 1 });
    expect(await store.claim(id, meta, later(59_000), 60_000)).toMatchObject({ claimed: false, state: "processing" });
    expect(await store.find(id)).toMatchObject({
      event_id: id,
      provider: "stripe",
      type: "invoice.paid",
      payload_hash: "h1",
      state: "processing",
      attempts: 1,
      created_at: t0,
    });
  });

  it("takes over an expired lease (a crashed attempt) and a failed event; never a done one", async () => {
    const store = new MongoWebhookEventsStore(await testDb.db());
    const id = `stripe:${ids.of("evt")}`;
    const first = await store.claim(id, meta, t0, 60_000);
    const second = await store.claim(id, meta, later(60_000), 60_000);
    expect(second).toMatchObject({ claimed: true, attempts: 2 });
    // The first attempt, back from the dead, cannot mark the event failed over the second's lease.
    if (!first.claimed || !second.claimed) throw new Error("unreachable");
    await store.markFailed(id, first.token, "late", later(61_000));
    expect(await store.find(id)).toMatchObject({ state: "processing" });
    await store.markFailed(id, second.token, "boom", later(61_000));
    expect(await store.find(id)).toMatchObject({ state: "failed", last_error: "boom", lease_until: null });
    const third = await store.claim(id, meta, later(62_000), 60_000);
    expect(third).toMatchObject({ claimed: true, attempts: 3 });
    await store.markDone(id, { outcome: "applied" }, later(63_000));
    expect(await store.find(id)).toMatchObject({ state: "done", outcome: "applied" });
    expect((await store.find(id))!.last_error).toBeUndefined();
    expect(await store.claim(id, meta, later(3_600_000), 60_000)).toMatchObject({ claimed: false, state: "done" });
    // A failure reported after the event is done changes nothing.
    if (third.claimed) await store.markFailed(id, third.token, "too late", later(64_000));
    expect(await store.find(id)).toMatchObject({ state: "done" });
  });

  it("treats E11000 on the first upsert as 'exists' and claims through the conditional update", async () => {
    const db = await testDb.db();
    const id = `stripe:${ids.of("evt")}`;
    const plain = new MongoWebhookEventsStore(db);
    const first = await plain.claim(id, meta, t0, 60_000);
    if (!first.claimed) throw new Error("unreachable");
    await plain.markFailed(id, first.token, "x", t0);
    const racing = new MongoWebhookEventsStore(duplicateOnUpsert(db, "findOneAndUpdate"));
    expect(await racing.claim(id, meta, later(1000), 60_000)).toMatchObject({ claimed: true, attempts: 2 });
    expect(await db.collection("webhook_events").countDocuments({ event_id: id })).toBe(1);
  });

  it("gives one claim to 30 concurrent first deliveries", async () => {
    const store = new MongoWebhookEventsStore(await testDb.db());
    const id = `stripe:${ids.of("evt")}`;
    const results = await Promise.all(Array.from({ length: 30 }, () => store.claim(id, meta, t0, 60_000)));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(await (await testDb.db()).collection("webhook_events").countDocuments({ event_id: id })).toBe(1);
  });
});

describe("payments", () => {
  const payment = (id: string) => ({
    provider: "stripe" as const,
    payment_id: id,
    uid: "u1",
    sku: "credits_1000",
    credits: 1000,
    amount: 500,
    currency: "USD",
  });

  it("records a payment once; a later event only adds aliases", async () => {
    const store = new PaymentsStore(await testDb.db());
    const id = ids.of("in");
    await store.record(payment(id), t0);
    const again = await store.record({ ...payment(id), uid: "someone-else", credits: 5, aliases: ["pi_1"] }, later(1000));
    expect(again).toMatchObject({
      uid: "u1",
      credits: 1000,
      aliases: ["pi_1"],
      refunded_amount: 0,
      credits_reversed: 0,
      status: "paid",
      created_at: t0,
    });
    expect(await store.find("stripe", "pi_1")).toMatchObject({ payment_id: id });
    expect(await store.find("razorpay", id)).toBeNull();
  });

  it("treats E11000 on the upsert as 'exists' and keeps the aliases", async () => {
    const db = await testDb.db();
    const id = ids.of("in");
    await new PaymentsStore(db).record(payment(id), t0);
    const doc = await new PaymentsStore(duplicateOnUpsert(db, "findOneAndUpdate")).record({ ...payment(id), aliases: ["pi_2"] }, t0);
    expect(doc).toMatchObject({ payment_id: id, aliases: ["pi_2"] });
  });

  it("counts each per-refund id once and keeps the largest cumulative total", async () => {
    const store = new PaymentsStore(await testDb.db());
    const doc = await store.record(payment(ids.of("pay")), t0);
    await store.recordRefund(doc, { id: "r1", amount: 100 }, t0);
    await store.recordRefund(doc, { id: "r1", amount: 100 }, t0);
    expect(await store.recordRefund(doc, { id: "r2", amount: 50 }, t0)).toMatchObject({
      refunded_amount: 150,
      status: "partially_refunded",
    });
    const other = await store.record(payment(ids.of("pay")), t0);
    await store.recordCumulativeRefund(other, 500, t0);
    expect(await store.recordCumulativeRefund(other, 200, t0)).toMatchObject({ refunded_amount: 500, status: "refunded" });
  });

  it("lets one reversal begin at a time, and counts it once however many finish it", async () => {
    const store = new PaymentsStore(await testDb.db());
    const doc = await store.record(payment(ids.of("pay")), t0);
    const reversal = { key: "k1", kind: "refund" as const, amount: 300 };
    const begun = await Promise.all([store.beginReversal(doc, reversal, t0), store.beginReversal(doc, { ...reversal, key: "k2" }, t0)]);
    expect(begun.filter(Boolean)).toHaveLength(1);
    const pending = (await store.reload(doc))!.reversal_pending!;
    await Promise.all([store.finishReversal(doc, pending, t0), store.finishReversal(doc, pending, t0)]);
    expect(await store.reload(doc)).toMatchObject({ credits_reversed: 300, reversal_pending: null });
  });
});

describe("subscriptions", () => {
  const state = (id: string, version: number, status: SubscriptionUpdate["status"] = "active"): SubscriptionUpdate => ({
    provider: "paddle",
    subscription_id: id,
    uid: "u1",
    sku: "tier_pro_monthly",
    tier: "pro",
    status,
    current_period_end: null,
    cancel_at_period_end: false,
    version,
  });

  it("stores a state only if it is newer, in any delivery order", async () => {
    const store = new SubscriptionsStore(await testDb.db());
    const id = ids.of("sub");
    expect(await store.applyIfNewer(state(id, 20, "past_due"), t0)).toBe(true);
    expect(await store.applyIfNewer(state(id, 10, "active"), t0)).toBe(false);
    expect(await store.applyIfNewer(state(id, 20, "canceled"), t0)).toBe(false);
    expect(await store.applyIfNewer(state(id, 30, "canceled"), t0)).toBe(true);
    expect(await store.find("paddle", id)).toMatchObject({ status: "canceled", version: 30 });
  });

  it("applies the newest of many concurrent states", async () => {
    const store = new SubscriptionsStore(await testDb.db());
    const id = ids.of("sub");
    const versions = Array.from({ length: 20 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await Promise.all(versions.map((v) => store.applyIfNewer(state(id, v), t0)));
    expect((await store.find("paddle", id))!.version).toBe(20);
    expect(await (await testDb.db()).collection("subscriptions").countDocuments({ subscription_id: id })).toBe(1);
  });

  it.each([
    [7, true, "past_due"],
    [3, false, "active"],
  ])("after losing an insert race (E11000) to version 5, version %d is applied: %s", async (version, applied, finalStatus) => {
    const db = await testDb.db();
    const id = ids.of("sub");
    const winner = () => new SubscriptionsStore(db).applyIfNewer(state(id, 5, "active"), t0);
    const store = new SubscriptionsStore(duplicateOnUpsert(db, "updateOne", winner));
    expect(await store.applyIfNewer(state(id, version, "past_due"), t0)).toBe(applied);
    expect(await new SubscriptionsStore(db).find("paddle", id)).toMatchObject({ status: finalStatus });
  });
});
