import { MONGODB_URI } from "../../platform/params";
import { ProvidersHealthResponse } from "./monitoring.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The monitoring module's functions (composed into the whole API by routes.ts). */
export const monitoringRoutes = moduleRoutes(
  { tag: "monitoring", secrets: [MONGODB_URI] },
  {
    monitoringProviders: {
      path: "/monitoring/providers",
      operations: {
        GET: operation({
          operationId: "getProvidersHealth",
          summary:
            "Per provider and model: circuit-breaker state, recent error rate and latency p50/p95, merged across the AI instances that published to llm_health in the last 5 minutes",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(60, "local"),
          response: ProvidersHealthResponse,
          errors: [403],
          handler: () => import("./get-providers").then((m) => m.getProviders),
        }),
      },
    },
  },
);
