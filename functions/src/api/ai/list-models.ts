import { findTier } from "../../core/billing/catalog";
import type { OperationContext } from "../../platform/operation";

/**
 * The models the caller may use now (configured vendor, priced, allowed in their tier), cheapest
 * first, with prices in credits. The router says which: a model listed here is one it would accept.
 */
export async function listModels(ctx: OperationContext) {
  const [router, tier] = await Promise.all([ctx.services.llm(), ctx.services.tier(ctx.caller)]);
  const tierMax = findTier(tier).limits.maxOutputTokens;
  const models = router
    .models(tier)
    .map((m) => ({
      id: m.id,
      provider: m.provider,
      contextWindow: m.contextWindow,
      maxOutputTokens: Math.min(m.maxOutputTokens, tierMax),
      price: {
        creditsPerMillionInputTokens: m.price!.inputMicroCreditsPerToken,
        creditsPerMillionOutputTokens: m.price!.outputMicroCreditsPerToken,
      },
      capabilities: {
        streaming: m.capabilities.streaming,
        json: m.capabilities.json,
        jsonSchema: m.capabilities.jsonSchema,
        vision: m.capabilities.vision,
        tools: m.capabilities.tools,
      },
    }))
    .sort(
      (a, b) =>
        a.price.creditsPerMillionInputTokens +
          a.price.creditsPerMillionOutputTokens -
          (b.price.creditsPerMillionInputTokens + b.price.creditsPerMillionOutputTokens) || a.id.localeCompare(b.id),
    );
  return { tier, models };
}
