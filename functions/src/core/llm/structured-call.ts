import type { z } from "zod";
import type { OperationContext } from "../../platform/operation";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { GenerateResponse } from "../../api/ai/ai.schema";
import { buildRoute, type BuiltRoute } from "./build-route";
import { AI_CALL_BUDGET_MS, meteredCall, reserveCall, runReserved, type Reserved } from "./metered-call";

const ATTEMPTS = 2;

/** The user message and model of a structured call; the output cap defaults to 1,024 tokens. */
export interface StructuredInput {
  prompt: string;
  model: string;
  maxOutputTokens?: number;
}

/**
 * A paid model call whose answer must be JSON matching `schema`. Invalid output (not JSON, or not the
 * schema) is retried once, then answered 502 `invalid_model_output`: it never reaches the client.
 * Every attempt is its own paid call (the vendor charged for it).
 */
export async function structuredCall<T>(
  ctx: OperationContext,
  input: StructuredInput,
  operation: string,
  instructions: string,
  schema: z.ZodType<T>,
): Promise<{ value: T; built: BuiltRoute; reserved: Reserved; answer: GenerateResponse; credits: number; attempts: number }> {
  const built = await buildRoute(ctx.services, ctx.caller, input.model, {
    system: instructions,
    messages: [{ role: "user", content: input.prompt }],
    maxOutputTokens: input.maxOutputTokens ?? 1_024,
    responseFormat: { type: "json" },
  });
  let credits = 0;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const call = meteredCall(ctx, operation, built, AI_CALL_BUDGET_MS / ATTEMPTS);
    const reserved = await reserveCall(ctx.services, call);
    const answer = await runReserved(call, reserved);
    credits += answer.cost.credits;
    const parsed = schema.safeParse(parseJson(answer.text));
    if (parsed.success) return { value: parsed.data, built, reserved, answer, credits, attempts: attempt };
    log.warn("ai_invalid_model_output", { operation, attempt, model: answer.model, requestId: ctx.requestId });
  }
  throw new HttpError(
    502,
    "invalid_model_output",
    `The model did not return a valid ${operation} result; ${credits} credits were charged for the attempts`,
  );
}

/** Models sometimes wrap JSON in a Markdown fence; anything else that is not JSON is undefined. */
function parseJson(text: string): unknown {
  const body = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, "$1");
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
