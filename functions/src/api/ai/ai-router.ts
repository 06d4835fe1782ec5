import type { LlmRouter } from "../../core/llm/llm-router-types";
import type { LlmProvider, ProviderId } from "../../core/llm/llm-types";
import { getConfig } from "../../platform/config";
import { HttpError } from "../../platform/http-error";

/**
 * The one place the AI endpoints obtain their router: the configured vendors (a vendor without a key
 * is absent), plus the demo provider in development, over the model catalog, with this instance's
 * circuit breakers, published (throttled) to llm_health after calls. Built once per instance; SDKs load
 * when a vendor is first called.
 */
let cached: Promise<LlmRouter> | undefined;

/** The vendors this deployment can call: those with keys (or a base URL), plus the demo in development. */
export async function availableProviders(): Promise<Map<ProviderId, LlmProvider>> {
  const { configuredProviders } = await import("../../core/llm/llm-providers");
  const providers = await configuredProviders();
  if (getConfig().environment === "development") {
    const { demoProvider } = await import("../../core/llm/providers/demo-provider");
    // A short pause between streamed chunks makes streaming (and disconnects) observable locally.
    providers.set("demo", demoProvider({ chunkDelayMs: 10 }));
  }
  return providers;
}

export function getAiRouter(): Promise<LlmRouter> {
  cached ??= (async () => {
    const [{ createLlmRouter, abortableSleep, parseFallbackChains }, { getModelCatalog }, { instanceBreakers }, { LLM_FALLBACK_CHAINS }, { createBreakerPublisher, instanceId }] =
      await Promise.all([
        import("../../core/llm/llm-router"),
        import("../../core/llm/model-catalog"),
        import("../../core/llm/circuit-breaker"),
        import("../../platform/params"),
        import("../../core/llm/breaker-publisher"),
      ]);
    const providers = await availableProviders();
    if (providers.size === 0) throw new HttpError(503, "llm_unavailable", "No language model provider is configured");
    return createLlmRouter({
      providers,
      catalog: await getModelCatalog(),
      breakers: instanceBreakers,
      now: Date.now,
      sleep: abortableSleep,
      random: Math.random,
      fallbackChains: parseFallbackChains(LLM_FALLBACK_CHAINS.value()),
      // The monitoring function runs elsewhere: it reads what AI instances publish to llm_health.
      afterCall: createBreakerPublisher({ breakers: instanceBreakers, db: () => import("../../platform/mongo").then((m) => m.getDb()), instanceId, now: Date.now }).notify,
    });
  })().catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
