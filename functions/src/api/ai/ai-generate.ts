import { StreamReply, type OperationContext } from "../../platform/operation";
import type { GenerateInput, GenerateResponse } from "./ai.schema";
import { buildRoute } from "./build-route";
import { defaultAiDeps, reserveCall, runReserved, streamReserved, type AiDeps, type MeteredCall } from "./metered-call";

/** Leaves the function (timeout 120 s) time to settle and answer after the model's deadline. */
export const AI_CALL_BUDGET_MS = 100_000;

/**
 * One model call paid with credits: reserve the most it can cost on any candidate, run (or stream),
 * settle the exact cost or release on failure, record a usage event.
 */
export function makeAiGenerate(deps: AiDeps = defaultAiDeps) {
  return async function aiGenerate(ctx: OperationContext<unknown, unknown, GenerateInput>): Promise<GenerateResponse | StreamReply> {
    const { model, stream, ...input } = ctx.body;
    const db = await ctx.services.db();
    const built = await buildRoute(ctx.services.db, ctx.caller, model, input);
    const aborter = new AbortController();
    const call: MeteredCall = {
      uid: ctx.caller.uid,
      operation: "generate",
      requestId: ctx.requestId,
      key: `ai:${ctx.caller.uid}:${ctx.requestId}`,
      built,
      signal: aborter.signal,
      deadline: Date.now() + AI_CALL_BUDGET_MS,
    };
    const reserved = await reserveCall(db, deps, ctx.services.now, call);
    if (!stream) return runReserved(db, call, reserved);
    return new StreamReply(async (out, signal) => {
      if (signal.aborted) aborter.abort();
      else signal.addEventListener("abort", () => aborter.abort(), { once: true });
      const send = (event: string, data: unknown) => out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      await streamReserved(db, call, reserved, send);
    });
  };
}

export const aiGenerate = makeAiGenerate();
