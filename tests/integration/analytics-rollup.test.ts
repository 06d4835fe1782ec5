import { runRollup, type RollupDeps } from "../../functions/src/core/analytics/rollup";
import { querySeries } from "../../functions/src/core/analytics/query";
import type { NewUsageEvent } from "../../functions/src/core/usage/usage-store";
import type { defineSchedule } from "../../functions/src/platform/define-schedule";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";
import { usageRecord } from "../support/usage-records";

/**
 * The analytics rollup (core/analytics/rollup.ts) against the database: whole 15-minute buckets
 * recomputed and replaced from the raw facts, so a re-run changes nothing, a late fact lands in its
 * own bucket, a replay counts once, and two overlapping runs leave the later view.
 */
const testDb = useTestDatabase("analytics_rollup");
const HOUR = 3_600_000;
const LOOKBACK = 48 * HOUR;
const RETENTION = 400 * 24 * HOUR;

let clock = Date.parse("2026-03-10T12:00:00Z");
let restore: () => void;
beforeAll(() => {
  restore = overrideServicesForTests({ now: () => new Date(clock) });
});
afterAll(() => restore());

async function deps(): Promise<RollupDeps> {
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  return { usage, events, rollups, daily, state, findings };
}

let seq = 0;
/** A metered call charged `credits` at `at` (its record written at the services' clock). */
async function call(uid: string, at: string, credits: number, over: Partial<NewUsageEvent> = {}): Promise<boolean> {
  const usage = await services.store("usage");
  const key = over.dedupe_key ?? `ai:${uid}:${++seq}`;
  return usage.record(
    usageRecord({
      uid,
      dedupe_key: key,
      request_id: `r${seq}`,
      credits,
      output_tokens: 50,
      latency_ms: 120,
      created_at: new Date(at),
      ...over,
    }),
  );
}

const run = async (lookbackMs = LOOKBACK) =>
  runRollup(await deps(), { now: new Date(clock), lookbackMs, retentionMs: RETENTION, runId: `run-${clock}` });

/** A user's credits per UTC day over the given days, as the API folds them. */
async function dailyCredits(uid: string, from: string, days: number, timeZone = "UTC") {
  const result = await querySeries(await services.store("analyticsDaily"), {
    scope: "user",
    scopeId: uid,
    metrics: ["credits", "calls"],
    granularity: "day",
    timeZone,
    from: Date.parse(from),
    to: Date.parse(from) + days * 24 * HOUR,
    groupBy: [],
    filters: {},
    maxGroups: 20,
  });
  return result.rows.map((r) => [r.period.label, r.values.credits, r.values.calls]);
}

const rollupDocs = async () =>
  (await testDb.db())
    .collection("analytics_rollups")
    .find({}, { projection: { as_of: 0 } })
    .sort({ _id: 1 })
    .toArray();

describe("rollup runs", () => {
  it("a re-run over the same facts leaves identical rollups (replaced, never added to)", async () => {
    const uid = "u-rerun";
    await call(uid, "2026-03-09T10:07:00Z", 7);
    await call(uid, "2026-03-09T10:14:59Z", 11);
    await call(uid, "2026-03-10T11:30:00Z", 13);
    clock = Date.parse("2026-03-10T12:00:00Z");
    await run();
    const first = await rollupDocs();
    const totals = await dailyCredits(uid, "2026-03-09T00:00:00Z", 2);
    expect(totals).toEqual([
      ["2026-03-09", 18, 2],
      ["2026-03-10", 13, 1],
    ]);
    // The same run again (a retry), then a later one over the same window: nothing changes.
    await run();
    clock += 15 * 60_000;
    await run();
    expect(await rollupDocs()).toEqual(first);
    expect(await dailyCredits(uid, "2026-03-09T00:00:00Z", 2)).toEqual(totals);
  });

  it("a late call inside the window changes its own bucket's day, and only that", async () => {
    const uid = "u-late";
    await call(uid, "2026-03-09T23:50:00Z", 5);
    await run();
    expect(await dailyCredits(uid, "2026-03-09T00:00:00Z", 2)).toEqual([
      ["2026-03-09", 5, 1],
      ["2026-03-10", 0, 0],
    ]);
    clock += HOUR;
    // Written now, about a call charged yesterday at 23:59 (e.g. a retried record).
    await call(uid, "2026-03-09T23:59:00Z", 17);
    await run();
    expect(await dailyCredits(uid, "2026-03-09T00:00:00Z", 2)).toEqual([
      ["2026-03-09", 22, 2],
      ["2026-03-10", 0, 0],
    ]);
  });

  it("a call recorded after its bucket left the lookback window is still counted (watermark), in its own day", async () => {
    const uid = "u-very-late";
    await run();
    clock += HOUR;
    await call(uid, "2026-03-01T08:00:00Z", 29);
    const result = await run();
    expect(result.lateBuckets).toBeGreaterThanOrEqual(1);
    expect(await dailyCredits(uid, "2026-03-01T00:00:00Z", 1)).toEqual([["2026-03-01", 29, 1]]);
  });

  it("a replayed call (same dedupe key) is written once and counted once", async () => {
    const uid = "u-replay";
    expect(await call(uid, "2026-03-10T09:00:00Z", 3, { dedupe_key: "replay-key-1" })).toBe(true);
    expect(await call(uid, "2026-03-10T09:00:00Z", 3, { dedupe_key: "replay-key-1" })).toBe(false);
    await run();
    expect(await call(uid, "2026-03-10T09:00:00Z", 3, { dedupe_key: "replay-key-1" })).toBe(false);
    clock += 15 * 60_000;
    await run();
    expect(await dailyCredits(uid, "2026-03-10T00:00:00Z", 1)).toEqual([["2026-03-10", 3, 1]]);
  });

  it("two overlapping runs leave what the later as-of saw, whichever writes last", async () => {
    const uid = "u-overlap";
    const d = await deps();
    // Both calls fall in one bucket; the earlier run started before the second one was recorded.
    await call(uid, "2026-03-10T10:00:00Z", 2);
    const early = new Date(clock);
    clock += 60_000;
    await call(uid, "2026-03-10T10:05:00Z", 4);
    const late = new Date(clock);
    // The later run finishes first; the earlier one (which cannot see the second call) writes after it.
    await runRollup(d, { now: late, lookbackMs: LOOKBACK, retentionMs: RETENTION, runId: "late" });
    await runRollup(d, { now: early, lookbackMs: LOOKBACK, retentionMs: RETENTION, runId: "early" });
    expect(await dailyCredits(uid, "2026-03-10T00:00:00Z", 1)).toEqual([["2026-03-10", 6, 2]]);
  });

  it("builds the daily level of days rolled up before it existed, oldest first, a bounded number of days per run", async () => {
    const uid = "u-backfill";
    const db = await testDb.db();
    // 15-minute documents of 40 days in January, as runs before the daily level left them; no daily documents.
    const buckets = Array.from({ length: 40 }, (_, i) => ({
      series: "usage",
      scope: "user",
      scope_id: uid,
      bucket: new Date(Date.parse("2026-01-01T06:15:00Z") + i * 24 * HOUR),
      dims: { model: "m" },
      m: { credits: i + 1, calls: 1 },
      as_of: new Date("2026-02-11T00:00:00Z"),
      uid,
    }));
    await db.collection("analytics_rollups").insertMany(buckets);
    await db.collection("analytics_state").deleteMany({ job: "rollup-daily-backfill" });
    clock += HOUR;
    const first = await run();
    // 31 days per run: January is there, the first days of February not yet.
    expect(first.days).toBeGreaterThanOrEqual(31);
    expect((await dailyCredits(uid, "2026-01-01T00:00:00Z", 31)).map(([, credits]) => credits)).toEqual(
      buckets.slice(0, 31).map((b) => b.m.credits),
    );
    expect((await dailyCredits(uid, "2026-02-01T00:00:00Z", 9)).every(([, credits]) => credits === 0)).toBe(true);
    clock += 15 * 60_000;
    await run();
    expect((await dailyCredits(uid, "2026-02-01T00:00:00Z", 9)).map(([, credits]) => credits)).toEqual(
      buckets.slice(31).map((b) => b.m.credits),
    );
  });
});

describe("malformed facts", () => {
  it("a rollup that meets a malformed event records it and goes on counting the rest", async () => {
    const uid = "u-malformed";
    const db = await testDb.db();
    clock += HOUR;
    // Written around recordEvent's validation (an older writer, a hand-made fix): amount is missing.
    const bad = await db.collection("events").insertOne({
      type: "payment.succeeded",
      dedupe_key: "bad-payment",
      occurred_at: new Date(clock - 10 * 60_000),
      recorded_at: new Date(clock),
      uid,
      team_id: null,
      data: { provider: "stripe", currency: "USD", kind: "credits", credits: 10 },
    });
    await call(uid, new Date(clock - 10 * 60_000).toISOString(), 5);
    const result = await run();
    expect(result.malformed).toBe(1);
    expect(await db.collection("analytics_findings").findOne({ kind: "malformed_fact" })).toMatchObject({
      key: `payment.succeeded:${bad.insertedId.toHexString()}`,
      resolved_at: null,
    });
    const day = new Date(clock - 10 * 60_000).toISOString().slice(0, 10);
    expect(await dailyCredits(uid, `${day}T00:00:00Z`, 1)).toEqual([[day, 5, 1]]);
  });
});

describe("time zones", () => {
  it("folds 15-minute buckets into Nepal (+05:45) and India (+05:30) days exactly", async () => {
    const uid = "u-tz";
    // 18:14Z is 23:59 in Kathmandu on the 8th; 18:15Z is 00:00 on the 9th. India's day ends at 18:30Z.
    await call(uid, "2026-03-08T18:14:00Z", 1);
    await call(uid, "2026-03-08T18:15:00Z", 10);
    await call(uid, "2026-03-08T18:29:00Z", 100);
    await call(uid, "2026-03-08T18:30:00Z", 1000);
    clock += HOUR;
    await run();
    expect(await dailyCredits(uid, "2026-03-08T00:00:00Z", 1, "Asia/Kathmandu")).toEqual([
      ["2026-03-08", 1, 1],
      ["2026-03-09", 1110, 3],
    ]);
    expect(await dailyCredits(uid, "2026-03-08T00:00:00Z", 1, "Asia/Kolkata")).toEqual([
      ["2026-03-08", 111, 3],
      ["2026-03-09", 1000, 1],
    ]);
    expect(await dailyCredits(uid, "2026-03-08T00:00:00Z", 1, "UTC")).toEqual([["2026-03-08", 1111, 4]]);
  });

  it("a DST day in New York is 23 hours long and holds exactly its own calls", async () => {
    const uid = "u-dst";
    // 2026-03-08 in New York: 05:00Z → 04:00Z next day (clocks jump at 07:00Z).
    await call(uid, "2026-03-08T04:59:00Z", 1);
    await call(uid, "2026-03-08T05:00:00Z", 10);
    await call(uid, "2026-03-09T03:59:00Z", 100);
    await call(uid, "2026-03-09T04:00:00Z", 1000);
    clock += HOUR;
    await run();
    const rows = await querySeries(await services.store("analyticsDaily"), {
      scope: "user",
      scopeId: uid,
      metrics: ["credits"],
      granularity: "day",
      timeZone: "America/New_York",
      from: Date.parse("2026-03-08T05:00:00Z"),
      to: Date.parse("2026-03-09T04:00:00Z"),
      groupBy: [],
      filters: {},
      maxGroups: 20,
    });
    expect(rows.periods).toEqual([
      { start: Date.parse("2026-03-08T05:00:00Z"), end: Date.parse("2026-03-09T04:00:00Z"), label: "2026-03-08" },
    ]);
    expect(rows.rows[0].values.credits).toBe(110);
  });
});

describe("the deployed schedule", () => {
  it("analyticsRollup runs on the services' database and clock, and a second run changes nothing", async () => {
    const uid = "u-deployed";
    await call(uid, new Date(clock - 20 * 60_000).toISOString(), 9);
    const { analyticsRollup } = require("../../functions/src/index") as { analyticsRollup: ReturnType<typeof defineSchedule> };
    await analyticsRollup.run({ scheduleTime: new Date(clock).toISOString(), jobName: "analyticsRollup" });
    const before = await rollupDocs();
    const day = new Date(clock - 20 * 60_000).toISOString().slice(0, 10);
    expect(await dailyCredits(uid, `${day}T00:00:00Z`, 1)).toEqual([[day, 9, 1]]);
    await analyticsRollup.run({ scheduleTime: new Date(clock).toISOString(), jobName: "analyticsRollup" });
    expect(await rollupDocs()).toEqual(before);
  });
});
