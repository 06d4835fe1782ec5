import { analyticsSettings } from "../core/analytics/analytics-config";
import type { Services } from "../services";

/**
 * Daily: strips raw usage records and events older than the retention to their dedupe keys. The keys
 * stay (they are the documents' `_id`s), so a replay of an old fact is still a duplicate; the rollups
 * never recompute buckets that old (rollup.ts), so their sums are kept.
 */
export async function runAnalyticsRetention(_runId: string, services: Services): Promise<Record<string, unknown>> {
  const [usage, events] = await Promise.all([services.store("usage"), services.store("events")]);
  const { retentionMs } = analyticsSettings();
  const before = new Date(services.now().getTime() - retentionMs);
  return {
    before: before.toISOString(),
    usageCompacted: await usage.compactBefore(before),
    eventsCompacted: await events.compactBefore(before),
  };
}
