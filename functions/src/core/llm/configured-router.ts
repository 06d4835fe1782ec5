import { getConfig } from "../../platform/config";
import { LLM_FALLBACK_CHAINS } from "../../platform/params";
import { createBreakerPublisher, type InstanceHealth } from "./breaker-publisher";
import type { LlmHealthStore } from "./llm-health-store";
import { configuredProviders } from "./llm-providers";
import { abortableSleep, createLlmRouter, parseFallbackChains } from "./llm-router";
import type { LlmRouter } from "./llm-router-types";
import type { LlmProvider, ProviderId } from "./llm-types";
import { getModelCatalog, type ModelCatalog } from "./model-catalog";

export interface ConfiguredRouterDeps {
  /** This instance's breakers and the id it publishes them under (kept across router rebuilds). */
  health: InstanceHealth;
  store: () => Promise<LlmHealthStore>;
  now: () => Date;
}

/**
 * The router the AI operations use, owned by services.ts (`llm()`): the configured vendors over the
 * model catalog, with this instance's circuit breakers, published (throttled) to llm_health after
 * calls. SDKs load when a vendor is first called.
 *
 * Params are read on each use and the router is rebuilt when they changed (vendors, catalog
 * overrides, fallback chains), keeping the breakers and the publisher: what `models()` lists and what
 * `candidates()` accepts always follow the same configuration. A deployed instance's params do not
 * change, so it builds one router.
 */
export function configuredRouter(deps: ConfiguredRouterDeps): () => Promise<LlmRouter> {
  const now = () => deps.now().getTime();
  // The monitoring function runs elsewhere: it reads what AI instances publish to llm_health.
  const publisher = createBreakerPublisher({ ...deps.health, store: deps.store, now });
  let demo: Promise<LlmProvider> | undefined;
  let built: { providers: Map<ProviderId, LlmProvider>; catalog: ModelCatalog; chains: string; router: LlmRouter } | undefined;

  /** The vendors with keys (or a base URL), plus the demo in development. */
  async function availableProviders(): Promise<Map<ProviderId, LlmProvider>> {
    const providers = await configuredProviders();
    if (getConfig().environment === "development") {
      // A short pause between streamed chunks makes streaming (and disconnects) observable locally.
      demo ??= import("./providers/demo-provider").then((m) => m.demoProvider({ chunkDelayMs: 10 }));
      providers.set("demo", await demo);
    }
    return providers;
  }

  return async () => {
    const [providers, catalog] = await Promise.all([availableProviders(), getModelCatalog()]);
    const chains = LLM_FALLBACK_CHAINS.value();
    if (built && built.catalog === catalog && built.chains === chains && sameProviders(built.providers, providers)) return built.router;
    const router = createLlmRouter({
      providers,
      catalog,
      breakers: deps.health.breakers,
      now,
      sleep: abortableSleep,
      random: Math.random,
      fallbackChains: parseFallbackChains(chains),
      afterCall: publisher.notify,
    });
    built = { providers, catalog, chains, router };
    return router;
  };
}

/** Adapters are cached while their settings are unchanged, so the same settings give the same objects. */
function sameProviders(a: ReadonlyMap<ProviderId, LlmProvider>, b: ReadonlyMap<ProviderId, LlmProvider>): boolean {
  return a.size === b.size && [...a].every(([id, provider]) => b.get(id) === provider);
}
