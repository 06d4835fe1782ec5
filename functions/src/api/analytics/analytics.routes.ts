import { MONGODB_URI } from "../../platform/params";
import { AnalyticsPlatformQuery, AnalyticsSeries, AnalyticsUsageQuery } from "./analytics.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The analytics module's functions (composed into the whole API by routes.ts); docs/analytics.md. */
export const analyticsRoutes = moduleRoutes(
  { tag: "analytics", secrets: [MONGODB_URI] },
  {
    analyticsUsage: {
      path: "/analytics/usage",
      operations: {
        GET: operation({
          operationId: "getUsageAnalytics",
          summary:
            "The caller's (or, for its owner and admins, a team's) usage series: calls, tokens, credits, errors, latency per hour/day/week/month of a time zone, grouped and filtered by model, provider, prompt, project; JSON or CSV",
          auth: "user",
          rateLimit: perMinute(60),
          query: AnalyticsUsageQuery,
          response: AnalyticsSeries,
          errors: [403, 404],
          handler: () => import("./get-usage").then((m) => m.getUsage),
        }),
      },
    },
    analyticsPlatform: {
      path: "/analytics/platform",
      operations: {
        GET: operation({
          operationId: "getPlatformAnalytics",
          summary:
            "Platform-wide series for admins: revenue by provider and currency, credits sold vs consumed, provider cost and gross margin, active users, error rate and latency per provider/model; JSON or CSV",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(60),
          query: AnalyticsPlatformQuery,
          response: AnalyticsSeries,
          errors: [403],
          handler: () => import("./get-platform").then((m) => m.getPlatform),
        }),
      },
    },
  },
);
