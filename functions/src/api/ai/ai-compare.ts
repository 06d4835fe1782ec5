import { idempotent } from "../../core/idempotency/idempotent-request";
import type { OperationContext } from "../../platform/operation";
import type { CompareInput } from "./ai.schema";
import { AI_CALL_BUDGET_MS, AI_IDEMPOTENCY_LEASE_MS } from "./ai-generate";
import { buildRoute } from "./build-route";
import { defaultAiDeps, reservationKey, reserveCall, runReserved, toAiError, type AiDeps } from "./metered-call";

/**
 * The same input on up to 4 models in parallel. Each model is its own call: reserved, settled or
 * released and recorded on its own, so one failing (or unaffordable) model leaves the others' results.
 * Input problems common to all (bad prompt reference, token cap) fail the whole request. An
 * Idempotency-Key replays the whole comparison.
 */
export function makeAiCompare(deps: AiDeps = defaultAiDeps) {
  return (ctx: OperationContext<unknown, unknown, CompareInput>) => idempotent(ctx, "compare", { leaseMs: AI_IDEMPOTENCY_LEASE_MS, newId: deps.newId }, () => compare(ctx, deps));
}

async function compare(ctx: OperationContext<unknown, unknown, CompareInput>, deps: AiDeps) {
  const { models, ...input } = ctx.body;
  const db = await ctx.services.db();
  const built = await buildRoute(ctx.services, ctx.caller, models[0], input);
  const deadline = Date.now() + AI_CALL_BUDGET_MS;
  const results = await Promise.all(
    models.map(async (requested) => {
      const call = {
        uid: ctx.caller.uid,
        operation: "compare",
        requestId: ctx.requestId,
        key: reservationKey(deps, ctx.caller.uid),
        built: { ...built, route: { ...built.route, modelOrPolicy: requested } },
        signal: new AbortController().signal,
        deadline,
      };
      try {
        const reserved = await reserveCall(db, deps, ctx.services.now, call);
        return { requested, ok: true, result: await runReserved(db, call, reserved) };
      } catch (thrown) {
        const err = toAiError(thrown);
        if (err.status >= 500 && err.code !== "llm_unavailable" && err.code !== "llm_timeout") throw err;
        return { requested, ok: false, error: { code: err.code, message: err.message } };
      }
    }),
  );
  return { results };
}

export const aiCompare = makeAiCompare();
