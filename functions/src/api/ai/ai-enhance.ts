import { idempotent } from "../../core/idempotency/idempotent-request";
import type { OperationContext } from "../../platform/operation";
import { EnhancementJson, type EnhanceInput } from "./ai.schema";
import { AI_IDEMPOTENCY_LEASE_MS } from "../../core/llm/metered-call";
import { structuredCall } from "../../core/llm/structured-call";

const INSTRUCTIONS = [
  "You improve prompts written for large language models: make the user's prompt clearer, more specific and",
  "better structured without changing its intent, and keep any {{variable}} placeholders exactly. Answer with only",
  'a JSON object: {"prompt":"<the improved prompt>","changes":["<one short line per change>"]}',
].join(" ");

/** Rewrites a prompt with a model (validated JSON) and lists what changed. */
export function aiEnhance(ctx: OperationContext<unknown, unknown, EnhanceInput>) {
  return idempotent(ctx, "enhance", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, async () => {
    const out = await structuredCall(ctx, ctx.body, "enhance", INSTRUCTIONS, EnhancementJson);
    return {
      ...out.value,
      call: { model: out.answer.model, usage: out.answer.usage, cost: { credits: out.credits }, attempts: out.attempts },
    };
  });
}
