import { createHash } from "node:crypto";
import { HttpError } from "../../platform/http-error";
import { errorFields, log } from "../../platform/logger";
import { Reply, type OperationContext } from "../../platform/operation";

/** The header, its format (that of request ids) and how long a key is remembered (as Stripe: 24 h). */
export const IDEMPOTENCY_HEADER = "idempotency-key";
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** The client's Idempotency-Key, undefined when absent; 400 when it is not one well-formed key. */
export function idempotencyKeyOf(headers: OperationContext["raw"]["headers"]): string | undefined {
  const raw = headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || !IDEMPOTENCY_KEY.test(raw)) {
    throw new HttpError(400, "invalid_idempotency_key", "Idempotency-Key must be one value of 8–128 letters, digits, '.', '_', ':' or '-'");
  }
  return raw;
}

/** JSON with object keys sorted at every level: equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What a key is bound to: the operation, the user and the whole validated body (defaults applied). */
export function requestHash(operation: string, uid: string, body: unknown): string {
  return createHash("sha256")
    .update(canonicalJson([operation, uid, body]))
    .digest("hex");
}

export interface IdempotencyOptions {
  /** Longer than the function's timeout: a running request older than this is taken to have died. */
  leaseMs: number;
}

/**
 * Runs a request at most once per Idempotency-Key (when the client sends one), as Stripe does: the
 * same key with the same request replays the stored response (header `Idempotent-Replayed: true`),
 * or answers 409 `request_in_progress` while the first is still running; the same key with another
 * request is 409 `idempotency_key_reused`. Only successes are stored: a request that failed moved no
 * credits for good (a failed call is released), so the client may retry it with the same key.
 */
export async function idempotent<T>(
  ctx: OperationContext<unknown, unknown, unknown>,
  operation: string,
  options: IdempotencyOptions,
  run: () => Promise<T>,
): Promise<T | Reply<T>> {
  const key = idempotencyKeyOf(ctx.raw.headers);
  if (key === undefined) return run();
  const uid = ctx.caller.uid;
  const store = await ctx.services.store("idempotency");
  const claim = ctx.services.newId();
  const outcome = await store.claim({
    uid,
    key,
    operation,
    requestHash: requestHash(operation, uid, ctx.body),
    claim,
    leaseMs: options.leaseMs,
    ttlMs: IDEMPOTENCY_TTL_MS,
  });
  switch (outcome.kind) {
    case "mismatch":
      throw new HttpError(409, "idempotency_key_reused", "This Idempotency-Key was used for a different request; use a new key");
    case "in_progress": {
      const seconds = Math.max(1, Math.ceil((outcome.lockedUntil.getTime() - ctx.services.now().getTime()) / 1000));
      throw new HttpError(409, "request_in_progress", "A request with this Idempotency-Key is still running; retry later", {
        headers: { "Retry-After": String(Math.min(seconds, 30)) },
      });
    }
    case "replay":
      log.info("idempotent_replay", { uid, operation, requestId: ctx.requestId });
      return new Reply(outcome.response.status, outcome.response.body as T, { "Idempotent-Replayed": "true" });
    case "claimed":
      break;
  }
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await store.abandon(uid, key, claim).catch((e) => log.warn("idempotency_abandon_failed", { uid, operation, ...errorFields(e) }));
    throw err;
  }
  // The work is done and paid: failing to remember it must not turn it into an error for the client.
  try {
    if (!(await store.complete(uid, key, claim, { status: 200, body: result })))
      log.warn("idempotency_claim_lost", { uid, operation, requestId: ctx.requestId });
  } catch (err) {
    log.warn("idempotency_store_failed", { uid, operation, requestId: ctx.requestId, ...errorFields(err) });
  }
  return result;
}
