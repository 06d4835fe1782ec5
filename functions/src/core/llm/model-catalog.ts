import { z } from "zod";
import { TierId } from "../billing/catalog";
import { log } from "../../platform/logger";
import { PROVIDER_IDS, type ModelCapabilities, type ModelSpec } from "./llm-types";

/**
 * The model catalog: every model the router may call, with exact integer prices.
 *
 * Unit: 1 credit = US$0.001 and 1 µcr (micro-credit) = 1e-6 credit = US$1e-9. A vendor's public price
 * of $P per million tokens is $P × 1e-6 per token = P × 1000 µcr/token. So gpt-4o-mini's $0.15/M input
 * is 150 µcr/token, and `costCredits` (ceil of µcr / 1e6) is exact in integers. Vendor list prices as
 * published for standard (non-batch, non-cached, ≤200k-token prompt) usage; re-check them and use
 * LLM_CATALOG_OVERRIDES when a vendor changes a price.
 */
export type ModelCatalog = ReadonlyMap<string, ModelSpec>;

const ALL_TIERS: ModelSpec["tiers"] = ["free", "pro", "team", "enterprise"];
const PAID_TIERS: ModelSpec["tiers"] = ["pro", "team", "enterprise"];

/**
 * $ per million tokens → µcr per token (×1000), rounded to kill float noise (0.15 × 1000). `cache`:
 * the vendor's prices of prompt-cache reads and writes, where it publishes them (they price the
 * provider cost that analytics records; what a caller is charged stays the input price).
 */
const usdPerMTok = (input: number, output: number, cache: { read?: number; write?: number } = {}): NonNullable<ModelSpec["price"]> => ({
  inputMicroCreditsPerToken: Math.round(input * 1000),
  outputMicroCreditsPerToken: Math.round(output * 1000),
  ...(cache.read !== undefined && { cachedInputMicroCreditsPerToken: Math.round(cache.read * 1000) }),
  ...(cache.write !== undefined && { cacheWriteMicroCreditsPerToken: Math.round(cache.write * 1000) }),
});

const caps = (over: Partial<ModelCapabilities>): ModelCapabilities => ({
  streaming: true,
  json: true,
  jsonSchema: false,
  vision: false,
  tools: true,
  temperature: true,
  stop: true,
  ...over,
});

export const BASE_MODELS: readonly ModelSpec[] = [
  // OpenAI
  {
    id: "openai:gpt-4o-mini",
    provider: "openai",
    vendorModel: "gpt-4o-mini",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    price: usdPerMTok(0.15, 0.6, { read: 0.075 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: ALL_TIERS,
  },
  {
    id: "openai:gpt-4.1-mini",
    provider: "openai",
    vendorModel: "gpt-4.1-mini",
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    price: usdPerMTok(0.4, 1.6, { read: 0.1 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: PAID_TIERS,
  },
  {
    id: "openai:gpt-4.1",
    provider: "openai",
    vendorModel: "gpt-4.1",
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    price: usdPerMTok(2, 8, { read: 0.5 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: PAID_TIERS,
  },
  // Anthropic: no native JSON mode on these models, so json/jsonSchema requests route elsewhere.
  {
    id: "anthropic:claude-3-5-haiku",
    provider: "anthropic",
    vendorModel: "claude-3-5-haiku-20241022",
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    price: usdPerMTok(0.8, 4, { read: 0.08, write: 1 }),
    capabilities: caps({ json: false, vision: true }),
    tiers: ALL_TIERS,
  },
  {
    id: "anthropic:claude-sonnet-4",
    provider: "anthropic",
    vendorModel: "claude-sonnet-4-20250514",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    price: usdPerMTok(3, 15, { read: 0.3, write: 3.75 }),
    capabilities: caps({ json: false, vision: true }),
    tiers: PAID_TIERS,
  },
  // Google
  {
    id: "google:gemini-2.0-flash",
    provider: "google",
    vendorModel: "gemini-2.0-flash",
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    price: usdPerMTok(0.1, 0.4, { read: 0.025 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: ALL_TIERS,
  },
  {
    id: "google:gemini-2.5-flash",
    provider: "google",
    vendorModel: "gemini-2.5-flash",
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    price: usdPerMTok(0.3, 2.5, { read: 0.03 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: ALL_TIERS,
  },
  {
    id: "google:gemini-2.5-pro",
    provider: "google",
    vendorModel: "gemini-2.5-pro",
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    price: usdPerMTok(1.25, 10, { read: 0.125 }),
    capabilities: caps({ jsonSchema: true, vision: true }),
    tiers: PAID_TIERS,
  },
  // Groq (JSON object mode; structured outputs are not offered on these models)
  {
    id: "groq:llama-3.1-8b-instant",
    provider: "groq",
    vendorModel: "llama-3.1-8b-instant",
    contextWindow: 131_072,
    maxOutputTokens: 131_072,
    price: usdPerMTok(0.05, 0.08),
    capabilities: caps({}),
    tiers: ALL_TIERS,
  },
  {
    id: "groq:llama-3.3-70b",
    provider: "groq",
    vendorModel: "llama-3.3-70b-versatile",
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    price: usdPerMTok(0.59, 0.79),
    capabilities: caps({}),
    tiers: PAID_TIERS,
  },
  // Local (Ollama's OpenAI-compatible server). Not free: 1 µcr/token pays for the machine and keeps
  // "no price → unusable" the one rule. The window assumes num_ctx raised to 8192 on the server.
  {
    id: "local:llama3.2",
    provider: "local",
    vendorModel: "llama3.2",
    contextWindow: 8_192,
    maxOutputTokens: 2_048,
    price: { inputMicroCreditsPerToken: 1, outputMicroCreditsPerToken: 1 },
    capabilities: caps({ tools: false }),
    tiers: ALL_TIERS,
  },
  // Demo: a canned in-process model for development without vendor keys; dropped outside development.
  // Priced like a mid-range model so credits visibly move in demos ($10/$20 and $50/$150 per M tokens).
  {
    id: "demo:echo",
    provider: "demo",
    vendorModel: "echo-1",
    contextWindow: 32_000,
    maxOutputTokens: 4_096,
    price: { inputMicroCreditsPerToken: 10, outputMicroCreditsPerToken: 20 },
    capabilities: caps({ jsonSchema: false, tools: false }),
    tiers: ALL_TIERS,
  },
  {
    id: "demo:echo-large",
    provider: "demo",
    vendorModel: "echo-large-1",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    price: { inputMicroCreditsPerToken: 50, outputMicroCreditsPerToken: 150 },
    capabilities: caps({ jsonSchema: false, tools: false }),
    tiers: PAID_TIERS,
  },
];

const MicroPrice = z.number().int().positive().max(1_000_000_000);
export const ModelPrice = z
  .object({
    inputMicroCreditsPerToken: MicroPrice,
    outputMicroCreditsPerToken: MicroPrice,
    cachedInputMicroCreditsPerToken: MicroPrice.optional(),
    cacheWriteMicroCreditsPerToken: MicroPrice.optional(),
  })
  .strict();

const Capabilities = z
  .object({
    streaming: z.boolean(),
    json: z.boolean(),
    jsonSchema: z.boolean(),
    vision: z.boolean(),
    tools: z.boolean(),
    temperature: z.boolean(),
    stop: z.boolean(),
  })
  .strict();

/**
 * One override entry, keyed by model id. For a known model, given fields replace the base ones; for a
 * new model, provider/vendorModel/contextWindow/maxOutputTokens are required. Every entry must restate
 * its price: an entry without one (or with `price: null`) disables the model rather than keep a price
 * it may have meant to change, and a zero price is rejected, so an override never makes a model free.
 */
export const ModelOverride = z
  .object({
    provider: z.enum(PROVIDER_IDS).optional(),
    vendorModel: z.string().min(1).max(200).optional(),
    contextWindow: z.number().int().positive().optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    price: ModelPrice.nullable().optional(),
    capabilities: Capabilities.partial().optional(),
    tiers: z.array(TierId).optional(),
  })
  .strict();
export type ModelOverride = z.infer<typeof ModelOverride>;

const ModelId = z.string().regex(/^[a-z]+:[A-Za-z0-9._-]{1,100}$/);

export interface CatalogOptions {
  /** LLM_CATALOG_OVERRIDES: JSON object `{ "<model id>": ModelOverride }`; empty = none. */
  overridesJson?: string;
  /** ENVIRONMENT: the demo model exists only in development. */
  environment: string;
}

/**
 * The base catalog with the overrides applied. Bad overrides are logged and skipped, entry by entry
 * (invalid JSON skips them all): a typo in one price must not take every model down with it.
 */
export function buildModelCatalog(options: CatalogOptions): ModelCatalog {
  const models = new Map<string, ModelSpec>();
  for (const m of BASE_MODELS) {
    if (m.provider === "demo" && options.environment !== "development") continue;
    models.set(m.id, m);
  }
  for (const [id, override] of parseOverrides(options.overridesJson)) {
    const base = models.get(id);
    const provider = override.provider ?? base?.provider;
    if (provider === "demo" && options.environment !== "development") {
      log.error("llm_catalog_override_rejected", { model: id, reason: "demo models exist only in development" });
      continue;
    }
    if (!base && (!override.provider || !override.vendorModel || !override.contextWindow || !override.maxOutputTokens)) {
      log.error("llm_catalog_override_rejected", {
        model: id,
        reason: "a new model needs provider, vendorModel, contextWindow and maxOutputTokens",
      });
      continue;
    }
    if (!id.startsWith(`${provider}:`)) {
      log.error("llm_catalog_override_rejected", { model: id, reason: "the id must start with the provider" });
      continue;
    }
    const price = override.price ?? null;
    if (!price) log.warn("llm_catalog_override_unpriced", { model: id, reason: "no price: the model is disabled" });
    models.set(id, {
      id,
      provider: provider!,
      vendorModel: override.vendorModel ?? base!.vendorModel,
      contextWindow: override.contextWindow ?? base!.contextWindow,
      maxOutputTokens: override.maxOutputTokens ?? base!.maxOutputTokens,
      price,
      capabilities: { ...(base?.capabilities ?? caps({ tools: false, json: false })), ...override.capabilities },
      tiers: override.tiers ?? base?.tiers ?? PAID_TIERS,
    });
  }
  return models;
}

function parseOverrides(json: string | undefined): [string, ModelOverride][] {
  if (!json?.trim()) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    log.error("llm_catalog_overrides_invalid", { reason: "not JSON", error: (err as Error).message });
    return [];
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    log.error("llm_catalog_overrides_invalid", { reason: "expected an object keyed by model id" });
    return [];
  }
  const out: [string, ModelOverride][] = [];
  for (const [id, value] of Object.entries(raw)) {
    const idOk = ModelId.safeParse(id).success;
    const parsed = ModelOverride.safeParse(value);
    if (!idOk || !parsed.success) {
      log.error("llm_catalog_override_rejected", {
        model: id,
        issues: parsed.success ? ["bad model id"] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      });
      continue;
    }
    out.push([id, parsed.data]);
  }
  return out;
}

let cached: { key: string; catalog: ModelCatalog } | undefined;

/** The catalog from this deployment's params, rebuilt only when they change (read at run time). */
export async function getModelCatalog(): Promise<ModelCatalog> {
  const { ENVIRONMENT, LLM_CATALOG_OVERRIDES } = await import("../../platform/params");
  const environment = ENVIRONMENT.value();
  const overridesJson = LLM_CATALOG_OVERRIDES.value();
  const key = `${environment}\n${overridesJson}`;
  if (cached?.key !== key) cached = { key, catalog: buildModelCatalog({ environment, overridesJson }) };
  return cached.catalog;
}
