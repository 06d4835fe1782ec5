import { idempotent } from "../../core/idempotency/idempotent-request";
import { isModelFailure } from "../../core/llm/llm-errors";
import type { OperationContext } from "../../platform/operation";
import type { CompareInput } from "./ai.schema";
import { buildRoute } from "../../core/llm/build-route";
import { AI_CALL_BUDGET_MS, AI_IDEMPOTENCY_LEASE_MS, meteredCall, reserveCall, runReserved, toAiError } from "../../core/llm/metered-call";

/**
 * The same input on up to 4 models in parallel. Each model is its own call: reserved, settled or
 * released and recorded on its own, so one failing (or unaffordable) model leaves the others' results.
 * Input problems common to all (bad prompt reference, token cap) fail the whole request, and so does
 * a failure of our own service. An Idempotency-Key replays the whole comparison.
 */
export function aiCompare(ctx: OperationContext<unknown, unknown, CompareInput>) {
  return idempotent(ctx, "compare", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, () => compare(ctx));
}

async function compare(ctx: OperationContext<unknown, unknown, CompareInput>) {
  const { models, ...input } = ctx.body;
  const built = await buildRoute(ctx.services, ctx.caller, models[0], input);
  const results = await Promise.all(
    models.map(async (requested) => {
      const call = meteredCall(ctx, "compare", { ...built, route: { ...built.route, modelOrPolicy: requested } }, AI_CALL_BUDGET_MS);
      try {
        const reserved = await reserveCall(ctx.services, call);
        return { requested, ok: true, result: await runReserved(call, reserved) };
      } catch (thrown) {
        const err = toAiError(thrown);
        if (!isModelFailure(err)) throw err;
        return { requested, ok: false, error: { code: err.code, message: err.message } };
      }
    }),
  );
  return { results };
}
