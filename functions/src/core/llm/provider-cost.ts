import { createHash } from "node:crypto";
import type { ModelSpec, Usage } from "./llm-types";

/** The rates one call was priced at (µcr per token; 1 µcr = US$1e-9), and the version naming them. */
export interface PriceUsed {
  /** A digest of the rates: two calls priced alike carry the same version, a price change a new one. */
  version: string;
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number;
}

export interface ProviderCost {
  /** What the vendor bills us for the call, exact, in µcr (integer: integer rates × token counts). */
  microCredits: number;
  price: PriceUsed;
}

/** The rates of a model's price (cache rates default to the input rate where the vendor publishes none). */
export function priceUsed(price: NonNullable<ModelSpec["price"]>): PriceUsed {
  const rates = {
    input: price.inputMicroCreditsPerToken,
    output: price.outputMicroCreditsPerToken,
    cachedInput: price.cachedInputMicroCreditsPerToken ?? price.inputMicroCreditsPerToken,
    cacheWrite: price.cacheWriteMicroCreditsPerToken ?? price.inputMicroCreditsPerToken,
  };
  const version = createHash("sha256")
    .update(`${rates.input}/${rates.output}/${rates.cachedInput}/${rates.cacheWrite}`)
    .digest("hex")
    .slice(0, 12);
  return { version: `p_${version}`, ...rates };
}

/**
 * The vendor's cost of a usage: uncached input, cache reads and cache writes each at their own rate,
 * plus output. Cache tokens are part of `inputTokens` (llm-types.ts `Usage`), so they are taken out of
 * it first: pricing them at the input rate on top would bill them twice, and at the full input rate
 * instead of the cache rate would overstate the cost (both seen in peers' usage trackers).
 */
export function providerCost(model: Pick<ModelSpec, "price" | "id">, usage: Usage): ProviderCost | null {
  if (!model.price) return null;
  const price = priceUsed(model.price);
  const read = Math.min(usage.cacheReadTokens ?? 0, usage.inputTokens);
  const write = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - read);
  const fresh = usage.inputTokens - read - write;
  return {
    microCredits: fresh * price.input + read * price.cachedInput + write * price.cacheWrite + usage.outputTokens * price.output,
    price,
  };
}
