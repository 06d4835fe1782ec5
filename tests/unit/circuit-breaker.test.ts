import { BreakerRegistry, CircuitBreaker, DEFAULT_BREAKER_OPTIONS } from "../../functions/src/core/llm/circuit-breaker";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures and refuses calls while cooling down", () => {
    const c = clock();
    const b = new CircuitBreaker("openai:gpt-4o-mini", c.now);
    for (let i = 0; i < DEFAULT_BREAKER_OPTIONS.consecutiveFailures - 1; i++) b.recordFailure();
    expect(b.currentState()).toBe("closed");
    b.recordFailure();
    expect(b.currentState()).toBe("open");
    expect(b.tryAcquire()).toBe(false);
    c.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs - 1);
    expect(b.tryAcquire()).toBe(false);
    expect(b.snapshot()).toMatchObject({ state: "open", consecutiveFailures: 5, retryAt: expect.any(String) });
  });

  it("opens when at least half of ≥10 calls in the window failed, even without a long failure run", () => {
    const c = clock();
    const b = new CircuitBreaker("m", c.now);
    for (let i = 0; i < 5; i++) {
      b.recordSuccess(100);
      expect(b.currentState()).toBe("closed");
      b.recordFailure();
    }
    expect(b.currentState()).toBe("open");
  });

  it("forgets failures older than the window", () => {
    const c = clock();
    const b = new CircuitBreaker("m", c.now);
    for (let i = 0; i < 4; i++) {
      b.recordSuccess(100);
      b.recordFailure();
    }
    c.advance(DEFAULT_BREAKER_OPTIONS.windowMs + 1);
    b.recordSuccess(100);
    b.recordFailure();
    expect(b.snapshot().recent).toEqual({ calls: 2, failures: 1, errorRate: 0.5 });
    expect(b.currentState()).toBe("closed");
  });

  it("half-opens after the cooldown with exactly one probe; a successful probe closes it", () => {
    const c = clock();
    const b = new CircuitBreaker("m", c.now);
    for (let i = 0; i < 5; i++) b.recordFailure();
    c.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs);
    expect(b.currentState()).toBe("half_open");
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.recordSuccess(50);
    expect(b.currentState()).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
  });

  it("a failed probe opens it for another cooldown", () => {
    const c = clock();
    const b = new CircuitBreaker("m", c.now);
    for (let i = 0; i < 5; i++) b.recordFailure();
    c.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs);
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.currentState()).toBe("open");
    c.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs - 1);
    expect(b.tryAcquire()).toBe(false);
    c.advance(1);
    expect(b.tryAcquire()).toBe(true);
  });

  it("a released probe (neutral outcome) lets the next caller probe", () => {
    const c = clock();
    const b = new CircuitBreaker("m", c.now);
    for (let i = 0; i < 5; i++) b.recordFailure();
    c.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs);
    expect(b.tryAcquire()).toBe(true);
    b.release();
    expect(b.tryAcquire()).toBe(true);
  });

  it("keeps a latency EWMA and p50/p95 over a bounded ring of recent latencies", () => {
    const b = new CircuitBreaker("m", clock().now, { ...DEFAULT_BREAKER_OPTIONS, latencySamples: 20, ewmaAlpha: 0.5 });
    expect(b.latencyEwma()).toBeNull();
    b.recordSuccess(100);
    b.recordSuccess(200);
    expect(b.latencyEwma()).toBe(150);
    for (let i = 1; i <= 100; i++) b.recordSuccess(i);
    const s = b.snapshot();
    expect(s.latencyMs.samples).toBe(20);
    // The ring holds the last 20 latencies: 81..100.
    expect(s.latencyMs.p50).toBe(90);
    expect(s.latencyMs.p95).toBe(99);
  });
});

describe("BreakerRegistry", () => {
  it("keeps one breaker per model and snapshots them sorted", () => {
    const r = new BreakerRegistry(clock().now);
    expect(r.get("b:x")).toBe(r.get("b:x"));
    r.get("a:y").recordFailure();
    expect(r.snapshot().map((s) => [s.key, s.consecutiveFailures])).toEqual([
      ["a:y", 1],
      ["b:x", 0],
    ]);
  });
});
