import { SCOPE_DIMENSIONS } from "../../core/analytics/metrics";
import type { OperationContext } from "../../platform/operation";
import type { AnalyticsPlatformQuery } from "./analytics.schema";
import { runSeriesQuery } from "./run-series-query";

/** Platform-wide series for admins: revenue, credits sold and consumed, margin, active users, provider health. */
export async function getPlatform(ctx: OperationContext<unknown, AnalyticsPlatformQuery>) {
  const q = ctx.query;
  return runSeriesQuery(ctx.services, "platform", null, q, q.timeZone ?? "UTC", SCOPE_DIMENSIONS.platform);
}
