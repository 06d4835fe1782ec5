import { z } from "zod";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The meta module's functions (composed into the whole API by routes.ts). */
export const metaRoutes = moduleRoutes(
  { tag: "meta", secrets: [] },
  {
    openapi: {
      path: "/openapi.json",
      operations: {
        GET: operation({
          operationId: "getOpenApi",
          summary: "This API's OpenAPI 3.1 document",
          auth: "public",
          rateLimit: perMinute(60, "local"),
          response: z.record(z.string(), z.unknown()),
          handler: () => import("./get-openapi").then((m) => m.getOpenApi),
        }),
      },
    },
    apiNotFound: {
      path: "/**",
      operations: {},
    },
  },
);
