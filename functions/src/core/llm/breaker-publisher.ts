import { randomUUID } from "node:crypto";
import type { Db } from "mongodb";
import { log } from "../../platform/logger";
import type { BreakerRegistry, BreakerSnapshot } from "./circuit-breaker";

/** Collection of the breaker snapshots AI instances publish for `GET /monitoring/providers`. */
export const LLM_HEALTH = "llm_health";

/** One document per instance and model; `updated_at` says how fresh the instance's view is. */
export interface LlmHealthDoc {
  instance_id: string;
  model: string;
  snapshot: BreakerSnapshot;
  updated_at: Date;
}

/** Random per process: a Cloud Run instance is one process, and a restarted one is a new instance. */
export const instanceId = randomUUID();

export interface BreakerPublisherDeps {
  breakers: BreakerRegistry;
  db: () => Promise<Db>;
  instanceId: string;
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
    const updated_at = new Date(deps.now());
    const db = await deps.db();
    await db.collection<LlmHealthDoc>(LLM_HEALTH).bulkWrite(
      snapshots.map((snapshot) => ({
        updateOne: {
          filter: { instance_id: deps.instanceId, model: snapshot.key },
          update: { $set: { snapshot, updated_at } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  return {
    notify() {
      try {
        const now = deps.now();
        if (inFlight || now - lastStarted < intervalMs) return;
        lastStarted = now;
        inFlight = publish()
          .catch((err) => log.warn("llm_health_publish_failed", { instanceId: deps.instanceId, error: (err as Error)?.message ?? String(err) }))
          .finally(() => (inFlight = undefined));
      } catch (err) {
        log.warn("llm_health_publish_failed", { instanceId: deps.instanceId, error: (err as Error)?.message ?? String(err) });
      }
    },
    idle: () => inFlight ?? Promise.resolve(),
  };
}
