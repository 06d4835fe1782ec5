import { MONGODB_URI } from "../../platform/params";
import { SearchQuery, SearchResponse } from "./search.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The search module's functions (composed into the whole API by routes.ts). */
export const searchRoutes = moduleRoutes(
  { tag: "prompts", secrets: [MONGODB_URI] },
  {
    search: {
      path: "/search",
      operations: {
        GET: operation({
          operationId: "searchPrompts",
          summary:
            "Keyword search (last word as a prefix) over prompts the caller can see, by relevance (cursor-paginated; filter by scope, tags, type)",
          auth: "user",
          scopes: ["prompts:read"],
          rateLimit: perMinute(60),
          query: SearchQuery,
          response: SearchResponse,
          handler: () => import("./search-prompts").then((m) => m.searchPrompts),
        }),
      },
    },
    /** Unknown paths under /api/v1 get the same JSON error body as everything else. */
  },
);
