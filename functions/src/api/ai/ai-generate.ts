import { IDEMPOTENCY_HEADER, idempotent } from "../../core/idempotency/idempotent-request";
import { HttpError } from "../../platform/http-error";
import { type Reply, StreamReply, type OperationContext } from "../../platform/operation";
import type { GenerateInput, GenerateResponse } from "./ai.schema";
import { buildRoute } from "../../core/llm/build-route";
import {
  AI_CALL_BUDGET_MS,
  AI_IDEMPOTENCY_LEASE_MS,
  meteredCall,
  reserveCall,
  runReserved,
  streamReserved,
} from "../../core/llm/metered-call";

/**
 * One model call paid with credits: reserve the most it can cost on any candidate, run (or stream),
 * settle the exact cost or release on failure, record a usage event. A non-streamed call may carry
 * an Idempotency-Key (replayed instead of run and paid twice); a stream cannot be replayed.
 */
export async function aiGenerate(
  ctx: OperationContext<unknown, unknown, GenerateInput>,
): Promise<GenerateResponse | Reply<GenerateResponse> | StreamReply> {
  if (!ctx.body.stream)
    return idempotent(ctx, "generate", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, () => generate(ctx) as Promise<GenerateResponse>);
  if (ctx.raw.headers[IDEMPOTENCY_HEADER] !== undefined) {
    throw new HttpError(
      400,
      "idempotency_not_supported",
      "A streamed call cannot be replayed: send it without Idempotency-Key, or with stream: false",
    );
  }
  return generate(ctx);
}

async function generate(ctx: OperationContext<unknown, unknown, GenerateInput>): Promise<GenerateResponse | StreamReply> {
  const { model, stream, ...input } = ctx.body;
  const built = await buildRoute(ctx.services, ctx.caller, model, input);
  const aborter = new AbortController();
  const call = meteredCall(ctx, "generate", built, AI_CALL_BUDGET_MS, aborter.signal);
  const reserved = await reserveCall(ctx.services, call);
  if (!stream) return runReserved(call, reserved);
  return new StreamReply(async (out, signal) => {
    if (signal.aborted) aborter.abort();
    else signal.addEventListener("abort", () => aborter.abort(), { once: true });
    const send = (event: string, data: unknown) => out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    await streamReserved(call, reserved, send);
  });
}
