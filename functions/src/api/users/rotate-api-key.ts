import { ObjectId } from "mongodb";
import { generateApiKey } from "../../core/auth/api-key-verifier";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ApiKeyIdParams } from "./api-keys.schema";
import { toApiKeyView } from "./api-key-view";

/** Gives a key a new secret (shown once), keeping its id, name and scopes; the old secret stops working. */
export async function rotateApiKey(ctx: OperationContext<ApiKeyIdParams>) {
  const { caller, services } = ctx;
  const now = services.now();
  const key = generateApiKey();
  const doc = await (await services.store("apiKeys")).rotate(caller.uid, new ObjectId(ctx.params.keyId), key, now);
  if (!doc) throw notFound("API key");
  await (
    await services.store("auditLog")
  ).record({
    action: "api_key.rotated",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    data: { keyId: ctx.params.keyId },
    at: now,
  });
  return { ...toApiKeyView(doc), key };
}
