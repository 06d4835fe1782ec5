import { Reply, type OperationContext } from "../../platform/operation";
import { buildOpenApi } from "../../platform/openapi";

export const API_VERSION = "1.0.0";
let cached: Record<string, unknown> | undefined;

export async function getOpenApi(_ctx: OperationContext) {
  if (!cached) {
    const { routes } = await import("../../routes");
    cached = buildOpenApi(routes, API_VERSION);
  }
  return new Reply(200, cached, { "Cache-Control": "public, max-age=300" });
}
