import { ObjectId } from "mongodb";
import { generateApiKey } from "../../core/auth/api-key-verifier";
import { recordAudit } from "../../core/audit/audit-log";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ApiKeyIdParams } from "./api-keys.schema";
import { ApiKeysStore, toApiKeyView } from "./api-keys-store";

/** Gives a key a new secret (shown once), keeping its id, name and scopes; the old secret stops working. */
export async function rotateApiKey(ctx: OperationContext<ApiKeyIdParams>) {
  const db = await ctx.services.db();
  const now = ctx.services.now();
  const key = generateApiKey();
  const doc = await new ApiKeysStore(db).rotate(ctx.caller.uid, new ObjectId(ctx.params.keyId), key, now);
  if (!doc) throw notFound("API key");
  await recordAudit(db, {
    action: "api_key.rotated",
    actor_uid: ctx.caller.uid,
    target_uid: ctx.caller.uid,
    request_id: ctx.requestId,
    data: { keyId: ctx.params.keyId },
    at: now,
  });
  return { ...toApiKeyView(doc), key };
}
