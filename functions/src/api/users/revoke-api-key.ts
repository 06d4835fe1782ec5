import { ObjectId } from "mongodb";
import { recordAudit } from "../../core/audit/audit-log";
import { UsageCounters } from "../../core/limits/usage-counters";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ApiKeyIdParams } from "./api-keys.schema";
import { ApiKeysStore } from "./api-keys-store";

/** Revokes one of the caller's keys; it is rejected (401) from its next request on. */
export async function revokeApiKey(ctx: OperationContext<ApiKeyIdParams>) {
  const db = await ctx.services.db();
  const now = ctx.services.now();
  if (!(await new ApiKeysStore(db).revoke(ctx.caller.uid, new ObjectId(ctx.params.keyId), now))) throw notFound("API key");
  await new UsageCounters(db, ctx.services.now).release({ scope: { kind: "user", uid: ctx.caller.uid }, resource: "api_keys" });
  await recordAudit(db, {
    action: "api_key.revoked",
    actor_uid: ctx.caller.uid,
    target_uid: ctx.caller.uid,
    request_id: ctx.requestId,
    data: { keyId: ctx.params.keyId },
    at: now,
  });
  return { id: ctx.params.keyId, revoked: true as const };
}
