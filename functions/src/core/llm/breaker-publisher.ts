import { log } from "../../platform/logger";
import type { BreakerRegistry } from "./circuit-breaker";
import type { LlmHealthStore } from "./llm-health-store";

/**
 * This instance's view of model health: its circuit breakers (one per model, kept for the instance's
 * life and shared by its invocations) and the id it publishes them under to llm_health. Built once
 * per instance by services.ts (`llmHealth()`); a restarted instance is a new one with a new id.
 */
export interface InstanceHealth {
  instanceId: string;
  breakers: BreakerRegistry;
}

export interface BreakerPublisherDeps extends InstanceHealth {
  store: () => Promise<LlmHealthStore>;
  now: () => number;
  /** At most one publication per interval (default 30 s). */
  intervalMs?: number;
}

export interface BreakerPublisher {
  /** After a call: publishes in the background unless it did so within the interval. Never throws. */
  notify(): void;
  /** The publication in flight, if any (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Publishes this instance's breaker snapshots so that the monitoring function (another instance) can
 * see them. Fire-and-forget: the AI call never waits for it, and a failure is logged, not thrown.
 * Writes are throttled to one bulk upsert per interval per instance, not one per call.
 */
export function createBreakerPublisher(deps: BreakerPublisherDeps): BreakerPublisher {
  const intervalMs = deps.intervalMs ?? 30_000;
  let lastStarted = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  async function publish(): Promise<void> {
    const snapshots = deps.breakers.snapshot();
    if (!snapshots.length) return;
    const at = new Date(deps.now());
    await (await deps.store()).publish(deps.instanceId, snapshots, at);
  }

  return {
    notify() {
      try {
        const now = deps.now();
        if (inFlight || now - lastStarted < intervalMs) return;
        lastStarted = now;
        inFlight = publish()
          .catch((err) =>
            log.warn("llm_health_publish_failed", { instanceId: deps.instanceId, error: (err as Error)?.message ?? String(err) }),
          )
          .finally(() => (inFlight = undefined));
      } catch (err) {
        log.warn("llm_health_publish_failed", { instanceId: deps.instanceId, error: (err as Error)?.message ?? String(err) });
      }
    },
    idle: () => inFlight ?? Promise.resolve(),
  };
}
