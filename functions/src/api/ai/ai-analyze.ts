import { idempotent } from "../../core/idempotency/idempotent-request";
import { costCredits, estimateInputTokens } from "../../core/llm/llm-router-types";
import type { OperationContext } from "../../platform/operation";
import { AnalysisJson, type AnalyzeInput } from "./ai.schema";
import { AI_IDEMPOTENCY_LEASE_MS } from "../../core/llm/metered-call";
import { structuredCall } from "../../core/llm/structured-call";

const INSTRUCTIONS = [
  "You review prompts written for large language models. Score the user's prompt from 0 to 10 (integers) for",
  "clarity, specificity, structure and safety (10 = no risk of harmful or policy-violating output), and give up to",
  "10 short, concrete suggestions. Answer with only a JSON object:",
  '{"clarity":n,"specificity":n,"structure":n,"safety":n,"suggestions":["..."]}',
].join(" ");

/** The typical answer length assumed for "estimated cost per run". */
const TYPICAL_OUTPUT_TOKENS = 512;

/** Scores a prompt with a model (validated JSON) and estimates what one run of it costs. */
export function aiAnalyze(ctx: OperationContext<unknown, unknown, AnalyzeInput>) {
  return idempotent(ctx, "analyze", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, async () => {
    const out = await structuredCall(ctx, ctx.body, "analyze", INSTRUCTIONS, AnalysisJson);
    const { suggestions, ...scores } = out.value;
    const model = out.reserved.candidates.find((m) => m.id === out.answer.model) ?? out.reserved.candidates[0];
    const usage = {
      inputTokens: estimateInputTokens({ messages: [{ role: "user", content: ctx.body.prompt }] }),
      outputTokens: TYPICAL_OUTPUT_TOKENS,
    };
    return {
      scores,
      suggestions,
      estimatedCostPerRun: { credits: costCredits(model, usage), model: model.id, ...usage },
      call: { model: out.answer.model, usage: out.answer.usage, cost: { credits: out.credits }, attempts: out.attempts },
    };
  });
}
