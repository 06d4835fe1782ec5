import { validationError, type FieldIssue } from "../../platform/request-input";
import { dimensionOf, METRICS, type DimensionName, type MetricDef, type MetricName } from "./metrics";
import type { ActivityStore } from "./activity-store";
import type { DailyRollupsStore } from "./daily-rollups-store";
import type { DimValue, Dims, ScopeKind } from "./series";
import { BUCKET_MS, localPeriods, OffGridTimeZone, periodIndex, type Granularity, type Period } from "./time-buckets";

export interface SeriesQuery {
  scope: ScopeKind;
  /** The user, team, seller or partner; null for the platform. */
  scopeId: string | null;
  metrics: MetricName[];
  granularity: Granularity;
  timeZone: string;
  /** UTC ms; the periods containing them are included whole. */
  from: number;
  /** UTC ms, exclusive. */
  to: number;
  groupBy: DimensionName[];
  filters: Partial<Record<DimensionName, DimValue>>;
  /** Groups beyond this many (ranked by the first metric over the range) are merged into one "(other)" group. */
  maxGroups: number;
}

export interface SeriesRow {
  period: Period;
  /** Null when not grouped; else the group's value of each group-by dimension. */
  group: Partial<Record<DimensionName, DimValue>> | null;
  /** Sums are integers; ratios are null when their denominator is 0. */
  values: Partial<Record<MetricName, number | null>>;
}

export interface SeriesResult {
  periods: Period[];
  rows: SeriesRow[];
  /** How many groups were merged into "(other)". */
  groupsOmitted: number;
}

export const OTHER_GROUP = "(other)";

/** Problems with a query that validation of each field alone cannot see (400 validation_failed). */
export function checkQuery(q: Pick<SeriesQuery, "metrics" | "groupBy" | "filters">): void {
  const issues: FieldIssue[] = [];
  for (const metric of q.metrics) {
    const { series } = METRICS[metric];
    for (const name of q.groupBy) {
      if (!dimensionOf(name, series)) {
        issues.push({ field: "query.groupBy", code: "unsupported_group", message: `${metric} cannot be grouped by ${name}` });
      }
    }
    for (const name of Object.keys(q.filters) as DimensionName[]) {
      if (!dimensionOf(name, series)) {
        issues.push({ field: `query.${name}`, code: "unsupported_filter", message: `${metric} cannot be filtered by ${name}` });
      }
    }
    const def = METRICS[metric] as MetricDef;
    if (def.kind === "sum" && def.money && !q.groupBy.includes("currency") && q.filters.currency === undefined) {
      issues.push({
        field: "query.metric",
        code: "currency_required",
        message: `${metric} is money in several currencies: group by currency or filter one currency`,
      });
    }
  }
  if (issues.length) throw validationError(issues);
}

/**
 * Folds the rollups of a scope into the local periods of a time zone, from the daily level (one
 * document per UTC day, daily-rollups-store.ts): a day inside one period adds its total, a day a
 * period boundary cuts adds each of its 15-minute buckets to its own period. Every period boundary of
 * every zone falls on a bucket boundary (time-buckets.ts), so each bucket lands in exactly one
 * period: no period is counted twice or in part.
 */
export async function querySeries(
  rollups: Pick<DailyRollupsStore, "find">,
  q: SeriesQuery,
  activity?: Pick<ActivityStore, "between">,
): Promise<SeriesResult> {
  checkQuery(q);
  let periods: Period[];
  try {
    periods = localPeriods(q.timeZone, q.granularity, q.from, q.to);
  } catch (err) {
    if (!(err instanceof OffGridTimeZone)) throw err;
    throw validationError([{ field: "query.timeZone", code: "unsupported_time_zone", message: err.message }]);
  }
  if (!periods.length) return { periods, rows: [], groupsOmitted: 0 };
  const from = new Date(periods[0].start);
  const to = new Date(periods[periods.length - 1].end);

  // cells: period index → group key → per metric its numerator and denominator, or its set of users.
  const cells: Map<string, Cell>[] = periods.map(() => new Map());
  const groups = new Set<string>();
  const bySeries = new Map<string, MetricName[]>();
  for (const metric of q.metrics) {
    const key = METRICS[metric].kind === "distinct_users" ? `users:${METRICS[metric].series}` : METRICS[metric].series;
    bySeries.set(key, [...(bySeries.get(key) ?? []), metric]);
  }
  for (const [key, metrics] of bySeries) {
    if (key === "activity") {
      if (!activity) throw new Error("active_users needs the activity markers");
      await countActive(activity, periods, from, to, metrics, cells, groups);
      continue;
    }
    const distinct = key.startsWith("users:");
    const series = distinct ? key.slice("users:".length) : key;
    const dims: Dims = {};
    for (const [name, value] of Object.entries(q.filters) as [DimensionName, DimValue][]) dims[dimensionOf(name, series)!] = value;
    // Distinct users come from every user's own series (platform-wide only).
    const docs = rollups.find({ series, scope: distinct ? "user" : q.scope, scopeId: distinct ? undefined : q.scopeId, from, to, dims });
    for await (const doc of docs) {
      const group = groupOf(q.groupBy, series, doc.dims);
      const gkey = JSON.stringify(group);
      const day = doc.day.getTime();
      // A day wholly inside one period adds its total; a day a period boundary cuts adds each slot to its own.
      const first = periodIndex(periods, day);
      const parts =
        first >= 0 && first === periodIndex(periods, day + DAY_MS - 1)
          ? [{ p: first, m: doc.m }]
          : doc.slots.map((slot) => ({ p: periodIndex(periods, day + slot.s * BUCKET_MS), m: slot.m }));
      for (const part of parts) if (part.p >= 0) addTo(part.p, gkey, doc.scope_id, part.m, doc.dims, metrics);
    }
  }

  function addTo(p: number, gkey: string, scopeId: string | null, m: Record<string, number>, docDims: Dims, metrics: MetricName[]) {
    groups.add(gkey);
    let cell = cells[p].get(gkey);
    if (!cell) cells[p].set(gkey, (cell = new Map()));
    for (const metric of metrics) {
      const def = METRICS[metric] as MetricDef;
      let acc = cell.get(metric);
      if (!acc) cell.set(metric, (acc = { num: 0, den: 0 }));
      if (def.kind === "distinct_users" || def.kind === "active_users") {
        (acc.users ??= new Set()).add(scopeId!);
        continue;
      }
      if (def.kind === "sum") {
        if (def.where && Object.entries(def.where).some(([k, v]) => docDims[k] !== v)) continue;
        acc.num += weigh(def.terms, m);
      } else {
        acc.num += weigh(def.num, m);
        acc.den += weigh(def.den, m);
      }
    }
  }

  const { kept, omitted } = limitGroups(q, groups, cells);
  const rows: SeriesRow[] = [];
  periods.forEach((period, p) => {
    if (!q.groupBy.length) {
      rows.push({ period, group: null, values: valuesOf(q.metrics, cells[p].get(JSON.stringify(null))) });
      return;
    }
    const merged = mergeOther(cells[p], kept, q.groupBy);
    for (const gkey of [...merged.keys()].sort()) {
      rows.push({ period, group: JSON.parse(gkey), values: valuesOf(q.metrics, merged.get(gkey)) });
    }
  });
  return { periods, rows, groupsOmitted: omitted };
}

/**
 * Distinct active users per period, from the markers' 15-minute slots: a slot lies in exactly one
 * period of any zone, so a user counts once in each period they were active in, whatever its length.
 */
async function countActive(
  activity: Pick<ActivityStore, "between">,
  periods: Period[],
  from: Date,
  to: Date,
  metrics: MetricName[],
  cells: Map<string, Cell>[],
  groups: Set<string>,
): Promise<void> {
  const gkey = JSON.stringify(null);
  groups.add(gkey);
  for await (const doc of activity.between(from, to)) {
    for (const slot of doc.slots) {
      const p = periodIndex(periods, doc.day.getTime() + slot * BUCKET_MS);
      if (p < 0) continue;
      let cell = cells[p].get(gkey);
      if (!cell) cells[p].set(gkey, (cell = new Map()));
      for (const metric of metrics) {
        let acc = cell.get(metric);
        if (!acc) cell.set(metric, (acc = { num: 0, den: 0 }));
        (acc.users ??= new Set()).add(doc.uid);
      }
    }
  }
}

const DAY_MS = 86_400_000;

type Cell = Map<MetricName, { num: number; den: number; users?: Set<string> }>;

/** The groups to show: the `maxGroups` largest by the first metric over the whole range. */
function limitGroups(q: SeriesQuery, all: Set<string>, cells: Map<string, Cell>[]): { kept: Set<string>; omitted: number } {
  if (!q.groupBy.length || all.size <= q.maxGroups) return { kept: all, omitted: 0 };
  const first = q.metrics[0];
  const totals = new Map<string, number>();
  for (const ofPeriod of cells) {
    for (const [gkey, cell] of ofPeriod) {
      const acc = cell.get(first);
      const weight = !acc ? 0 : acc.users ? acc.users.size : METRICS[first].kind === "ratio" ? acc.den : Math.abs(acc.num);
      totals.set(gkey, (totals.get(gkey) ?? 0) + weight);
    }
  }
  const ranked = [...all].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || (a < b ? -1 : 1));
  return { kept: new Set(ranked.slice(0, q.maxGroups)), omitted: ranked.length - q.maxGroups };
}

/** One period's cells, with the groups outside `kept` summed into the "(other)" group. */
function mergeOther(cells: Map<string, Cell>, kept: Set<string>, groupBy: DimensionName[]): Map<string, Cell> {
  const otherKey = JSON.stringify(Object.fromEntries(groupBy.map((n) => [n, OTHER_GROUP])));
  const out = new Map<string, Cell>();
  for (const [gkey, cell] of cells) {
    if (kept.has(gkey)) {
      out.set(gkey, cell);
      continue;
    }
    let target = out.get(otherKey);
    if (!target) out.set(otherKey, (target = new Map()));
    for (const [metric, acc] of cell) {
      const into = target.get(metric) ?? { num: 0, den: 0 };
      into.num += acc.num;
      into.den += acc.den;
      if (acc.users) for (const u of acc.users) (into.users ??= new Set()).add(u);
      target.set(metric, into);
    }
  }
  return out;
}

function weigh(terms: [string, number][], m: Record<string, number>): number {
  let total = 0;
  for (const [measure, factor] of terms) total += (m[measure] ?? 0) * factor;
  return total;
}

function groupOf(groupBy: DimensionName[], series: string, dims: Dims): Partial<Record<DimensionName, DimValue>> | null {
  if (!groupBy.length) return null;
  const group: Partial<Record<DimensionName, DimValue>> = {};
  for (const name of groupBy) group[name] = dims[dimensionOf(name, series)!] ?? null;
  return group;
}

function valuesOf(metrics: MetricName[], cell: Cell | undefined): Partial<Record<MetricName, number | null>> {
  const values: Partial<Record<MetricName, number | null>> = {};
  for (const metric of metrics) {
    const def = METRICS[metric] as MetricDef;
    const acc = cell?.get(metric);
    if (def.kind === "distinct_users" || def.kind === "active_users") values[metric] = acc?.users?.size ?? 0;
    else if (def.kind === "ratio") values[metric] = acc && acc.den !== 0 ? Math.round((acc.num / acc.den) * 10_000) / 10_000 : null;
    else values[metric] = acc?.num ?? 0;
  }
  return values;
}
