import { DEFAULT_BREAKER_OPTIONS, instanceBreakers, type BreakerRegistry, type BreakerSnapshot } from "../../core/llm/circuit-breaker";
import { PROVIDER_IDS, type ProviderId } from "../../core/llm/llm-types";
import { getModelCatalog, type ModelCatalog } from "../../core/llm/model-catalog";
import type { OperationContext } from "../../platform/operation";
import type { ProvidersHealthResponse } from "./monitoring.schema";

const idle = (key: string): BreakerSnapshot => ({
  key,
  state: "closed",
  consecutiveFailures: 0,
  recent: { calls: 0, failures: 0, errorRate: 0 },
  latencyMs: { ewma: null, p50: null, p95: null, samples: 0 },
  openedAt: null,
  retryAt: null,
});

/** Every catalog model (and any model a breaker saw) with this instance's breaker state and latencies. */
export function providersHealth(catalog: ModelCatalog, breakers: BreakerRegistry, now: Date): ProvidersHealthResponse {
  const snapshots = new Map(breakers.snapshot().map((s) => [s.key, s]));
  const ids = [...new Set([...catalog.keys(), ...snapshots.keys()])].sort();
  const windowSeconds = DEFAULT_BREAKER_OPTIONS.windowMs / 1000;
  const byProvider = new Map<ProviderId, ProvidersHealthResponse["providers"][number]["models"]>();
  for (const id of ids) {
    const provider = (catalog.get(id)?.provider ?? id.split(":")[0]) as ProviderId;
    if (!PROVIDER_IDS.includes(provider)) continue;
    const s = snapshots.get(id) ?? idle(id);
    const models = byProvider.get(provider) ?? [];
    models.push({
      model: id,
      provider,
      enabled: Boolean(catalog.get(id)?.price),
      breaker: s.state,
      consecutiveFailures: s.consecutiveFailures,
      recent: { windowSeconds, ...s.recent },
      latencyMs: s.latencyMs,
      openedAt: s.openedAt,
      retryAt: s.retryAt,
    });
    byProvider.set(provider, models);
  }
  return {
    scope: "instance",
    generatedAt: now.toISOString(),
    providers: PROVIDER_IDS.filter((p) => byProvider.has(p)).map((provider) => ({ provider, models: byProvider.get(provider)! })),
  };
}

export async function getProviders(ctx: OperationContext): Promise<ProvidersHealthResponse> {
  return providersHealth(await getModelCatalog(), instanceBreakers, ctx.services.now());
}
