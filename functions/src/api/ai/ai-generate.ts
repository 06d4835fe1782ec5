import { IDEMPOTENCY_HEADER, idempotent } from "../../core/idempotency/idempotent-request";
import { HttpError } from "../../platform/http-error";
import { Reply, StreamReply, type OperationContext } from "../../platform/operation";
import type { GenerateInput, GenerateResponse } from "./ai.schema";
import { buildRoute } from "./build-route";
import { defaultAiDeps, reservationKey, reserveCall, runReserved, streamReserved, type AiDeps, type MeteredCall } from "./metered-call";

/** Leaves the function (timeout 120 s) time to settle and answer after the model's deadline. */
export const AI_CALL_BUDGET_MS = 100_000;
/** An AI request running longer than its function's timeout (120 s) has died: its Idempotency-Key may be taken over. */
export const AI_IDEMPOTENCY_LEASE_MS = 150_000;

/**
 * One model call paid with credits: reserve the most it can cost on any candidate, run (or stream),
 * settle the exact cost or release on failure, record a usage event. A non-streamed call may carry
 * an Idempotency-Key (replayed instead of run and paid twice); a stream cannot be replayed.
 */
export function makeAiGenerate(deps: AiDeps = defaultAiDeps) {
  return async function aiGenerate(ctx: OperationContext<unknown, unknown, GenerateInput>): Promise<GenerateResponse | Reply<GenerateResponse> | StreamReply> {
    if (!ctx.body.stream) return idempotent(ctx, "generate", { leaseMs: AI_IDEMPOTENCY_LEASE_MS, newId: deps.newId }, () => generate(ctx, deps) as Promise<GenerateResponse>);
    if (ctx.raw.headers[IDEMPOTENCY_HEADER] !== undefined) {
      throw new HttpError(400, "idempotency_not_supported", "A streamed call cannot be replayed: send it without Idempotency-Key, or with stream: false");
    }
    return generate(ctx, deps);
  };
}

async function generate(ctx: OperationContext<unknown, unknown, GenerateInput>, deps: AiDeps): Promise<GenerateResponse | StreamReply> {
  const { model, stream, ...input } = ctx.body;
  const db = await ctx.services.db();
  const built = await buildRoute(ctx.services, ctx.caller, model, input);
  const aborter = new AbortController();
  const call: MeteredCall = {
    uid: ctx.caller.uid,
    operation: "generate",
    requestId: ctx.requestId,
    key: reservationKey(deps, ctx.caller.uid),
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
}

export const aiGenerate = makeAiGenerate();
