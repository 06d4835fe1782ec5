import { generateApiKey } from "../../core/auth/api-key-verifier";
import { recordAudit } from "../../core/audit/audit-log";
import { UsageCounters } from "../../core/limits/usage-counters";
import { HttpError } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateApiKeyInput } from "./api-keys.schema";
import { ApiKeysStore, MAX_ACTIVE_KEYS, toApiKeyView } from "./api-keys-store";

/**
 * Creates an API key and returns its secret, once: only its hash is stored. At most MAX_ACTIVE_KEYS
 * are live at a time, however many creates run at once: a slot is taken atomically before the insert.
 */
export async function createApiKey(ctx: OperationContext<unknown, unknown, CreateApiKeyInput>) {
  const { caller, body, services } = ctx;
  const db = await services.db();
  const store = new ApiKeysStore(db);
  const counters = new UsageCounters(db, services.now);
  const counted = { scope: { kind: "user" as const, uid: caller.uid }, resource: "api_keys" as const, countExisting: () => store.countActive(caller.uid) };
  if (!(await counters.take(counted, MAX_ACTIVE_KEYS))) {
    throw new HttpError(409, "too_many_api_keys", `At most ${MAX_ACTIVE_KEYS} API keys can be active; revoke one first`);
  }
  const key = generateApiKey();
  const now = services.now();
  let doc;
  try {
    doc = await store.create(caller.uid, { name: body.name, scopes: body.scopes, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }, key, now);
  } catch (err) {
    await counters.release(counted);
    throw err;
  }
  await recordAudit(db, {
    action: "api_key.created",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    data: { keyId: doc._id.toHexString(), scopes: doc.scopes },
    at: now,
  });
  return new Reply(201, { ...toApiKeyView(doc), key });
}
