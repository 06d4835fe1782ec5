import firebaseFunctionsTest from "firebase-functions-test";
import { ObjectId } from "mongodb";
import { debitKeyOf } from "../../functions/src/core/marketplace/purchase-saga";
import type { defineSchedule } from "../../functions/src/platform/define-schedule";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { setLogSink, type LogFields } from "../../functions/src/platform/logger";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";
import { usageRecord } from "../support/usage-records";

/**
 * The exported scheduled functions, invoked the way firebase-functions-test's docs show: `wrap(fn)()`.
 * With firebase-functions 7.4 and firebase-functions-test 3.5.0, wrap() does not recognise a v2 schedule
 * (its `isV2CloudFunction` wants `fn.length === 1`; a v2 schedule is an HTTP handler of length 0) and takes
 * the v1 scheduled path: the handler runs, but with a v1 EventContext instead of a ScheduledEvent, so
 * `scheduleTime` cannot be given (first test). The jobs take their time from the services' clock, so every
 * schedule still runs for real against this file's database; tests that need a given schedule time use
 * `fn.run({ scheduleTime })` (analytics-rollup.test.ts, sentry-crons.test.ts).
 */
const testDb = useTestDatabase("schedules_wrap");
const fft = firebaseFunctionsTest();
type Schedule = ReturnType<typeof defineSchedule>;
const exported = () => require("../../functions/src/index") as Record<string, Schedule>;
/** What the docs show: wrap the exported function and call the wrapper (no event needed for a schedule). */
// Its types have no overload for a v2 ScheduleFunction either (the cast), which matches what it does at run time.
const wrapSchedule = (name: string) => fft.wrap(exported()[name] as never) as unknown as (event?: object) => Promise<unknown>;
const invoke = (name: string) => wrapSchedule(name)();

let clock = Date.parse("2026-03-10T12:00:00Z");
let restore: () => void;
const runs: LogFields[] = [];
beforeAll(() => {
  restore = overrideServicesForTests({ now: () => new Date(clock) });
  // The schedule_run line is at info level (the configuration sets the level when a run reads it).
  process.env.LOG_LEVEL = "info";
  resetConfigForTests();
  setLogSink((_level, event, fields) => {
    if (event === "schedule_run") runs.push(fields);
  });
});
afterAll(() => {
  setLogSink(() => undefined);
  process.env.LOG_LEVEL = "error";
  resetConfigForTests();
  restore();
  fft.cleanup();
});
const lastRun = () => runs.at(-1);

describe("firebase-functions-test wrap() on the v2 schedules (firebase-functions 7.4)", () => {
  it("takes the v1 path: the handler runs, without a scheduleTime, and a ScheduledEvent cannot be passed", async () => {
    const wrapped = wrapSchedule("creditsSweep");
    expect(() => wrapped({ scheduleTime: "2026-03-10T12:00:00Z", jobName: "creditsSweep" })).toThrow('has invalid key "scheduleTime"');
    await wrapped();
    // The deployed handler names its run after event.scheduleTime: under wrap() there is none.
    expect(lastRun()).toMatchObject({ schedule: "creditsSweep", runId: "creditsSweep:undefined", ok: true });
  });
});

describe("each schedule through wrap(), with an observable outcome", () => {
  it("creditsSweep expires the unspent remainder of a grant past its expiry, once", async () => {
    const ledger = await services.ledger();
    const uid = "wrap-sweep";
    const cause = { kind: "test", id: "wrap" };
    await ledger.purchase({ uid, amount: 500, idempotencyKey: `${uid}:pack`, actor: "system", reason: "pack", cause });
    await ledger.grant({
      uid,
      amount: 300,
      idempotencyKey: `${uid}:promo`,
      actor: "system",
      reason: "promo",
      cause,
      expiresAt: new Date(clock + 60_000),
    });
    await invoke("creditsSweep");
    expect(await ledger.account(uid)).toMatchObject({ balance: 800 }); // not due yet
    clock += 10 * 60_000;
    await invoke("creditsSweep");
    expect(await ledger.account(uid)).toMatchObject({ balance: 500 });
    await invoke("creditsSweep");
    expect(await ledger.account(uid)).toMatchObject({ balance: 500 });
    const expiries = await (await testDb.db()).collection("transactions").find({ user_id: uid, type: "expire" }).toArray();
    expect(expiries.map((e) => e.delta_available)).toEqual([-300]);
    expect(lastRun()).toMatchObject({ schedule: "creditsSweep", ok: true });
  });

  it("analyticsRollup writes the buckets of new usage and advances its watermark to the services' clock", async () => {
    const usage = await services.store("usage");
    const uid = "wrap-rollup";
    for (const [i, credits] of [7, 11].entries())
      await usage.record(usageRecord({ uid, dedupe_key: `wrap:${uid}:${i}`, credits, created_at: new Date(clock - (20 - i) * 60_000) }));
    await invoke("analyticsRollup");
    const db = await testDb.db();
    const buckets = await db.collection("analytics_rollups").find({ series: "usage", scope: "user", scope_id: uid }).toArray();
    const total = (k: string) => buckets.reduce((sum, b) => sum + (b.m[k] ?? 0), 0);
    expect({ credits: total("credits"), calls: total("calls") }).toEqual({ credits: 18, calls: 2 });
    const state = await db
      .collection("analytics_state")
      .find({ watermark: { $ne: null } })
      .toArray();
    expect(state.map((s) => s.watermark.getTime())).toContain(clock);
    expect(lastRun()).toMatchObject({ schedule: "analyticsRollup", ok: true });
  });

  it("marketplaceSweep gives back, once, a debit that landed after its purchase was abandoned", async () => {
    const ledger = await services.ledger();
    const uid = "wrap-mkt-buyer";
    const cause = { kind: "test", id: "wrap" };
    await ledger.purchase({ uid, amount: 1_000, idempotencyKey: `${uid}:pack`, actor: "system", reason: "pack", cause });
    // What a crashed purchase leaves: abandoned (failed, not yet checked), while its debit applied anyway.
    const id = new ObjectId();
    const at = new Date(clock);
    await (await testDb.db()).collection("purchases").insertOne({
      _id: id,
      key: `${uid}:listing:1`,
      buyer_uid: uid,
      target: { kind: "listing", id: new ObjectId() },
      generation: 1,
      items: [],
      price: 250,
      partner_uid: null,
      commission_bps: null,
      state: "failed",
      failure: "abandoned",
      debit_checked: false,
      lease_owner: null,
      lease_until: null,
      refunds: [],
      refund_pending: null,
      refunded_listing_ids: [],
      refundable_until: new Date(clock + 14 * 86_400_000),
      created_at: at,
      updated_at: at,
      paid_at: null,
      completed_at: null,
    });
    await ledger.transferOut({
      uid,
      amount: 250,
      idempotencyKey: debitKeyOf(id),
      purpose: "marketplace.purchase",
      actor: uid,
      reason: "bought",
      cause: { kind: "marketplace_purchase", id: id.toHexString() },
    });
    expect(await ledger.account(uid)).toMatchObject({ balance: 750 });
    await invoke("marketplaceSweep");
    expect(await ledger.account(uid)).toMatchObject({ balance: 1_000 });
    expect(lastRun()).toMatchObject({ schedule: "marketplaceSweep", ok: true, debitsReturned: 1 });
    await invoke("marketplaceSweep");
    expect(await ledger.account(uid)).toMatchObject({ balance: 1_000 });
    expect(lastRun()).toMatchObject({ schedule: "marketplaceSweep", ok: true, debitsReturned: 0 });
  });
});
