import { analyticsSettings } from "../core/analytics/analytics-config";
import { reconcileAnalytics } from "../core/analytics/reconcile";
import type { Services } from "../services";

/** Hourly: analytics cost against ledger debits, and facts without their records; findings recorded, never fixed. */
export async function runAnalyticsReconciliation(runId: string, services: Services): Promise<Record<string, unknown>> {
  const [ledger, usage, events, rollups, state, findings] = await Promise.all([
    services.ledger(),
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  const { lookbackMs } = analyticsSettings();
  return { ...(await reconcileAnalytics({ ledger, usage, events, rollups, state, findings }, { now: services.now(), lookbackMs, runId })) };
}
