import { analyticsSettings } from "../../core/analytics/analytics-config";
import { METRICS, SCOPE_DIMENSIONS, type DimensionName } from "../../core/analytics/metrics";
import { querySeries, type SeriesResult } from "../../core/analytics/query";
import { ROLLUP_JOB } from "../../core/analytics/rollup";
import type { DimValue, ScopeKind } from "../../core/analytics/series";
import { localDate, startOfLocalDay } from "../../core/analytics/time-buckets";
import { validationError } from "../../platform/request-input";
import type { Services } from "../../services";
import { HttpError } from "../../platform/http-error";
import { StreamReply, type OperationContext } from "../../platform/operation";
import type { AnalyticsSeries, AnyAnalyticsQuery } from "./analytics.schema";

const DAY_MS = 86_400_000;
/** The longest range each granularity answers in one request (31 days of hours, 366 of days...). */
export const MAX_RANGE_DAYS = { hour: 31, day: 366, week: 731, month: 1096 } as const;
/** Rollups start with the product; nothing earlier is asked for. */
const EARLIEST = Date.UTC(2020, 0, 1);

/** A date (YYYY-MM-DD, the start of that local day in `tz`) or an instant, in UTC ms. */
function instant(value: string, tz: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number);
    return startOfLocalDay(tz, { y, m, d });
  }
  return Date.parse(value);
}

/** [from, to) of the query, checked: ordered, bounded for the granularity, not before the product. */
export function rangeOf(q: Pick<AnyAnalyticsQuery, "from" | "to" | "granularity">, tz: string, now: number): { from: number; to: number } {
  const to = q.to !== undefined ? instant(q.to, tz) : now;
  const from = q.from !== undefined ? instant(q.from, tz) : startOfLocalDay(tz, localDate(tz, to - 30 * DAY_MS));
  const max = MAX_RANGE_DAYS[q.granularity];
  if (!(from < to)) throw validationError([{ field: "query.from", code: "invalid_range", message: "from must be before to" }]);
  if (from < EARLIEST) throw validationError([{ field: "query.from", code: "invalid_range", message: "from must be 2020-01-01 or later" }]);
  if (to - from > max * DAY_MS) {
    throw validationError([
      { field: "query.to", code: "range_too_long", message: `at most ${max} days of ${q.granularity} periods per request` },
    ]);
  }
  return { from, to };
}

/**
 * Runs one analytics query for a scope and answers it as JSON or CSV. Which periods are final comes
 * from the rollup's watermark: a period that ended before (watermark − late-event window) will not
 * change unless a fact arrives later than that window (which the rollup still counts, see rollup.ts).
 */
export async function runSeriesQuery(
  services: Services,
  scope: ScopeKind,
  scopeId: string | null,
  q: AnyAnalyticsQuery & Partial<Record<DimensionName, string>>,
  timeZone: string,
  dimensionNames: readonly DimensionName[],
): Promise<AnalyticsSeries | StreamReply> {
  const now = services.now().getTime();
  const { from, to } = rangeOf(q, timeZone, now);
  const filters: Partial<Record<DimensionName, DimValue>> = {};
  for (const name of dimensionNames) {
    const value = q[name];
    if (value === undefined) continue;
    if (name === "promptVersion") {
      if (!/^[1-9]\d{0,8}$/.test(value)) {
        throw validationError([{ field: "query.promptVersion", code: "invalid_version", message: "must be a version number" }]);
      }
      filters[name] = Number(value);
    } else filters[name] = value;
  }
  const [rollups, state, activity] = await Promise.all([
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    q.metric.some((m) => METRICS[m].kind === "active_users") ? services.store("activity") : undefined,
  ]);
  const result = await querySeries(
    rollups,
    {
      scope,
      scopeId,
      metrics: q.metric,
      granularity: q.granularity,
      timeZone,
      from,
      to,
      groupBy: q.groupBy ?? [],
      filters,
      maxGroups: q.maxGroups,
    },
    activity,
  );
  const { watermark } = await state.get(ROLLUP_JOB);
  const finalBefore = watermark ? watermark.getTime() - analyticsSettings().lookbackMs : null;
  const body = toBody(scope, q, timeZone, from, to, result, watermark, finalBefore);
  return q.format === "csv" ? csvReply(body, q.groupBy ?? []) : body;
}

function toBody(
  scope: ScopeKind,
  q: AnyAnalyticsQuery,
  timeZone: string,
  from: number,
  to: number,
  result: SeriesResult,
  watermark: Date | null,
  finalBefore: number | null,
): AnalyticsSeries {
  return {
    scope: scope as AnalyticsSeries["scope"],
    metrics: q.metric,
    granularity: q.granularity,
    timeZone,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    asOf: watermark?.toISOString() ?? null,
    finalBefore: finalBefore === null ? null : new Date(finalBefore).toISOString(),
    groupsOmitted: result.groupsOmitted,
    rows: result.rows.map((r) => ({
      start: new Date(r.period.start).toISOString(),
      end: new Date(r.period.end).toISOString(),
      label: r.period.label,
      final: finalBefore !== null && r.period.end <= finalBefore,
      group: r.group as Record<string, DimValue> | null,
      values: r.values as Record<string, number | null>,
    })),
  };
}

/** A cell as CSV: quoted when needed, and never read as a formula by a spreadsheet. */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvReply(body: AnalyticsSeries, groupBy: DimensionName[]): StreamReply {
  const header = ["start", "end", "label", "final", ...groupBy, ...body.metrics];
  const lines = [header.map(cell).join(",")];
  for (const row of body.rows) {
    const groups = groupBy.map((g) => row.group?.[g] ?? null);
    const values = body.metrics.map((m) => row.values[m] ?? null);
    lines.push([row.start, row.end, row.label, row.final, ...groups, ...values].map(cell).join(","));
  }
  const text = `${lines.join("\r\n")}\r\n`;
  return new StreamReply(async (out) => {
    out.write(text);
  }, "text/csv; charset=utf-8");
}

/**
 * A seller's or partner's own series: the caller's, or for an admin any user's (`uid`). The time zone
 * defaults to that user's profile (their days, whoever reads them).
 */
export async function subjectSeries(
  ctx: OperationContext<unknown, AnyAnalyticsQuery & { uid?: string } & Partial<Record<DimensionName, string>>>,
  scope: "seller" | "partner",
): Promise<AnalyticsSeries | StreamReply> {
  const { uid: asked, ...q } = ctx.query;
  const uid = asked ?? ctx.caller.uid;
  if (uid !== ctx.caller.uid && !ctx.caller.roles.includes("admin")) {
    throw new HttpError(403, "admin_required", `Only admins can read another user's ${scope} analytics`);
  }
  const timeZone = q.timeZone ?? (await (await ctx.services.store("users")).findByUid(uid))?.timezone ?? "UTC";
  return runSeriesQuery(ctx.services, scope, uid, q, timeZone, SCOPE_DIMENSIONS[scope]);
}
