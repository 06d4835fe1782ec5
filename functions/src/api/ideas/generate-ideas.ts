import { idempotent } from "../../core/idempotency/idempotent-request";
import { findTier } from "../../core/billing/catalog";
import type { OperationContext } from "../../platform/operation";
import { AI_IDEMPOTENCY_LEASE_MS } from "../../core/llm/metered-call";
import { structuredCall } from "../../core/llm/structured-call";
import { IdeasJson, type GenerateIdeasInput } from "./ideas.schema";

const INSTRUCTIONS = [
  "You suggest prompts for large language models. For the user's topic, write the requested number of distinct,",
  "ready-to-use prompt ideas: a short title (at most 120 characters), the prompt itself (at most 4000 characters;",
  "use {{variable}} placeholders for what the user fills in) and up to 5 short lowercase tags. Answer with only a",
  'JSON object: {"ideas":[{"title":"...","prompt":"...","tags":["..."]}]}',
].join(" ");

/** Room for several ideas; never more than the caller's tier allows per call. */
const MAX_OUTPUT_TOKENS = 4_096;

/** Prompt ideas for a topic from a model (validated JSON), paid like analyze; nothing is saved. */
export function generateIdeas(ctx: OperationContext<unknown, unknown, GenerateIdeasInput>) {
  return idempotent(ctx, "ideas", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, async () => {
    const { topic, count, model } = ctx.body;
    const maxOutputTokens = Math.min(MAX_OUTPUT_TOKENS, findTier(await ctx.services.tier(ctx.caller)).limits.maxOutputTokens);
    const prompt = `Topic: ${topic}\nNumber of ideas: ${count}`;
    const out = await structuredCall(ctx, { prompt, model, maxOutputTokens }, "ideas", INSTRUCTIONS, IdeasJson);
    return {
      topic,
      ideas: out.value.ideas.slice(0, count),
      call: { model: out.answer.model, usage: out.answer.usage, cost: { credits: out.credits }, attempts: out.attempts },
    };
  });
}
