import { reconcileAnalytics } from "../../functions/src/core/analytics/reconcile";
import { runRollup } from "../../functions/src/core/analytics/rollup";
import { recordEvent } from "../../functions/src/core/events/record-event";
import type { NewUsageEvent } from "../../functions/src/core/usage/usage-store";
import type { defineSchedule } from "../../functions/src/platform/define-schedule";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";
import { usageRecord } from "../support/usage-records";

/**
 * The hourly analytics reconciliation against the ledger, and the retention that strips raw facts to
 * their dedupe keys: drift and missing records are recorded (never fixed), and resolved once a late
 * record arrives; a replay after retention still counts nothing.
 */
const testDb = useTestDatabase("analytics_reconciliation");
const HOUR = 3_600_000;
const LOOKBACK = 48 * HOUR;
const cause = { kind: "test", id: "analytics" };

let clock = Date.parse("2026-03-10T12:00:00Z");
let restore: () => void;
beforeAll(() => {
  restore = overrideServicesForTests({ now: () => new Date(clock) });
});
afterAll(() => restore());

async function stores() {
  const [usage, events, rollups, state, findings, ledger, daily] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
    services.ledger(),
    services.store("analyticsDaily"),
  ]);
  return { usage, events, rollups, state, findings, ledger, daily };
}

const callRecord = (uid: string, key: string, credits: number, at: Date, reservationId: string | null): NewUsageEvent =>
  usageRecord({
    uid,
    dedupe_key: key,
    reservation_id: reservationId,
    credits,
    input_tokens: 10,
    provider_cost_micro: 1,
    latency_ms: 5,
    created_at: at,
  });

/** A metered call as the AI operations make it: reserve, settle at `credits`; its usage record written only if `recorded`. */
async function meteredCall(uid: string, key: string, credits: number, recorded: boolean) {
  const s = await stores();
  const r = await s.ledger.reserve({ uid, amount: 100, idempotencyKey: key, actor: uid, reason: "llm", cause });
  const { entry } = await s.ledger.settle(r.id, credits, uid, { usage_key: key });
  const record = callRecord(uid, key, credits, entry.created_at, r.id);
  if (recorded) await s.usage.record(record);
  return record;
}

const rollup = async () =>
  runRollup(await stores(), { now: new Date(clock), lookbackMs: LOOKBACK, retentionMs: 400 * 24 * HOUR, runId: "r" });
const reconcile = async () => reconcileAnalytics(await stores(), { now: new Date(clock), lookbackMs: LOOKBACK, runId: "c" });
const finding = async (kind: string, key: string) => (await testDb.db()).collection("analytics_findings").findOne({ kind, key });

describe("reconciliation", () => {
  it("records drift and facts without records, resolves them when the late record arrives, and fixes nothing", async () => {
    const uid = "recon-user";
    const s = await stores();
    clock = Date.parse("2026-03-10T07:00:00Z");
    await s.ledger.purchase({ uid, amount: 1000, idempotencyKey: "recon:pack:1", actor: "system", reason: "pack", cause });
    await s.ledger.purchase({ uid, amount: 500, idempotencyKey: "recon:pack:2", actor: "system", reason: "pack", cause });
    await recordEvent(services, {
      type: "payment.succeeded",
      dedupeKey: "recon:pack:2",
      occurredAt: new Date(clock),
      subject: { uid },
      data: { provider: "stripe", paymentId: "pi_2", sku: "credits_500", kind: "credits", credits: 500, amount: 100, currency: "USD" },
    });
    clock = Date.parse("2026-03-10T09:10:00Z");
    await meteredCall(uid, "recon:call:1", 30, true);
    const lost = await meteredCall(uid, "recon:call:2", 20, false);

    clock = Date.parse("2026-03-10T12:00:00Z");
    await rollup();
    const first = await reconcile();
    expect(first).toMatchObject({ settles: 2, missingUsage: 1, missingEvents: 1, drifted: 1 });
    expect(await finding("cost_drift", "2026-03-10T09:00:00.000Z")).toMatchObject({
      resolved_at: null,
      detail: { ledgerCredits: 50, analyticsCredits: 30, difference: -20 },
    });
    expect(await finding("usage_record_missing", `reservation:${lost.reservation_id}`)).toMatchObject({
      resolved_at: null,
      detail: { credits: 20 },
    });
    expect(await finding("event_missing", "recon:pack:1")).toMatchObject({
      resolved_at: null,
      detail: { type: "purchase", credits: 1000 },
    });
    expect(await finding("event_missing", "recon:pack:2")).toBeNull();
    // Nothing was "fixed": the ledger and the usage records are as they were.
    expect(await (await testDb.db()).collection("usage_events").countDocuments({ uid })).toBe(1);
    expect((await s.ledger.account(uid)).balance).toBe(1500 - 50);

    // The lost record is written late (a retry): the next rollup counts it, the next reconciliation resolves both findings.
    clock += 15 * 60_000;
    expect(await s.usage.record(lost)).toBe(true);
    await rollup();
    const second = await reconcile();
    expect(second).toMatchObject({ missingUsage: 0, drifted: 0, missingEvents: 1 });
    expect(await finding("cost_drift", "2026-03-10T09:00:00.000Z")).toMatchObject({ resolved_at: expect.any(Date) });
    expect(await finding("usage_record_missing", `reservation:${lost.reservation_id}`)).toMatchObject({ resolved_at: expect.any(Date) });
  });

  it("the deployed analyticsReconciliation runs on the services", async () => {
    const { analyticsReconciliation } = require("../../functions/src/index") as {
      analyticsReconciliation: ReturnType<typeof defineSchedule>;
    };
    await analyticsReconciliation.run({ scheduleTime: new Date(clock).toISOString(), jobName: "analyticsReconciliation" });
    const findings = await (
      await testDb.db()
    )
      .collection("analytics_findings")
      .find({ kind: "event_missing", resolved_at: null })
      .toArray();
    expect(findings.map((f) => f.key)).toEqual(["recon:pack:1"]);
  });
});

describe("retention", () => {
  it("strips old raw facts to their dedupe keys: a replay after that still counts nothing, and rollups keep their sums", async () => {
    const s = await stores();
    const uid = "retained-user";
    clock += HOUR;
    const old = callRecord(uid, "retention:call:1", 8, new Date(Date.parse("2025-01-10T10:00:00Z")), null);
    expect(await s.usage.record(old)).toBe(true);
    await s.events.record({
      type: "user.signed_up",
      dedupeKey: "retention:signup",
      occurredAt: new Date("2025-01-10T10:00:00Z"),
      subject: { uid },
      data: { email: null },
    });
    // Recorded today about a call 14 months ago: beyond the raw data's 400-day retention, so reported, not counted.
    const late = await rollup();
    expect(late.beyondRetention).toBeGreaterThanOrEqual(1);
    expect(await finding("late_fact_beyond_retention", "2025-01-10T10:00:00.000Z")).toMatchObject({ resolved_at: null });

    const { analyticsRetention } = require("../../functions/src/index") as { analyticsRetention: ReturnType<typeof defineSchedule> };
    await analyticsRetention.run({ scheduleTime: new Date(clock).toISOString(), jobName: "analyticsRetention" });
    const db = await testDb.db();
    const stripped = await db.collection("usage_events").findOne({ dedupe_key: "retention:call:1" });
    expect(stripped).toMatchObject({ dedupe_key: "retention:call:1", compacted_at: expect.any(Date) });
    expect(stripped).not.toHaveProperty("uid");
    expect(stripped).not.toHaveProperty("credits");
    expect(await db.collection("events").findOne({ dedupe_key: "retention:signup" })).toMatchObject({ uid: null, data: {} });

    // A replay of both, after retention: duplicates.
    expect(await s.usage.record(old)).toBe(false);
    expect(await s.events.find("retention:signup")).toMatchObject({ compacted_at: expect.any(Date) });
    expect(await db.collection("usage_events").countDocuments({ dedupe_key: "retention:call:1" })).toBe(1);

    // Recent data is untouched by retention.
    const recent = await db.collection("usage_events").countDocuments({ uid: "recon-user", compacted_at: { $exists: false } });
    expect(recent).toBe(2);
  });
});
