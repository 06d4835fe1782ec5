import { idempotent } from "../../core/idempotency/idempotent-request";
import type { OperationContext } from "../../platform/operation";
import { EnhancementJson, type EnhanceInput } from "./ai.schema";
import { AI_IDEMPOTENCY_LEASE_MS } from "./ai-generate";
import { defaultAiDeps, type AiDeps } from "./metered-call";
import { structuredCall } from "./structured-call";

const INSTRUCTIONS = [
  "You improve prompts written for large language models: make the user's prompt clearer, more specific and",
  "better structured without changing its intent, and keep any {{variable}} placeholders exactly. Answer with only",
  'a JSON object: {"prompt":"<the improved prompt>","changes":["<one short line per change>"]}',
].join(" ");

/** Rewrites a prompt with a model (validated JSON) and lists what changed. */
export function makeAiEnhance(deps: AiDeps = defaultAiDeps) {
  return (ctx: OperationContext<unknown, unknown, EnhanceInput>) => idempotent(ctx, "enhance", { leaseMs: AI_IDEMPOTENCY_LEASE_MS, newId: deps.newId }, async () => {
    const out = await structuredCall(ctx, ctx.body, deps, "enhance", INSTRUCTIONS, EnhancementJson);
    return {
      ...out.value,
      call: { model: out.answer.model, usage: out.answer.usage, cost: { credits: out.credits }, attempts: out.attempts },
    };
  });
}

export const aiEnhance = makeAiEnhance();
