import { MONGODB_URI } from "../../platform/params";
import {
  AnalyticsFindingList,
  AnalyticsFindingsQuery,
  AnalyticsPartnerQuery,
  AnalyticsPlatformQuery,
  AnalyticsSellerQuery,
  AnalyticsSeries,
  AnalyticsUsageQuery,
} from "./analytics.schema";
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
          // API keys with analytics:read: a key holder's own series (and their teams', as owner or admin).
          scopes: ["analytics:read"],
          rateLimit: perMinute(60),
          query: AnalyticsUsageQuery,
          response: AnalyticsSeries,
          errors: [403, 404],
          handler: () => import("./get-usage").then((m) => m.getUsage),
        }),
      },
    },
    analyticsSeller: {
      path: "/analytics/seller",
      operations: {
        GET: operation({
          operationId: "getSellerAnalytics",
          summary:
            "The caller's marketplace sales series (admins: any user's): listings sold, gross and earned credits, refunds, per hour/day/week/month of a time zone, by listing; JSON or CSV",
          auth: "user",
          // API keys with analytics:read: a key holder's own series (and their teams', as owner or admin).
          scopes: ["analytics:read"],
          rateLimit: perMinute(60),
          query: AnalyticsSellerQuery,
          response: AnalyticsSeries,
          errors: [403],
          handler: () => import("./get-seller").then((m) => m.getSeller),
        }),
      },
    },
    analyticsPartner: {
      path: "/analytics/partner",
      operations: {
        GET: operation({
          operationId: "getPartnerAnalytics",
          summary:
            "The caller's partner commission series (admins: any partner's): commissions, reversals and net credits per hour/day/week/month of a time zone, by source; JSON or CSV",
          auth: "user",
          // API keys with analytics:read: a key holder's own series (and their teams', as owner or admin).
          scopes: ["analytics:read"],
          rateLimit: perMinute(60),
          query: AnalyticsPartnerQuery,
          response: AnalyticsSeries,
          errors: [403],
          handler: () => import("./get-partner").then((m) => m.getPartner),
        }),
      },
    },
    adminAnalyticsFindings: {
      path: "/admin/analytics/findings",
      operations: {
        GET: operation({
          operationId: "adminListAnalyticsFindings",
          summary:
            "What the analytics jobs recorded for an admin to look at: cost drift against the ledger, facts without their records, malformed facts, facts too late to count; open, resolved or all, by kind; cursor-paginated",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(60),
          query: AnalyticsFindingsQuery,
          response: AnalyticsFindingList,
          errors: [403],
          handler: () => import("./list-findings").then((m) => m.listFindings),
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
