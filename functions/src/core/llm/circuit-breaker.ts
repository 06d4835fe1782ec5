import { log } from "../../platform/logger";

/**
 * Circuit breakers and latency records, one per model (`provider:model` id).
 *
 * closed → open after `consecutiveFailures` failures in a row, or when at least `minCalls` calls in the
 * last `windowMs` failed at `failureRate` or more. open → half_open after `cooldownMs`: exactly one
 * probe may run; its success closes the breaker, its failure opens it for another cooldown.
 *
 * Kept in memory per function instance (one registry, built by services.ts, that survives across
 * invocations of that instance), not shared through MongoDB: a shared breaker would add a read and a write to every
 * LLM call (milliseconds and database load on the hot path) to learn, a little sooner, what each
 * instance learns by itself after a handful of failed calls. Instances converge on their own.
 */
export type BreakerState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  consecutiveFailures: number;
  windowMs: number;
  minCalls: number;
  /** 0..1 */
  failureRate: number;
  cooldownMs: number;
  /** Recent latencies kept for percentiles. */
  latencySamples: number;
  /** Weight of a new latency in the moving average. */
  ewmaAlpha: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  consecutiveFailures: 5,
  windowMs: 60_000,
  minCalls: 10,
  failureRate: 0.5,
  cooldownMs: 30_000,
  latencySamples: 100,
  ewmaAlpha: 0.3,
};

/** Bounds the outcome window's memory at very high call rates (older entries are dropped). */
const MAX_WINDOW_ENTRIES = 2_000;

export interface BreakerSnapshot {
  key: string;
  state: BreakerState;
  consecutiveFailures: number;
  recent: { calls: number; failures: number; errorRate: number };
  latencyMs: { ewma: number | null; p50: number | null; p95: number | null; samples: number };
  openedAt: string | null;
  /** When an open breaker lets a probe through. */
  retryAt: string | null;
}

export class CircuitBreaker {
  private state: BreakerState = "closed";
  private consecutive = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private window: { at: number; ok: boolean }[] = [];
  private latencies: number[] = [];
  private latencyNext = 0;
  private ewma: number | null = null;

  constructor(
    readonly key: string,
    private readonly now: () => number,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
  ) {}

  /** The state now (an open breaker whose cooldown has passed reads as half_open). */
  currentState(): BreakerState {
    if (this.state === "open" && this.now() - this.openedAt >= this.options.cooldownMs) this.state = "half_open";
    return this.state;
  }

  /** May a call start? In half_open only one caller gets true (the probe) until it reports. */
  tryAcquire(): boolean {
    const state = this.currentState();
    if (state === "closed") return true;
    if (state === "open" || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(latencyMs?: number): void {
    this.push(true);
    this.consecutive = 0;
    this.probeInFlight = false;
    if (this.state !== "closed") log.info("llm_breaker_state", { breaker: this.key, state: "closed" });
    this.state = "closed";
    if (latencyMs !== undefined) this.recordLatency(latencyMs);
  }

  recordFailure(): void {
    this.push(false);
    this.consecutive += 1;
    const wasProbe = this.probeInFlight;
    this.probeInFlight = false;
    // A call that started before the breaker opened does not extend the cooldown.
    if (this.state === "open" && !wasProbe) return;
    if (wasProbe || this.state === "half_open" || this.shouldOpen()) {
      this.state = "open";
      this.openedAt = this.now();
      // One line per opening (per instance): the monitoring/ breaker metric counts them.
      log.warn("llm_breaker_state", { breaker: this.key, state: "open", consecutiveFailures: this.consecutive });
    }
  }

  /** The call ended in a way that says nothing about the model (caller's bad request, caller aborted). */
  release(): void {
    this.probeInFlight = false;
  }

  /** Moving average of successful call latencies; null until the first one. */
  latencyEwma(): number | null {
    return this.ewma;
  }

  snapshot(): BreakerSnapshot {
    const state = this.currentState();
    this.prune();
    const failures = this.window.filter((e) => !e.ok).length;
    const calls = this.window.length;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : null);
    return {
      key: this.key,
      state,
      consecutiveFailures: this.consecutive,
      recent: { calls, failures, errorRate: calls ? failures / calls : 0 },
      latencyMs: { ewma: this.ewma === null ? null : Math.round(this.ewma), p50: pct(0.5), p95: pct(0.95), samples: sorted.length },
      openedAt: state === "closed" ? null : new Date(this.openedAt).toISOString(),
      retryAt: state === "open" ? new Date(this.openedAt + this.options.cooldownMs).toISOString() : null,
    };
  }

  private shouldOpen(): boolean {
    if (this.consecutive >= this.options.consecutiveFailures) return true;
    this.prune();
    const calls = this.window.length;
    if (calls < this.options.minCalls) return false;
    const failures = this.window.filter((e) => !e.ok).length;
    return failures / calls >= this.options.failureRate;
  }

  private push(ok: boolean): void {
    this.window.push({ at: this.now(), ok });
    if (this.window.length > MAX_WINDOW_ENTRIES) this.window.splice(0, this.window.length - MAX_WINDOW_ENTRIES);
  }

  private prune(): void {
    const since = this.now() - this.options.windowMs;
    let i = 0;
    while (i < this.window.length && this.window[i].at <= since) i++;
    if (i) this.window.splice(0, i);
  }

  private recordLatency(ms: number): void {
    this.ewma = this.ewma === null ? ms : this.options.ewmaAlpha * ms + (1 - this.options.ewmaAlpha) * this.ewma;
    if (this.latencies.length < this.options.latencySamples) this.latencies.push(ms);
    else this.latencies[this.latencyNext] = ms;
    this.latencyNext = (this.latencyNext + 1) % this.options.latencySamples;
  }
}

/** One breaker per model id, created on first use. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly now: () => number,
    private readonly options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
  ) {}

  get(key: string): CircuitBreaker {
    let b = this.breakers.get(key);
    if (!b) {
      b = new CircuitBreaker(key, this.now, this.options);
      this.breakers.set(key, b);
    }
    return b;
  }

  /** Breakers seen so far, by key. */
  snapshot(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot()).sort((a, b) => a.key.localeCompare(b.key));
  }
}
