import { findTier } from "../../core/billing/catalog";
import type { OperationContext } from "../../platform/operation";
import { availableProviders } from "../../core/llm/configured-router";

/**
 * The models the caller may use now (configured vendor, priced, allowed in their tier), cheapest
 * first, with prices in credits. A model without a price is never listed (it cannot be used).
 */
export async function listModels(ctx: OperationContext) {
  const [{ getModelCatalog }, providers, tier] = await Promise.all([
    import("../../core/llm/model-catalog"),
    availableProviders(),
    ctx.services.tier(ctx.caller),
  ]);
  const tierMax = findTier(tier).limits.maxOutputTokens;
  const models = [...(await getModelCatalog()).values()]
    .filter((m) => m.price && providers.has(m.provider) && m.tiers.includes(tier))
    .map((m) => ({
      id: m.id,
      provider: m.provider,
      contextWindow: m.contextWindow,
      maxOutputTokens: Math.min(m.maxOutputTokens, tierMax),
      price: { creditsPerMillionInputTokens: m.price!.inputMicroCreditsPerToken, creditsPerMillionOutputTokens: m.price!.outputMicroCreditsPerToken },
      capabilities: { streaming: m.capabilities.streaming, json: m.capabilities.json, jsonSchema: m.capabilities.jsonSchema, vision: m.capabilities.vision, tools: m.capabilities.tools },
    }))
    .sort((a, b) => a.price.creditsPerMillionInputTokens + a.price.creditsPerMillionOutputTokens - (b.price.creditsPerMillionInputTokens + b.price.creditsPerMillionOutputTokens) || a.id.localeCompare(b.id));
  return { tier, models };
}
