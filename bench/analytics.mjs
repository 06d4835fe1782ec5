// Analytics: rollup time per 100k usage records, and query latency (p50/p99) of a year of daily
// buckets folded into a time zone. On the embedded database (CongoDB) every query scans the whole
// collection and indexes are not used: these figures say how the code scales with the data it reads,
// not what MongoDB/Atlas would do with the indexes of platform/indexes.ts.
// Usage: node bench/analytics.mjs [--events 100000] [--queries 50] [--skip-writes]
//
// --skip-writes: the rollup reads and folds every record as usual but hands its bucket documents to a
// store that only counts them. CongoDB has no index, not even on _id, so each of the run's
// replaceOne-by-_id upserts scans the whole rollups collection: the writes cost O(documents²) here
// (measured: 6.9 s for 4k documents, 50.6 s for 8k), against one indexed point upsert each on MongoDB. With
// the flag, the figure is the rollup's own work (reads, grouping, sums) without that quadratic term.
import { checkBuild, cleanupOnExit, printTable, reportMachineLoad, requireFromFunctions, startMongoProcess } from "./lib.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg("events", 100_000);
const SKIP_WRITES = process.argv.includes("--skip-writes");
const QUERIES = arg("queries", 50);
const HOUR = 3_600_000;

checkBuild();
const { cleanups, cleanup } = cleanupOnExit();
await reportMachineLoad();
const mongo = await startMongoProcess("promptforge_bench_analytics");
cleanups.push(mongo.stop);
const { MongoClient } = requireFromFunctions("mongodb");
const { UsageStore, usageIdFor } = requireFromFunctions("./lib/core/usage/usage-store.js");
const { EventsStore } = requireFromFunctions("./lib/core/events/events-store.js");
const { RollupsStore } = requireFromFunctions("./lib/core/analytics/rollups-store.js");
const { DailyRollupsStore } = requireFromFunctions("./lib/core/analytics/daily-rollups-store.js");
const { AnalyticsStateStore } = requireFromFunctions("./lib/core/analytics/analytics-state-store.js");
const { FindingsStore } = requireFromFunctions("./lib/core/analytics/findings-store.js");
const { runRollup } = requireFromFunctions("./lib/core/analytics/rollup.js");
const { querySeries } = requireFromFunctions("./lib/core/analytics/query.js");
const client = new MongoClient(mongo.uri);
await client.connect();
cleanups.push(() => client.close());
const db = client.db();
const now = Date.parse("2026-03-10T12:00:00Z");
const clock = () => new Date(now);
// Time spent in each store method (wall clock, the store's own await included), to see where a run goes.
const phases = new Map();
const timed = (name, store) =>
  new Proxy(store, {
    get(target, prop) {
      const value = target[prop];
      if (typeof value !== "function") return value;
      const key = `${name}.${String(prop)}`;
      return (...args) => {
        const t0 = performance.now();
        const add = () => phases.set(key, (phases.get(key) ?? 0) + performance.now() - t0);
        const out = value.apply(target, args);
        if (out && typeof out[Symbol.asyncIterator] === "function" && typeof out.then !== "function") {
          // A cursor: time the iteration, not the call.
          return (async function* () {
            const t1 = performance.now();
            for await (const doc of out) yield doc;
            phases.set(key, (phases.get(key) ?? 0) + performance.now() - t1);
          })();
        }
        return out instanceof Promise ? out.finally(add) : (add(), out);
      };
    },
  });
const deps = {
  usage: timed("usage", new UsageStore(db, clock)),
  events: timed("events", new EventsStore(db, clock)),
  rollups: timed(
    "rollups",
    SKIP_WRITES
      ? {
          replaceBuckets: async (_from, _to, docs) => ({ written: docs.length, removed: 0 }),
          // Nothing was written: the daily level has nothing to sum.
          inRange: async function* () {},
          oldestBucket: async () => null,
        }
      : new RollupsStore(db),
  ),
  daily: timed(
    "daily",
    SKIP_WRITES ? { replaceDays: async (_days, docs) => ({ written: docs.length, removed: 0 }) } : new DailyRollupsStore(db),
  ),
  state: timed("state", new AnalyticsStateStore(db, clock)),
  findings: timed("findings", new FindingsStore(db, clock)),
};

// 100k calls over the 48 h window, 200 users, 4 models.
const models = ["openai:gpt-4o-mini", "anthropic:claude-3-5-haiku", "google:gemini-2.0-flash", "groq:llama-3.1-8b-instant"];
const docs = [];
for (let i = 0; i < EVENTS; i++) {
  const key = `bench:${i}`;
  docs.push({
    _id: usageIdFor(key),
    dedupe_key: key,
    reservation_id: null,
    uid: `u${i % 200}`,
    operation: "generate",
    request_id: key,
    api_key_id: null,
    team_id: null,
    project_id: null,
    prompt_id: null,
    prompt_version: null,
    requested_model: models[i % 4],
    provider: models[i % 4].split(":")[0],
    model: models[i % 4],
    input_tokens: 100,
    output_tokens: 50,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    credits: 1 + (i % 7),
    provider_cost_micro: 500,
    price: null,
    latency_ms: 100,
    outcome: "ok",
    error_code: null,
    path: [],
    stream: false,
    created_at: new Date(now - 1 - ((i * 1_728) % (48 * HOUR))),
    recorded_at: new Date(now - 1),
  });
}
for (let i = 0; i < docs.length; i += 5_000) await db.collection("usage_events").insertMany(docs.slice(i, i + 5_000));

let t = performance.now();
const result = await runRollup(deps, { now: new Date(now), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: "bench" });
const rollupMs = performance.now() - t;
const firstRunPhases = new Map(phases);
phases.clear();
t = performance.now();
await runRollup(deps, { now: new Date(now + 60_000), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: "bench2" });
const rerunMs = performance.now() - t;
printTable(
  ["store method (first run / re-run)", "ms"],
  [...new Set([...firstRunPhases.keys(), ...phases.keys()])].map((k) => [
    k,
    `${Math.round(firstRunPhases.get(k) ?? 0)} / ${Math.round(phases.get(k) ?? 0)}`,
  ]),
);

// A year of one user's daily series, every 15-minute bucket non-empty (96 a day × 365, one model): the
// queries read the daily level (one document per UTC day holding its 96 buckets), as the rollup writes it.
await db.collection("analytics_rollups").deleteMany({});
await db.collection("analytics_daily").deleteMany({});
const start = Date.parse("2025-03-10T00:00:00Z");
const slots = Array.from({ length: 96 }, (_, s) => ({ s, m: { credits: 1, calls: 1 } }));
const daily = [];
for (let d = start; d < start + 365 * 24 * HOUR; d += 24 * HOUR) {
  daily.push({
    series: "usage",
    scope: "user",
    scope_id: "year-user",
    day: new Date(d),
    dims: { model: "m" },
    m: { credits: 96, calls: 96 },
    slots,
  });
}
await new DailyRollupsStore(db).replaceDays(
  daily.map((d) => d.day),
  daily,
  new Date(now),
);
const year = { length: daily.length * 96 };
const queryStore = new DailyRollupsStore(db);
const zones = ["Asia/Kathmandu", "UTC"];
const latencies = Object.fromEntries(zones.map((z) => [z, []]));
for (let i = 0; i < QUERIES; i++) {
  for (const timeZone of zones) {
    t = performance.now();
    const res = await querySeries(queryStore, {
      scope: "user",
      scopeId: "year-user",
      metrics: ["credits", "calls"],
      granularity: "day",
      timeZone,
      from: start,
      to: start + 365 * 24 * HOUR,
      groupBy: [],
      filters: {},
      maxGroups: 20,
    });
    latencies[timeZone].push(performance.now() - t);
    // Every local day of the year holds 96 buckets, whatever the zone (the first and last are partial in Kathmandu).
    if (res.rows.slice(1, -1).some((r) => r.values.credits !== 96)) throw new Error(`${timeZone}: a day is not 96`);
  }
}
for (const z of zones) latencies[z].sort((a, b) => a - b);
const pct = (p, z = "Asia/Kathmandu") => latencies[z][Math.min(latencies[z].length - 1, Math.floor((p / 100) * latencies[z].length))];
printTable(
  ["measure", "value"],
  [
    [
      `rollup of ${EVENTS} records (${result.buckets} buckets, ${result.documents} documents${SKIP_WRITES ? ", writes skipped" : ""})`,
      `${Math.round(rollupMs)} ms`,
    ],
    ["records/s", `${Math.round((EVENTS * 1_000) / rollupMs)}`],
    ["per 100k records (linear extrapolation)", `${Math.round((rollupMs * 100_000) / EVENTS)} ms`],
    ["re-run over the same window", `${Math.round(rerunMs)} ms`],
    [
      `query: a year of daily series in Asia/Kathmandu (${year.length} buckets in ${daily.length} day documents), p50`,
      `${pct(50).toFixed(1)} ms`,
    ],
    ["same, p99", `${pct(99).toFixed(1)} ms`],
    ["same in UTC (whole UTC days: each day's total), p50", `${pct(50, "UTC").toFixed(1)} ms`],
    ["same in UTC, p99", `${pct(99, "UTC").toFixed(1)} ms`],
  ],
);
await cleanup();
process.exit(0);
