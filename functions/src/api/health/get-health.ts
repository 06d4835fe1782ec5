import { getConfig } from "../../platform/config";
import type { OperationContext } from "../../platform/operation";

/** Liveness: answers without touching the database. */
export async function getHealth(ctx: OperationContext) {
  return {
    status: "ok" as const,
    service: "promptforge-api",
    version: process.env.K_REVISION ?? "local",
    environment: getConfig().environment,
    time: ctx.services.now().toISOString(),
  };
}
