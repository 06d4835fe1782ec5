import { analyticsSettings } from "../core/analytics/analytics-config";
import { runRollup } from "../core/analytics/rollup";
import type { Services } from "../services";

/** Every 15 minutes: recomputes and replaces the analytics buckets of the late-event window and of every late fact (core/analytics/rollup.ts). */
export async function runAnalyticsRollup(runId: string, services: Services): Promise<Record<string, unknown>> {
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  const { lookbackMs, retentionMs } = analyticsSettings();
  return {
    ...(await runRollup({ usage, events, rollups, daily, state, findings }, { now: services.now(), lookbackMs, retentionMs, runId })),
  };
}
