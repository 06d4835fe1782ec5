import { MONGODB_URI } from "../../platform/params";
import { HealthResponse, ReadyResponse } from "./health.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The health module's functions (composed into the whole API by routes.ts). */
export const healthRoutes = moduleRoutes(
  { tag: "health", secrets: [] },
  {
    health: {
      path: "/health",
      operations: {
        GET: operation({
          operationId: "getHealth",
          summary: "Liveness: the function answers (no database call)",
          auth: "public",
          rateLimit: perMinute(120, "local"),
          response: HealthResponse,
          handler: () => import("./get-health").then((m) => m.getHealth),
        }),
      },
    },
    healthReady: {
      path: "/health/ready",
      secrets: [MONGODB_URI],
      operations: {
        GET: operation({
          operationId: "getReady",
          summary: "Readiness: configuration is valid and MongoDB answers a ping (503 names the failing check)",
          auth: "public",
          rateLimit: perMinute(60, "local"),
          response: ReadyResponse,
          errors: [503],
          handler: () => import("./get-ready").then((m) => m.getReady),
        }),
      },
    },
  },
);
