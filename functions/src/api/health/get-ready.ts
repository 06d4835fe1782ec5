import { parseConfig } from "../../platform/config";
import { HttpError } from "../../platform/http-error";
import { missingIndexes } from "../../platform/migrate";
import { MONGODB_URI } from "../../platform/params";
import type { OperationContext } from "../../platform/operation";
import type { ReadyChecks } from "./health.schema";

const PING_TIMEOUT_MS = 3_000;

/**
 * Readiness: configuration is valid, MongoDB answers a ping within 3 s and has every index the
 * migrations create (a deploy that skipped `npm run db:migrate` is not ready); 503 names what failed.
 */
export async function getReady(ctx: OperationContext) {
  const checks: ReadyChecks = { config: { ok: true }, mongo: { ok: false }, indexes: { ok: false } };
  try {
    parseConfig();
    if (!MONGODB_URI.value()) throw new Error("MONGODB_URI is not set");
  } catch (err) {
    checks.config = {
      ok: false,
      error: err instanceof Error && err.message.startsWith("MONGODB_URI") ? err.message : "invalid parameters",
    };
  }
  if (checks.config.ok) {
    const started = performance.now();
    try {
      const db = await withTimeout(ctx.services.db(), PING_TIMEOUT_MS);
      await withTimeout(db.command({ ping: 1 }), PING_TIMEOUT_MS);
      checks.mongo = { ok: true, latencyMs: Math.round(performance.now() - started) };
      const missing = await withTimeout(missingIndexes(db), PING_TIMEOUT_MS);
      checks.indexes = missing.length ? { ok: false, missing, error: "run npm run db:migrate" } : { ok: true };
    } catch {
      if (!checks.mongo.ok) checks.mongo = { ok: false, latencyMs: Math.round(performance.now() - started), error: "unreachable" };
      if (!checks.indexes.ok && !checks.indexes.missing)
        checks.indexes = { ok: false, error: checks.mongo.ok ? "could not be listed" : "skipped: database unreachable" };
    }
  } else {
    checks.mongo = { ok: false, error: "skipped: configuration invalid" };
    checks.indexes = { ok: false, error: "skipped: configuration invalid" };
  }
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  if (failing.length) {
    throw new HttpError(503, "not_ready", `Not ready: ${failing.join(", ")}`, {
      details: { checks },
      headers: { "Retry-After": "5" },
    });
  }
  return { status: "ready" as const, checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
