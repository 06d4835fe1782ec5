import type { DomainEventDoc } from "../events/domain-event";
import type { EventsStore } from "../events/events-store";
import type { UsageEvent, UsageStore } from "../usage/usage-store";
import { log } from "../../platform/logger";
import type { AnalyticsStateStore } from "./analytics-state-store";
import type { FindingsStore } from "./findings-store";
import type { DailyRollupsStore, NewDailyRollup } from "./daily-rollups-store";
import type { NewRollup, RollupsStore } from "./rollups-store";
import { EVENT_FACT_TYPES, FACT_SERIES, MalformedFact, type Contribution, type Fact } from "./series";
import { BUCKET_MS, floorBucket } from "./time-buckets";

export const ROLLUP_JOB = "rollup";
/** How far the daily level was built from the 15-minute buckets that predate it (its watermark: the next day to build). */
export const DAILY_BACKFILL_JOB = "rollup-daily-backfill";
/** Days of that backfill per run: bounded work, caught up within days of a deploy. */
const BACKFILL_DAYS = 31;
/**
 * A fact written with a `recorded_at` a little before the previous run's watermark may only have
 * become visible after that run read (clocks of instances differ; writes are in flight): the scan for
 * facts recorded since the watermark starts this much earlier.
 */
export const RECORDING_SKEW_MS = 5 * 60_000;
/** Buckets are recomputed in spans of at most this much time (bounded memory), in order. */
const SPAN_MS = 6 * 3_600_000;
const DAY_MS = 86_400_000;

export interface RollupDeps {
  usage: Pick<UsageStore, "between" | "occurredRecordedAfter">;
  events: Pick<EventsStore, "between" | "occurredRecordedAfter">;
  rollups: Pick<RollupsStore, "replaceBuckets" | "inRange" | "oldestBucket">;
  daily: Pick<DailyRollupsStore, "replaceDays">;
  state: Pick<AnalyticsStateStore, "get" | "saveProgress" | "complete">;
  findings: Pick<FindingsStore, "report">;
}

export interface RollupOptions {
  /** The run's as-of time (services.now()). */
  now: Date;
  /** The late-event window: every run recomputes at least the buckets of the last `lookbackMs`. */
  lookbackMs: number;
  /** Raw facts older than this may have been compacted (retention.ts): their buckets are never recomputed. */
  retentionMs: number;
  runId: string;
}

export interface RollupResult {
  buckets: number;
  spans: number;
  facts: number;
  documents: number;
  removed: number;
  malformed: number;
  /** Buckets recomputed because a fact arrived for them later than the lookback window. */
  lateBuckets: number;
  /** Buckets a fact arrived for after their raw data's retention: not recomputed, reported. */
  beyondRetention: number;
  /** UTC days whose daily sums were rewritten (none when a later run completed first). */
  days: number;
  watermark: string;
}

/**
 * One rollup run. It recomputes whole 15-minute buckets from the raw facts and replaces them (never
 * increments), so running it again, or twice at once, or after a crash, gives the same rollups:
 *
 * - Which buckets: every bucket of the lookback window (late facts, default 48 h) up to now, plus the
 *   bucket of every fact recorded since the last complete run's watermark, however old (a replay or
 *   a backfill arriving after the window), except buckets older than the raw data's retention (their
 *   facts may be compacted; such facts are reported, not counted). After downtime, that is every
 *   bucket that received facts meanwhile: all of them are caught up, oldest first.
 * - As of when: a run counts the facts recorded up to its own start (`now`), and writes each bucket
 *   document conditionally on no later-as-of run having written it, so the latest view wins.
 * - Progress: after each span the run records how far it got; a run that dies is continued by the
 *   next one instead of starting over. The watermark moves only when a run completes.
 */
export async function runRollup(deps: RollupDeps, opts: RollupOptions): Promise<RollupResult> {
  const asOf = opts.now;
  const T = asOf.getTime();
  const state = await deps.state.get(ROLLUP_JOB);
  const watermark = state.watermark?.getTime() ?? null;
  const resume = state.resume && (watermark === null || state.resume.as_of.getTime() > watermark) ? state.resume : null;

  const buckets = new Set<number>();
  for (let b = floorBucket(T - opts.lookbackMs); b < T; b += BUCKET_MS) buckets.add(b);
  const windowStart = floorBucket(T - opts.lookbackMs);
  let late = 0;
  const after = watermark === null ? null : new Date(watermark - RECORDING_SKEW_MS);
  // Facts recorded since the previous run: their buckets, however old. A run that got partway counted
  // the facts recorded before its own as-of in the buckets before `through`: those need no second pass.
  const resumeThrough = resume?.through.getTime() ?? -Infinity;
  const visit = (occurredAt: Date) => {
    const b = floorBucket(occurredAt.getTime());
    if (!buckets.has(b) && b < windowStart) late++;
    buckets.add(b);
  };
  await deps.usage.occurredRecordedAfter(after, visit);
  await deps.events.occurredRecordedAfter(EVENT_FACT_TYPES, after, visit);
  if (resume) {
    // Buckets before `through` are redone only for facts recorded after the unfinished run's as-of.
    const redo = new Set<number>();
    const since = new Date(resume.as_of.getTime() - RECORDING_SKEW_MS);
    const mark = (occurredAt: Date) => redo.add(floorBucket(occurredAt.getTime()));
    await deps.usage.occurredRecordedAfter(since, mark);
    await deps.events.occurredRecordedAfter(EVENT_FACT_TYPES, since, mark);
    for (const b of [...buckets]) if (b < resumeThrough && b < windowStart && !redo.has(b)) buckets.delete(b);
  }

  // Raw facts this old may have been stripped by retention: recomputing their buckets would lose them.
  const horizon = T - opts.retentionMs + DAY_MS;
  const beyond = [...buckets].filter((b) => b < horizon).sort((a, b) => a - b);
  for (const b of beyond) {
    buckets.delete(b);
    if (await deps.findings.report("late_fact_beyond_retention", new Date(b).toISOString(), { bucket: new Date(b) }, opts.runId)) {
      log.error("analytics_late_fact_beyond_retention", { bucket: new Date(b).toISOString(), runId: opts.runId });
    }
  }

  const result: RollupResult = {
    buckets: buckets.size,
    spans: 0,
    facts: 0,
    documents: 0,
    removed: 0,
    malformed: 0,
    lateBuckets: late,
    beyondRetention: beyond.length,
    days: 0,
    watermark: asOf.toISOString(),
  };
  for (const [from, to] of spansOf([...buckets].sort((a, b) => a - b))) {
    const span = await recomputeSpan(deps, new Date(from), new Date(to), asOf, opts.runId);
    result.spans++;
    result.facts += span.facts;
    result.documents += span.written;
    result.removed += span.removed;
    result.malformed += span.malformed;
    await deps.state.saveProgress(ROLLUP_JOB, asOf, new Date(to));
  }
  await deps.state.complete(ROLLUP_JOB, asOf);
  // The days of every bucket this run (or the unfinished run it continued) may have changed.
  const days = new Set([...buckets].map(floorDay));
  if (resume) {
    for (let b = floorDay(resume.as_of.getTime() - opts.lookbackMs); b < resume.through.getTime(); b += DAY_MS) days.add(b);
  }
  // Only the run holding the watermark sums days: an older overlapping run's view is already superseded.
  if ((await deps.state.get(ROLLUP_JOB)).watermark?.getTime() === T) {
    for (const day of [...days].filter((d) => d + DAY_MS > horizon).sort((a, b) => a - b)) await rewriteDay(deps, day, asOf);
    result.days = days.size;
    result.days += await backfillDays(deps, floorDay(windowStart), asOf);
  }
  if (late) log.info("analytics_late_facts", { buckets: late, runId: opts.runId });
  return result;
}

const floorDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Builds the daily level of the days before the late-event window that no run summed yet (buckets
 * written before the daily level existed), oldest first, a bounded number of days per run; returns
 * how many. Days the window or a late fact reaches are summed by the runs themselves.
 */
async function backfillDays(deps: RollupDeps, until: number, asOf: Date): Promise<number> {
  const { watermark } = await deps.state.get(DAILY_BACKFILL_JOB);
  let next = watermark?.getTime() ?? (await deps.rollups.oldestBucket())?.getTime() ?? until;
  next = floorDay(next);
  let done = 0;
  for (; next < until && done < BACKFILL_DAYS; next += DAY_MS, done++) await rewriteDay(deps, next, asOf);
  await deps.state.complete(DAILY_BACKFILL_JOB, new Date(Math.min(next, until)));
  return done;
}

/** Sums one UTC day's 15-minute documents into its daily documents (daily-rollups-store.ts) and replaces them. */
async function rewriteDay(deps: RollupDeps, day: number, asOf: Date): Promise<void> {
  const sums = new Map<string, NewDailyRollup>();
  for await (const doc of deps.rollups.inRange(new Date(day), new Date(day + DAY_MS))) {
    const key = JSON.stringify([doc.series, doc.scope, doc.scope_id, Object.entries(doc.dims).sort()]);
    let sum = sums.get(key);
    if (!sum) {
      sum = { series: doc.series, scope: doc.scope, scope_id: doc.scope_id, day: new Date(day), dims: doc.dims, m: {}, slots: [] };
      sums.set(key, sum);
    }
    for (const [k, v] of Object.entries(doc.m)) sum.m[k] = (sum.m[k] ?? 0) + v;
    sum.slots.push({ s: (doc.bucket.getTime() - day) / BUCKET_MS, m: doc.m });
  }
  for (const sum of sums.values()) sum.slots.sort((a, b) => a.s - b.s);
  await deps.daily.replaceDays([new Date(day)], [...sums.values()], asOf);
}

/** Sorted bucket starts → contiguous [from, to) spans of at most SPAN_MS. */
function* spansOf(sorted: number[]): Generator<[number, number]> {
  let start: number | undefined;
  let end = 0;
  for (const b of sorted) {
    if (start !== undefined && b === end && end - start < SPAN_MS) {
      end = b + BUCKET_MS;
      continue;
    }
    if (start !== undefined) yield [start, end];
    start = b;
    end = b + BUCKET_MS;
  }
  if (start !== undefined) yield [start, end];
}

async function recomputeSpan(deps: RollupDeps, from: Date, to: Date, asOf: Date, runId: string) {
  const sums = new Map<string, NewRollup>();
  let facts = 0;
  let malformed = 0;
  const add = async (fact: Fact) => {
    const mapper = FACT_SERIES[fact.type];
    if (!mapper) return;
    let contributions: Contribution[];
    try {
      contributions = mapper(fact);
    } catch (err) {
      if (!(err instanceof MalformedFact)) throw err;
      malformed++;
      const reported = await deps.findings.report(
        "malformed_fact",
        `${fact.type}:${fact.id}`,
        { type: fact.type, issues: err.issues },
        runId,
      );
      if (reported) log.warn("analytics_fact_malformed", { type: fact.type, id: fact.id, issues: err.issues, runId });
      return;
    }
    facts++;
    addContributions(sums, fact.occurredAt, contributions);
  };
  for await (const doc of deps.usage.between(from, to, asOf)) await add(usageFact(doc));
  for await (const doc of deps.events.between(EVENT_FACT_TYPES, from, to, asOf)) await add(eventFact(doc));
  const { written, removed } = await deps.rollups.replaceBuckets(from, to, [...sums.values()], asOf);
  return { facts, malformed, written, removed };
}

/** Adds a fact's contributions to the sums of its bucket (keyed by series, scope, bucket and dimensions). */
export function addContributions(sums: Map<string, NewRollup>, occurredAt: Date, contributions: Contribution[]): void {
  const bucket = new Date(floorBucket(occurredAt.getTime()));
  for (const c of contributions) {
    const key = JSON.stringify([c.series, c.scope, c.scopeId, bucket.getTime(), Object.entries(c.dims).sort()]);
    const doc = sums.get(key);
    if (!doc) {
      sums.set(key, { series: c.series, scope: c.scope, scope_id: c.scopeId, bucket, dims: c.dims, m: { ...c.m } });
      continue;
    }
    for (const [k, v] of Object.entries(c.m)) doc.m[k] = (doc.m[k] ?? 0) + v;
  }
}

export function usageFact(doc: UsageEvent): Fact {
  const { _id, uid, created_at, ...data } = doc;
  return { type: "ai.call", id: String(_id), occurredAt: created_at, uid: uid ?? null, teamId: doc.team_id ?? null, data };
}

export function eventFact(doc: DomainEventDoc): Fact {
  return { type: doc.type, id: String(doc._id), occurredAt: doc.occurred_at, uid: doc.uid, teamId: doc.team_id, data: doc.data ?? {} };
}
