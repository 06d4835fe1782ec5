import { generateApiKey } from "../../core/auth/api-key-verifier";
import { HttpError } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { validationError } from "../../platform/request-input";
import type { CreateApiKeyInput } from "./api-keys.schema";
import { toApiKeyView } from "./api-key-view";

export const MAX_ACTIVE_KEYS = 25;
const MAX_LIFETIME_DAYS = 366;

/** The requested expiry, which must lie ahead of the clock and within MAX_LIFETIME_DAYS (400 otherwise). */
function expiryOf(expiresAt: string | undefined, now: Date): Date | null {
  if (expiresAt === undefined) return null;
  const at = new Date(expiresAt);
  const problem =
    at <= now
      ? "must be in the future"
      : at.getTime() > now.getTime() + MAX_LIFETIME_DAYS * 86_400_000
        ? `must be within ${MAX_LIFETIME_DAYS} days`
        : undefined;
  if (problem) throw validationError([{ field: "body.expiresAt", code: "custom", message: problem }]);
  return at;
}

/**
 * Creates an API key and returns its secret, once: only its hash is stored. At most MAX_ACTIVE_KEYS
 * are live at a time, however many creates run at once: a slot is taken atomically before the insert.
 */
export async function createApiKey(ctx: OperationContext<unknown, unknown, CreateApiKeyInput>) {
  const { caller, body, services } = ctx;
  const now = services.now();
  const expiresAt = expiryOf(body.expiresAt, now);
  const [keys, counters] = await Promise.all([services.store("apiKeys"), services.store("usageCounters")]);
  const counted = {
    scope: { kind: "user" as const, uid: caller.uid },
    resource: "api_keys" as const,
    countExisting: () => keys.countActive(caller.uid),
  };
  if (!(await counters.take(counted, MAX_ACTIVE_KEYS))) {
    throw new HttpError(409, "too_many_api_keys", `At most ${MAX_ACTIVE_KEYS} API keys can be active; revoke one first`);
  }
  const key = generateApiKey();
  let doc;
  try {
    doc = await keys.create(caller.uid, { name: body.name, scopes: body.scopes, expiresAt }, key, now);
  } catch (err) {
    await counters.release(counted);
    throw err;
  }
  await (
    await services.store("auditLog")
  ).record({
    action: "api_key.created",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    data: { keyId: doc._id.toHexString(), scopes: doc.scopes },
    at: now,
  });
  return new Reply(201, { ...toApiKeyView(doc), key });
}
