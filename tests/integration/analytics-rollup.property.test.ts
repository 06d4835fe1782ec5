import fc from "fast-check";
import { querySeries } from "../../functions/src/core/analytics/query";
import { runRollup, type RollupDeps } from "../../functions/src/core/analytics/rollup";
import { formatLocalDate, localDate } from "../../functions/src/core/analytics/time-buckets";
import type { NewUsageEvent } from "../../functions/src/core/usage/usage-store";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";

/**
 * Property: whatever the stream of calls (duplicates, replays, late arrivals inside and beyond the
 * lookback window) and of runs (missed, repeated, overlapping in either order), the rollups folded
 * into any time zone's days equal a direct count of the raw calls by local day, once per dedupe key.
 */
const testDb = useTestDatabase("analytics_property");
const HOUR = 3_600_000;
const LOOKBACK = 48 * HOUR;
// Around New York's and Santiago's... spring-forward: 2026-03-08 (New York) is inside the range.
const START = Date.parse("2026-03-05T00:00:00Z");
const ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe"];

let clock = START;
let restore: () => void;
beforeAll(() => {
  restore = overrideServicesForTests({ now: () => new Date(clock) });
});
afterAll(() => restore());

type Step =
  | { kind: "call"; key: number; delayMin: number; credits: number; advanceMin: number }
  | { kind: "run"; advanceMin: number }
  | { kind: "overlap"; advanceMin: number; gapMin: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("call" as const),
      key: fc.nat(25),
      delayMin: fc.oneof(fc.nat(90), fc.nat(5 * 24 * 60)),
      credits: fc.integer({ min: 1, max: 50 }),
      advanceMin: fc.nat(180),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("run" as const), advanceMin: fc.nat(600) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("overlap" as const), advanceMin: fc.nat(120), gapMin: fc.integer({ min: 1, max: 30 }) }),
  },
);

async function deps() {
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  return { usage, events, rollups, daily, state, findings } satisfies RollupDeps;
}

let round = 0;

it("rollups equal a direct recomputation from the raw calls, in every time zone tested", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
      const db = await testDb.db();
      await Promise.all(
        ["usage_events", "analytics_rollups", "analytics_daily", "analytics_state", "analytics_findings"].map((c) =>
          db.collection(c).deleteMany({}),
        ),
      );
      const uid = `prop-${++round}`;
      clock = START + 6 * 24 * HOUR;
      const d = await deps();
      // What was written: first writer per dedupe key wins.
      const written = new Map<number, { at: number; credits: number }>();
      const rollup = (now: number) =>
        runRollup(d, { now: new Date(now), lookbackMs: LOOKBACK, retentionMs: 400 * 24 * HOUR, runId: `r${now}` });
      for (const s of steps) {
        clock += s.advanceMin * 60_000;
        if (s.kind === "call") {
          const at = clock - s.delayMin * 60_000;
          const rec: NewUsageEvent = {
            dedupe_key: `${uid}:${s.key}`,
            reservation_id: null,
            uid,
            operation: "generate",
            request_id: "r",
            api_key_id: null,
            team_id: null,
            project_id: null,
            prompt_id: null,
            prompt_version: null,
            requested_model: "m",
            provider: "openai",
            model: "openai:m",
            input_tokens: 1,
            output_tokens: 1,
            cache_read_tokens: 0,
            cache_write_tokens: 0,
            credits: s.credits,
            provider_cost_micro: 0,
            price: null,
            latency_ms: 1,
            outcome: "ok",
            error_code: null,
            path: [],
            stream: false,
            created_at: new Date(at),
          };
          if (await d.usage.record(rec)) written.set(s.key, { at, credits: s.credits });
        } else if (s.kind === "run") {
          await rollup(clock);
        } else {
          // Two runs overlapping: the later as-of finishes first.
          await rollup(clock);
          await rollup(clock - s.gapMin * 60_000);
        }
      }
      clock += 60_000;
      await rollup(clock);

      for (const timeZone of ZONES) {
        const expected = new Map<string, number>();
        for (const { at, credits } of written.values()) {
          const label = formatLocalDate(localDate(timeZone, at));
          expected.set(label, (expected.get(label) ?? 0) + credits);
        }
        const result = await querySeries(d.daily, {
          scope: "user",
          scopeId: uid,
          metrics: ["credits"],
          granularity: "day",
          timeZone,
          from: START - 24 * HOUR,
          to: clock + 24 * HOUR,
          groupBy: [],
          filters: {},
          maxGroups: 10,
        });
        const got = new Map(result.rows.filter((r) => r.values.credits).map((r) => [r.period.label, r.values.credits]));
        expect({ timeZone, days: Object.fromEntries(got) }).toEqual({ timeZone, days: Object.fromEntries(expected) });
      }
    }),
    { numRuns: 12 },
  );
}, 600_000);

type MarketStep =
  | { kind: "sale" | "refund" | "commission"; key: number; delayMin: number; credits: number; advanceMin: number }
  | { kind: "run"; advanceMin: number }
  | { kind: "overlap"; advanceMin: number; gapMin: number };

const marketStep: fc.Arbitrary<MarketStep> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom("sale" as const, "refund" as const, "commission" as const),
      // Few keys: duplicates (replays of the same fact) are frequent.
      key: fc.nat(15),
      delayMin: fc.oneof(fc.nat(90), fc.nat(5 * 24 * 60)),
      credits: fc.integer({ min: 1, max: 5_000 }),
      advanceMin: fc.nat(180),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("run" as const), advanceMin: fc.nat(600) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("overlap" as const), advanceMin: fc.nat(120), gapMin: fc.integer({ min: 1, max: 30 }) }),
  },
);

it("seller and partner rollups equal a direct recomputation from the raw sale, refund and commission events", async () => {
  const SELLER = ["sales", "gross_credits", "earned_credits", "refunds", "refunded_credits"] as const;
  const PARTNER = ["commissions", "commission_credits", "reversals", "reversed_credits", "net_commission_credits"] as const;
  await fc.assert(
    fc.asyncProperty(fc.array(marketStep, { minLength: 5, maxLength: 30 }), async (steps) => {
      const db = await testDb.db();
      await Promise.all(
        ["events", "analytics_rollups", "analytics_daily", "analytics_state", "analytics_findings"].map((c) =>
          db.collection(c).deleteMany({}),
        ),
      );
      const seller = `seller-${++round}`;
      const partner = `partner-${round}`;
      clock = START + 6 * 24 * HOUR;
      const d = await deps();
      const written: { kind: MarketStep["kind"]; at: number; credits: number }[] = [];
      const rollup = (now: number) =>
        runRollup(d, { now: new Date(now), lookbackMs: LOOKBACK, retentionMs: 400 * 24 * HOUR, runId: `m${now}` });
      for (const s of steps) {
        clock += s.advanceMin * 60_000;
        if (s.kind === "run") await rollup(clock);
        else if (s.kind === "overlap") {
          await rollup(clock);
          await rollup(clock - s.gapMin * 60_000);
        } else {
          const at = new Date(clock - s.delayMin * 60_000);
          // Odd keys are reversals (negative credits); a repeated key is the same fact replayed: counted once.
          const credits = s.kind === "commission" && s.key % 2 ? -s.credits : s.credits;
          const recorded =
            s.kind === "sale"
              ? await d.events.record({
                  type: "marketplace.sale",
                  dedupeKey: `${seller}:sale:${s.key}`,
                  occurredAt: at,
                  subject: { uid: seller },
                  data: {
                    purchaseId: `p${s.key}`,
                    listingId: "l1",
                    version: 1,
                    price: s.credits,
                    earned: Math.floor(s.credits * 0.8),
                    availableAt: at,
                  },
                })
              : s.kind === "refund"
                ? await d.events.record({
                    type: "marketplace.refund",
                    dedupeKey: `${seller}:refund:${s.key}`,
                    occurredAt: at,
                    subject: { uid: seller },
                    data: {
                      purchaseId: `p${s.key}`,
                      refundId: `r${s.key}`,
                      listingIds: ["l1"],
                      role: "seller",
                      credits: -s.credits,
                      by: "buyer",
                    },
                  })
                : await d.events.record({
                    type: "partner.commission",
                    dedupeKey: `${partner}:commission:${s.key}`,
                    occurredAt: at,
                    subject: { uid: partner },
                    data: { source: "marketplace", sourceId: `p${s.key}`, credits, availableAt: at },
                  });
          if (recorded) written.push({ kind: s.kind, at: at.getTime(), credits: s.kind === "commission" ? credits : s.credits });
        }
      }
      clock += 60_000;
      await rollup(clock);

      for (const timeZone of ZONES) {
        const expected = { seller: new Map<string, Record<string, number>>(), partner: new Map<string, Record<string, number>>() };
        for (const w of written) {
          const label = formatLocalDate(localDate(timeZone, w.at));
          const scope = w.kind === "commission" ? "partner" : "seller";
          const day = expected[scope].get(label) ?? Object.fromEntries((scope === "seller" ? SELLER : PARTNER).map((m) => [m, 0]));
          expected[scope].set(label, day);
          if (w.kind === "sale") {
            day.sales++;
            day.gross_credits += w.credits;
            day.earned_credits += Math.floor(w.credits * 0.8);
          } else if (w.kind === "refund") {
            day.refunds++;
            day.refunded_credits += w.credits;
            day.earned_credits -= w.credits;
          } else {
            if (w.credits >= 0) {
              day.commissions++;
              day.commission_credits += w.credits;
            } else {
              day.reversals++;
              day.reversed_credits -= w.credits;
            }
            day.net_commission_credits += w.credits;
          }
        }
        for (const [scope, scopeId, metrics] of [
          ["seller", seller, SELLER],
          ["partner", partner, PARTNER],
        ] as const) {
          const result = await querySeries(d.daily, {
            scope,
            scopeId,
            metrics: [...metrics],
            granularity: "day",
            timeZone,
            from: START - 24 * HOUR,
            to: clock + 24 * HOUR,
            groupBy: [],
            filters: {},
            maxGroups: 10,
          });
          const got = result.rows.filter((r) => Object.values(r.values).some((v) => v)).map((r) => [r.period.label, r.values]);
          expect({ timeZone, scope, days: Object.fromEntries(got) }).toEqual({
            timeZone,
            scope,
            days: Object.fromEntries(expected[scope]),
          });
        }
      }
    }),
    { numRuns: 10 },
  );
}, 600_000);
