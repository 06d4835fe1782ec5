import type { Db } from "mongodb";
import { getConfig } from "../../platform/config";
import { noProviderConfigured } from "./llm-errors";
import type { LlmRouter } from "./llm-router-types";
import type { LlmProvider, ProviderId } from "./llm-types";

/** The vendors this deployment can call: those with keys (or a base URL), plus the demo in development. */
export async function availableProviders(): Promise<Map<ProviderId, LlmProvider>> {
  const { configuredProviders } = await import("./llm-providers");
  const providers = await configuredProviders();
  if (getConfig().environment === "development") {
    const { demoProvider } = await import("./providers/demo-provider");
    // A short pause between streamed chunks makes streaming (and disconnects) observable locally.
    providers.set("demo", demoProvider({ chunkDelayMs: 10 }));
  }
  return providers;
}

/**
 * The router the AI operations use (built once per instance by services.ts): the configured vendors
 * over the model catalog, with this instance's circuit breakers, published (throttled) to llm_health
 * after calls. SDKs load when a vendor is first called.
 */
export async function configuredRouter(deps: { db(): Promise<Db>; now(): Date }): Promise<LlmRouter> {
  const [{ createLlmRouter, abortableSleep, parseFallbackChains }, { getModelCatalog }, { instanceBreakers }, { LLM_FALLBACK_CHAINS }, { createBreakerPublisher, instanceId }] =
    await Promise.all([
      import("./llm-router"),
      import("./model-catalog"),
      import("./circuit-breaker"),
      import("../../platform/params"),
      import("./breaker-publisher"),
    ]);
  const providers = await availableProviders();
  if (providers.size === 0) throw noProviderConfigured();
  const nowMs = () => deps.now().getTime();
  return createLlmRouter({
    providers,
    catalog: await getModelCatalog(),
    breakers: instanceBreakers,
    now: nowMs,
    sleep: abortableSleep,
    random: Math.random,
    fallbackChains: parseFallbackChains(LLM_FALLBACK_CHAINS.value()),
    // The monitoring function runs elsewhere: it reads what AI instances publish to llm_health.
    afterCall: createBreakerPublisher({ breakers: instanceBreakers, db: deps.db, instanceId, now: nowMs }).notify,
  });
}
