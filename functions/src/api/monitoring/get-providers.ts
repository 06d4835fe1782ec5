import { DEFAULT_BREAKER_OPTIONS, type BreakerRegistry, type BreakerSnapshot, type BreakerState } from "../../core/llm/circuit-breaker";
import { PROVIDER_IDS, type ProviderId } from "../../core/llm/llm-types";
import { getModelCatalog, type ModelCatalog } from "../../core/llm/model-catalog";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { ProvidersHealthResponse } from "./monitoring.schema";

/** Published snapshots older than this are from instances that stopped serving AI calls. */
export const HEALTH_MAX_AGE_MS = 5 * 60_000;

const idle = (key: string): BreakerSnapshot => ({
  key,
  state: "closed",
  consecutiveFailures: 0,
  recent: { calls: 0, failures: 0, errorRate: 0 },
  latencyMs: { ewma: null, p50: null, p95: null, samples: 0 },
  openedAt: null,
  retryAt: null,
});

const severity: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** A published snapshot as of `now`: an open breaker whose cooldown has passed lets a probe through. */
function aged(s: BreakerSnapshot, now: Date): BreakerSnapshot {
  return s.state === "open" && s.retryAt !== null && Date.parse(s.retryAt) <= now.getTime()
    ? { ...s, state: "half_open", retryAt: null }
    : s;
}

/**
 * One model's view across instances: the worst state wins (with the open breaker that reopens last),
 * calls and failures add up, latency averages are weighted by samples, p95 is the highest (percentiles
 * of different instances cannot be combined exactly; the median of the merge is an approximation).
 */
export function mergeSnapshots(key: string, snapshots: BreakerSnapshot[]): BreakerSnapshot {
  if (!snapshots.length) return idle(key);
  const worst = snapshots.reduce((w, s) =>
    severity[s.state] > severity[w.state] || (s.state === w.state && (s.retryAt ?? s.openedAt ?? "") > (w.retryAt ?? w.openedAt ?? ""))
      ? s
      : w,
  );
  const calls = snapshots.reduce((n, s) => n + s.recent.calls, 0);
  const failures = snapshots.reduce((n, s) => n + s.recent.failures, 0);
  const timed = snapshots.filter((s) => s.latencyMs.samples > 0);
  const samples = timed.reduce((n, s) => n + s.latencyMs.samples, 0);
  const weighted = (pick: (s: BreakerSnapshot) => number | null) => {
    const known = timed.filter((s) => pick(s) !== null);
    const weight = known.reduce((n, s) => n + s.latencyMs.samples, 0);
    return weight ? Math.round(known.reduce((n, s) => n + pick(s)! * s.latencyMs.samples, 0) / weight) : null;
  };
  const p95s = timed.map((s) => s.latencyMs.p95).filter((v): v is number => v !== null);
  return {
    key,
    state: worst.state,
    consecutiveFailures: Math.max(...snapshots.map((s) => s.consecutiveFailures)),
    recent: { calls, failures, errorRate: calls ? failures / calls : 0 },
    latencyMs: {
      ewma: weighted((s) => s.latencyMs.ewma),
      p50: weighted((s) => s.latencyMs.p50),
      p95: p95s.length ? Math.max(...p95s) : null,
      samples,
    },
    openedAt: worst.openedAt,
    retryAt: worst.retryAt,
  };
}

/** Every catalog model (and any model a breaker saw) with its breaker state and latencies. */
export function providersHealth(
  catalog: ModelCatalog,
  breakers: BreakerRegistry,
  now: Date,
  others: { scope: ProvidersHealthResponse["scope"]; instances: number; snapshots: BreakerSnapshot[] } = {
    scope: "instance",
    instances: 1,
    snapshots: [],
  },
): ProvidersHealthResponse {
  const byKey = new Map<string, BreakerSnapshot[]>();
  for (const s of [...breakers.snapshot(), ...others.snapshots.map((s) => aged(s, now))])
    byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  const ids = [...new Set([...catalog.keys(), ...byKey.keys()])].sort();
  const windowSeconds = DEFAULT_BREAKER_OPTIONS.windowMs / 1000;
  const byProvider = new Map<ProviderId, ProvidersHealthResponse["providers"][number]["models"]>();
  for (const id of ids) {
    const provider = (catalog.get(id)?.provider ?? id.split(":")[0]) as ProviderId;
    if (!PROVIDER_IDS.includes(provider)) continue;
    const s = mergeSnapshots(id, byKey.get(id) ?? []);
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
    scope: others.scope,
    instances: others.instances,
    generatedAt: now.toISOString(),
    providers: PROVIDER_IDS.filter((p) => byProvider.has(p)).map((provider) => ({ provider, models: byProvider.get(provider)! })),
  };
}

export async function getProviders(ctx: OperationContext): Promise<ProvidersHealthResponse> {
  const now = ctx.services.now();
  const [catalog, local] = await Promise.all([getModelCatalog(), ctx.services.llmHealth()]);
  try {
    // What other instances published recently (this instance's own view is read live instead).
    const others = await (
      await ctx.services.store("llmHealth")
    ).publishedSince(new Date(now.getTime() - HEALTH_MAX_AGE_MS), local.instanceId);
    return providersHealth(catalog, local.breakers, now, {
      scope: "all_instances",
      instances: others.instances + 1,
      snapshots: others.snapshots,
    });
  } catch (err) {
    // Monitoring must answer when the database does not: this instance's view, labelled as such.
    log.warn("llm_health_read_failed", { error: err instanceof Error ? err.message : String(err) });
    return providersHealth(catalog, local.breakers, now);
  }
}
