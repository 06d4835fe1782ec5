import { z } from "zod";
import { ANALYTICS_LOOKBACK_HOURS, ANALYTICS_RETENTION_DAYS } from "../../platform/params";

const HOUR_MS = 3_600_000;

const Settings = z
  .object({ lookbackHours: z.number().int().min(1).max(720), retentionDays: z.number().int().min(30).max(3650) })
  .refine((s) => s.lookbackHours < (s.retentionDays - 2) * 24, "the lookback must end well inside the retention");

export interface AnalyticsSettings {
  /** The late-event window (ANALYTICS_LOOKBACK_HOURS). */
  lookbackMs: number;
  /** How long raw facts keep their contents (ANALYTICS_RETENTION_DAYS). */
  retentionMs: number;
}

/**
 * An unset int param reads as 0 outside a deploy (the CLI fills in declared defaults only when it
 * deploys or emulates), which would fail validation in `npm run job` and tests: unset means the default.
 */
const intParam = (param: { name: string; value(): number }, unset: number): number =>
  process.env[param.name] === undefined ? unset : param.value();

/** The analytics params, validated at run time (a bad value fails the run loudly instead of guessing). */
export function analyticsSettings(
  read: () => { lookbackHours: number; retentionDays: number } = () => ({
    lookbackHours: intParam(ANALYTICS_LOOKBACK_HOURS, 48),
    retentionDays: intParam(ANALYTICS_RETENTION_DAYS, 400),
  }),
): AnalyticsSettings {
  const s = Settings.parse(read());
  return { lookbackMs: s.lookbackHours * HOUR_MS, retentionMs: s.retentionDays * 24 * HOUR_MS };
}
