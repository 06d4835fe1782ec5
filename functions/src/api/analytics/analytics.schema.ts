import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { FINDING_KINDS } from "../../core/analytics/finding-kinds";
import { SCOPE_DIMENSIONS, SCOPE_METRICS, type DimensionName, type MetricName } from "../../core/analytics/metrics";
import { isTimeZone } from "../../core/analytics/time-buckets";
import { Uid, PageCursor } from "../../platform/common-schemas";

/** A comma-separated list of names from `values` (query strings carry lists that way), 1..max, no repeats. */
const csvOf = <T extends string>(values: readonly T[], max: number) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(",").map((v) => v.trim()))
    .pipe(
      z
        .array(z.enum(values as [T, ...T[]]))
        .min(1)
        .max(max)
        .refine((list) => new Set(list).size === list.length, "must not repeat a name"),
    );

/** An instant (ISO date-time with offset) or a local date (YYYY-MM-DD: its start in the query's time zone). */
const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const TimeZone = z.string().max(64).refine(isTimeZone, "must be an IANA time zone name, e.g. Asia/Kathmandu");

const FilterValue = z.string().min(1).max(200);

const common = {
  granularity: z.enum(["hour", "day", "week", "month"]).default("day"),
  /** Inclusive; default: 30 days before `to`. The periods containing it are included whole. */
  from: Instant.optional(),
  /** Exclusive; default: now. */
  to: Instant.optional(),
  /** Default: the caller's profile time zone (UTC without one). */
  timeZone: TimeZone.optional(),
  /** Groups beyond this many (ranked by the first metric) are summed into one "(other)" group. */
  maxGroups: z.coerce.number().int().min(1).max(100).default(20),
  format: z.enum(["json", "csv"]).default("json"),
};

const filtersOf = (names: readonly DimensionName[]) =>
  Object.fromEntries(names.map((n) => [n, FilterValue.optional()])) as Record<DimensionName, z.ZodOptional<typeof FilterValue>>;

export const AnalyticsUsageQuery = z.strictObject({
  metric: csvOf(SCOPE_METRICS.user, 6).default(["credits"]),
  groupBy: csvOf(SCOPE_DIMENSIONS.user, 2).optional(),
  /** A team the caller owns or administers: that team's series instead of the caller's own. */
  teamId: EntityId.optional(),
  ...common,
  ...filtersOf(SCOPE_DIMENSIONS.user),
});
export type AnalyticsUsageQuery = z.infer<typeof AnalyticsUsageQuery>;

export const AnalyticsPlatformQuery = z.strictObject({
  metric: csvOf(SCOPE_METRICS.platform, 6).default(["credits"]),
  groupBy: csvOf(SCOPE_DIMENSIONS.platform, 2).optional(),
  ...common,
  ...filtersOf(SCOPE_DIMENSIONS.platform),
});
export type AnalyticsPlatformQuery = z.infer<typeof AnalyticsPlatformQuery>;

/** Admins may read anyone's seller or partner series; everyone else only their own (their uid or none). */
const SubjectUid = Uid.optional();

export const AnalyticsSellerQuery = z.strictObject({
  metric: csvOf(SCOPE_METRICS.seller, 6).default(["earned_credits"]),
  groupBy: csvOf(SCOPE_DIMENSIONS.seller, 1).optional(),
  uid: SubjectUid,
  ...common,
  ...filtersOf(SCOPE_DIMENSIONS.seller),
});
export type AnalyticsSellerQuery = z.infer<typeof AnalyticsSellerQuery>;

export const AnalyticsPartnerQuery = z.strictObject({
  metric: csvOf(SCOPE_METRICS.partner, 6).default(["net_commission_credits"]),
  groupBy: csvOf(SCOPE_DIMENSIONS.partner, 1).optional(),
  uid: SubjectUid,
  ...common,
  ...filtersOf(SCOPE_DIMENSIONS.partner),
});
export type AnalyticsPartnerQuery = z.infer<typeof AnalyticsPartnerQuery>;

export const AnalyticsFindingsQuery = z.strictObject({
  /** open (default): still seen by the latest runs; resolved: a later run no longer saw it. */
  state: z.enum(["open", "resolved", "all"]).default("open"),
  kind: z.enum(FINDING_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: PageCursor.optional(),
});
export type AnalyticsFindingsQuery = z.infer<typeof AnalyticsFindingsQuery>;

export const AnalyticsFinding = z
  .object({
    id: z.string(),
    /** cost_drift, usage_record_missing, event_missing, malformed_fact, late_fact_beyond_retention (docs/analytics.md). */
    kind: z.enum(FINDING_KINDS),
    /** What it is about: an hour, a ledger key, a fact's type and id, a bucket. */
    key: z.string(),
    /** What the run saw (amounts, issues, the bucket...). */
    detail: z.record(z.string(), z.unknown()),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    /** The run that last saw it. */
    runId: z.string(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "AnalyticsFinding" });

export const AnalyticsFindingList = z
  .object({ findings: z.array(AnalyticsFinding), nextCursor: z.string().nullable() })
  .meta({ id: "AnalyticsFindingList" });
export type AnalyticsFindingList = z.infer<typeof AnalyticsFindingList>;

export const AnalyticsSeries = z
  .object({
    scope: z.enum(["user", "team", "platform", "seller", "partner"]),
    metrics: z.array(z.string()),
    granularity: z.enum(["hour", "day", "week", "month"]),
    timeZone: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    /** Every fact recorded up to this time is counted (the last complete rollup run); null before the first. */
    asOf: z.iso.datetime().nullable(),
    /** Periods ending at or before this time are final: outside the late-event window. */
    finalBefore: z.iso.datetime().nullable(),
    groupsOmitted: z.number().int(),
    rows: z.array(
      z.object({
        start: z.iso.datetime(),
        end: z.iso.datetime(),
        /** The local date (or local date-time with offset, for hours) the period starts at. */
        label: z.string(),
        final: z.boolean(),
        group: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable(),
        values: z.record(z.string(), z.number().nullable()),
      }),
    ),
  })
  .meta({ id: "AnalyticsSeries" });
export type AnalyticsSeries = z.infer<typeof AnalyticsSeries>;

export type AnyAnalyticsQuery = Omit<AnalyticsUsageQuery, "metric" | "groupBy" | "teamId"> & {
  metric: MetricName[];
  groupBy?: DimensionName[];
};
