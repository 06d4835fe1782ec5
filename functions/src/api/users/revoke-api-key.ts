import { ObjectId } from "mongodb";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ApiKeyIdParams } from "./api-keys.schema";

/** Revokes one of the caller's keys; it is rejected (401) from its next request on. */
export async function revokeApiKey(ctx: OperationContext<ApiKeyIdParams>) {
  const { caller, services } = ctx;
  const now = services.now();
  if (!(await (await services.store("apiKeys")).revoke(caller.uid, new ObjectId(ctx.params.keyId), now))) throw notFound("API key");
  await (await services.store("usageCounters")).release({ scope: { kind: "user", uid: caller.uid }, resource: "api_keys" });
  await (
    await services.store("auditLog")
  ).record({
    action: "api_key.revoked",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    data: { keyId: ctx.params.keyId },
    at: now,
  });
  return { id: ctx.params.keyId, revoked: true as const };
}
