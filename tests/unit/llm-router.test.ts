import { BreakerRegistry, DEFAULT_BREAKER_OPTIONS } from "../../functions/src/core/llm/circuit-breaker";
import { abortableSleep, createLlmRouter, parseFallbackChains, type RouterDeps } from "../../functions/src/core/llm/llm-router";
import type { RoutedStreamEvent, RouteRequest } from "../../functions/src/core/llm/llm-router-types";
import {
  LlmError,
  PROVIDER_IDS,
  type ChatRequest,
  type Completion,
  type LlmProvider,
  type ProviderId,
  type StreamChunk,
} from "../../functions/src/core/llm/llm-types";
import { buildModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { HttpError } from "../../functions/src/platform/http-error";

/** One scripted outcome of a call, consumed in order per vendor model; an empty script answers "ok". */
type Step =
  | { ok: string; advanceMs?: number }
  | { error: LlmError; advanceMs?: number }
  | { hang: true }
  | { gate: Promise<void> }
  | { deltas: string[]; thenError?: LlmError };

class ScriptedProvider implements LlmProvider {
  readonly calls: string[] = [];
  constructor(
    readonly id: ProviderId,
    private readonly scripts: Record<string, Step[]>,
    private readonly clock: Clock,
  ) {}

  private next(req: ChatRequest): Step {
    this.calls.push(req.model);
    return this.scripts[req.model]?.shift() ?? { ok: `${req.model} says hi` };
  }

  async complete(req: ChatRequest, signal: AbortSignal): Promise<Completion> {
    const step = this.next(req);
    if ("hang" in step) return new Promise<Completion>(() => undefined); // ignores the signal on purpose
    if ("gate" in step) await step.gate;
    if ("advanceMs" in step && step.advanceMs) this.clock.advance(step.advanceMs);
    if ("error" in step) throw step.error;
    if (signal.aborted) throw new LlmError("timeout", "aborted");
    const text = "ok" in step ? step.ok : "deltas" in step ? step.deltas.join("") : "gate";
    return { text, usage: { inputTokens: 10, outputTokens: 5 }, finishReason: "stop" };
  }

  async *stream(req: ChatRequest): AsyncIterable<StreamChunk> {
    const step = this.next(req);
    if ("error" in step) throw step.error;
    const deltas = "deltas" in step ? step.deltas : ["ok" in step ? step.ok : ""];
    for (const text of deltas) yield { type: "delta", text };
    if ("deltas" in step && step.thenError) throw step.thenError;
    yield { type: "done", usage: { inputTokens: 10, outputTokens: deltas.length }, finishReason: "stop" };
  }
}

interface Clock {
  now(): number;
  advance(ms: number): void;
}

function setup(
  options: {
    scripts?: Record<string, Step[]>;
    providers?: ProviderId[];
    chains?: Record<string, string[]>;
    realTime?: boolean;
    random?: number;
  } = {},
) {
  let t = 1_700_000_000_000;
  const clock: Clock = options.realTime ? { now: Date.now, advance: () => undefined } : { now: () => t, advance: (ms) => void (t += ms) };
  const sleeps: number[] = [];
  const providers = new Map<ProviderId, ScriptedProvider>();
  for (const id of options.providers ?? PROVIDER_IDS) providers.set(id, new ScriptedProvider(id, options.scripts ?? {}, clock));
  const breakers = new BreakerRegistry(clock.now);
  const deps: RouterDeps = {
    providers,
    catalog: buildModelCatalog({ environment: "development" }),
    breakers,
    now: clock.now,
    sleep: options.realTime
      ? abortableSleep
      : async (ms) => {
          sleeps.push(ms);
          clock.advance(ms);
        },
    random: () => options.random ?? 0.5,
    fallbackChains: options.chains ?? { default: ["openai:gpt-4o-mini", "anthropic:claude-3-5-haiku"] },
  };
  const router = createLlmRouter(deps);
  const opts = (deadlineInMs = 60_000) => ({ signal: new AbortController().signal, deadline: clock.now() + deadlineInMs });
  const called = () => [...providers.values()].flatMap((p) => p.calls);
  return { router, clock, sleeps, providers, breakers, opts, called };
}

const route = (modelOrPolicy: string, over: Partial<RouteRequest> & { maxOutputTokens?: number; content?: string } = {}): RouteRequest => ({
  modelOrPolicy,
  tier: over.tier ?? "free",
  request: {
    messages: [{ role: "user", content: over.content ?? "Hello there" }],
    maxOutputTokens: over.maxOutputTokens ?? 100,
    ...over.request,
  },
  requires: over.requires,
});

async function expectHttp(p: Promise<unknown> | (() => unknown), status: number, code: string): Promise<HttpError> {
  let err: unknown;
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(HttpError);
  expect({ status: (err as HttpError).status, code: (err as HttpError).code }).toEqual({ status, code });
  return err as HttpError;
}

const ids = (models: { id: string }[]) => models.map((m) => m.id);
const e = (kind: LlmError["kind"], status?: number, retryAfterMs?: number) =>
  new LlmError(kind, `${kind} from fake`, { status, retryAfterMs });

describe("candidates", () => {
  it("auto:cheapest orders the tier's priced models by worst-case cost", () => {
    const { router } = setup();
    expect(ids(router.candidates(route("auto:cheapest")))).toEqual([
      "local:llama3.2",
      "demo:echo",
      "groq:llama-3.1-8b-instant",
      "google:gemini-2.0-flash",
      "openai:gpt-4o-mini",
      "google:gemini-2.5-flash",
      "anthropic:claude-3-5-haiku",
    ]);
  });

  it("only offers models of configured providers", () => {
    const { router } = setup({ providers: ["openai", "anthropic"] });
    expect(ids(router.candidates(route("auto:cheapest", { tier: "pro" })))).toEqual([
      "openai:gpt-4o-mini",
      "openai:gpt-4.1-mini",
      "anthropic:claude-3-5-haiku",
      "openai:gpt-4.1",
      "anthropic:claude-sonnet-4",
    ]);
  });

  it("auto:fastest puts measured models first by latency EWMA, unmeasured after them", () => {
    const { router, breakers } = setup({ providers: ["openai", "anthropic", "groq"] });
    breakers.get("anthropic:claude-3-5-haiku").recordSuccess(300);
    breakers.get("openai:gpt-4o-mini").recordSuccess(900);
    expect(ids(router.candidates(route("auto:fastest")))).toEqual([
      "anthropic:claude-3-5-haiku",
      "openai:gpt-4o-mini",
      "groq:llama-3.1-8b-instant",
    ]);
  });

  it("chain:<name> keeps the chain's order, dropping models outside the tier or catalog", () => {
    const { router } = setup({
      chains: { best: ["anthropic:claude-sonnet-4", "nope:model", "openai:gpt-4o-mini", "groq:llama-3.1-8b-instant"] },
    });
    expect(ids(router.candidates(route("chain:best")))).toEqual(["openai:gpt-4o-mini", "groq:llama-3.1-8b-instant"]);
    expect(ids(router.candidates(route("chain:best", { tier: "pro" })))).toEqual([
      "anthropic:claude-sonnet-4",
      "openai:gpt-4o-mini",
      "groq:llama-3.1-8b-instant",
    ]);
  });

  it("rejects unknown models, policies and chains with 400 unknown_model", async () => {
    const { router } = setup();
    await expectHttp(() => router.candidates(route("openai:gpt-9")), 400, "unknown_model");
    await expectHttp(() => router.candidates(route("auto:random")), 400, "unknown_model");
    await expectHttp(() => router.candidates(route("chain:missing")), 400, "unknown_model");
    await expectHttp(() => router.candidates(route("chain:constructor")), 400, "unknown_model");
  });

  it("refuses a model outside the caller's tier with 403 and an unconfigured provider's model with 503", async () => {
    await expectHttp(() => setup().router.candidates(route("anthropic:claude-sonnet-4")), 403, "model_not_allowed");
    await expectHttp(
      () => setup({ providers: ["openai"] }).router.candidates(route("groq:llama-3.1-8b-instant")),
      503,
      "model_unavailable",
    );
    expect(ids(setup().router.candidates(route("anthropic:claude-sonnet-4", { tier: "pro" })))).toEqual(["anthropic:claude-sonnet-4"]);
  });

  it("filters by the capabilities a request implies (json schema, streaming via stream())", async () => {
    const { router } = setup();
    const schema = {
      responseFormat: { type: "json_schema" as const, name: "x", schema: { type: "object" } },
      messages: [{ role: "user" as const, content: "hi" }],
      maxOutputTokens: 100,
    };
    const models = router.candidates({ ...route("auto:cheapest"), request: schema });
    expect(models.every((m) => m.capabilities.jsonSchema)).toBe(true);
    expect(ids(models)).not.toContain("anthropic:claude-3-5-haiku");
    expect(ids(models)).not.toContain("groq:llama-3.1-8b-instant");
    await expectHttp(() => router.candidates({ ...route("anthropic:claude-3-5-haiku"), request: schema }), 400, "unsupported_parameter");
    await expectHttp(
      () => router.candidates(route("anthropic:claude-3-5-haiku", { requires: { json: true } })),
      400,
      "unsupported_parameter",
    );
  });

  it("checks output tokens against the tier, the model and the context window (400 too_many_tokens)", async () => {
    const { router } = setup();
    await expectHttp(() => router.candidates(route("openai:gpt-4o-mini", { maxOutputTokens: 1_025 })), 400, "too_many_tokens");
    expect(ids(router.candidates(route("openai:gpt-4o-mini", { tier: "pro", maxOutputTokens: 8_192 })))).toEqual(["openai:gpt-4o-mini"]);
    await expectHttp(() => router.candidates(route("local:llama3.2", { tier: "pro", maxOutputTokens: 4_000 })), 400, "too_many_tokens");
    // ~10 000 input tokens do not fit local:llama3.2's 8192-token window, but fit the others.
    const long = "x".repeat(30_000);
    const err = await expectHttp(() => router.candidates(route("local:llama3.2", { content: long })), 400, "too_many_tokens");
    expect(err.details).toMatchObject({ contextWindow: 8_192 });
    expect(ids(router.candidates(route("auto:cheapest", { content: long })))).not.toContain("local:llama3.2");
    await expectHttp(() => router.candidates(route("chain:default", { content: "x".repeat(600_000) })), 400, "too_many_tokens");
  });

  it("models(tier) lists exactly the models candidates() accepts for that tier (priced, configured vendor, in the tier)", () => {
    const { router } = setup({ providers: ["openai", "anthropic", "demo"] });
    for (const tier of ["free", "pro"] as const) {
      const listed = ids(router.models(tier));
      expect(listed.length).toBeGreaterThan(0);
      for (const id of buildModelCatalog({ environment: "development" }).keys()) {
        let accepted = true;
        try {
          router.candidates(route(id, { tier, maxOutputTokens: 1 }));
        } catch {
          accepted = false;
        }
        expect([id, tier, listed.includes(id)]).toEqual([id, tier, accepted]);
      }
    }
    expect(ids(router.models("free"))).not.toContain("groq:llama-3.1-8b-instant");
  });

  it("with no vendor configured lists nothing and answers 503 model_unavailable", async () => {
    const { router } = setup({ providers: [] });
    expect(router.models("enterprise")).toEqual([]);
    await expectHttp(() => router.candidates(route("auto:cheapest")), 503, "model_unavailable");
    await expectHttp(() => router.candidates(route("openai:gpt-4o-mini")), 503, "model_unavailable");
  });

  it("never selects a model without a price", () => {
    const deps = setup();
    const router = createLlmRouter({
      providers: deps.providers,
      catalog: buildModelCatalog({
        environment: "development",
        overridesJson: JSON.stringify({ "demo:echo": { price: null }, "local:llama3.2": { tiers: ["free"] } }),
      }),
      breakers: deps.breakers,
      now: deps.clock.now,
      sleep: async () => undefined,
      random: () => 0,
      fallbackChains: {},
    });
    expect(ids(router.candidates(route("auto:cheapest")))[0]).toBe("groq:llama-3.1-8b-instant");
    expect(() => router.candidates(route("demo:echo"))).toThrow(HttpError);
  });
});

describe("run", () => {
  it.each([
    ["429 rate limited", e("rate_limited", 429)],
    ["500 server error", e("server_error", 500)],
    ["529 overloaded", e("overloaded", 529)],
    ["timeout", e("timeout")],
    ["connection error", e("connection")],
  ])("retries once with jittered backoff, then falls back on %s", async (_, error) => {
    const { router, sleeps, opts } = setup({ scripts: { "gpt-4o-mini": [{ error }, { error }] } });
    const res = await router.run(route("chain:default"), opts());
    expect(res).toMatchObject({ model: "anthropic:claude-3-5-haiku", provider: "anthropic", text: "claude-3-5-haiku-20241022 says hi" });
    expect(res.path.map((p) => [p.model, p.outcome])).toEqual([
      ["openai:gpt-4o-mini", "error"],
      ["openai:gpt-4o-mini", "error"],
      ["anthropic:claude-3-5-haiku", "ok"],
    ]);
    // full jitter: random × min(cap, base × 2^0) = 0.5 × 250
    expect(sleeps).toEqual([125]);
  });

  it("answers from the same model when its retry succeeds", async () => {
    const { router, opts, called } = setup({ scripts: { "gpt-4o-mini": [{ error: e("server_error", 503) }] } });
    const res = await router.run(route("chain:default"), opts());
    expect(res.model).toBe("openai:gpt-4o-mini");
    expect(called()).toEqual(["gpt-4o-mini", "gpt-4o-mini"]);
  });

  it.each([
    ["bad_request", 400, "provider_rejected_request"],
    ["unsupported", 400, "unsupported_parameter"],
    ["content_policy", 422, "content_policy"],
    ["auth", 502, "provider_misconfigured"],
  ] as const)("neither retries nor falls back on %s (→ %i %s)", async (kind, status, code) => {
    const { router, opts, called, sleeps } = setup({ scripts: { "gpt-4o-mini": [{ error: e(kind) }] } });
    const err = await expectHttp(router.run(route("chain:default"), opts()), status, code);
    expect(called()).toEqual(["gpt-4o-mini"]);
    expect(sleeps).toEqual([]);
    expect(err.details).toMatchObject({ model: "openai:gpt-4o-mini", path: [{ outcome: "error" }] });
  });

  it("honours Retry-After up to the cap", async () => {
    const { router, opts, sleeps } = setup({ scripts: { "gpt-4o-mini": [{ error: e("rate_limited", 429, 1_500) }] } });
    expect((await router.run(route("chain:default"), opts())).model).toBe("openai:gpt-4o-mini");
    expect(sleeps).toEqual([1_500]);
  });

  it("falls back at once when Retry-After is above the cap", async () => {
    const { router, opts, sleeps, called } = setup({ scripts: { "gpt-4o-mini": [{ error: e("rate_limited", 429, 20_000) }] } });
    expect((await router.run(route("chain:default"), opts())).model).toBe("anthropic:claude-3-5-haiku");
    expect(sleeps).toEqual([]);
    expect(called()).toEqual(["gpt-4o-mini", "claude-3-5-haiku-20241022"]);
  });

  it("does not sleep into the deadline nor start an attempt after it", async () => {
    const { router, opts, sleeps, called } = setup({ scripts: { "gpt-4o-mini": [{ error: e("rate_limited", 429, 1_500) }] } });
    // The backoff would end past the deadline: no retry; the fallback starts in time.
    expect((await router.run(route("chain:default"), opts(1_000))).model).toBe("anthropic:claude-3-5-haiku");
    expect(sleeps).toEqual([]);
    expect(called()).toHaveLength(2);

    const late = setup({ scripts: { "gpt-4o-mini": [{ error: e("server_error", 500), advanceMs: 5_000 }] } });
    const err = await expectHttp(late.router.run(route("chain:default"), late.opts(1_000)), 504, "llm_timeout");
    expect(late.called()).toEqual(["gpt-4o-mini"]);
    expect(err.details).toMatchObject({ path: [{ model: "openai:gpt-4o-mini", outcome: "error" }] });
  });

  it("aborts an in-flight call at the deadline, even one that ignores its signal", async () => {
    const { router, opts, called } = setup({ realTime: true, scripts: { "gpt-4o-mini": [{ hang: true }] } });
    const started = Date.now();
    const err = await expectHttp(router.run(route("chain:default"), opts(150)), 504, "llm_timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(called()).toEqual(["gpt-4o-mini"]);
    expect(err.details).toMatchObject({ path: [{ outcome: "error", error: "deadline" }] });
  });

  it("answers 502 all_providers_failed with the path when every model fails", async () => {
    const fail = { error: e("server_error", 500) };
    const { router, opts } = setup({ scripts: { "gpt-4o-mini": [fail, fail], "claude-3-5-haiku-20241022": [fail, fail] } });
    const err = await expectHttp(router.run(route("chain:default"), opts()), 502, "all_providers_failed");
    expect((err.details as { path: unknown[] }).path).toHaveLength(4);
  });

  it("opens a model's breaker after repeated failures, then skips it without calling it", async () => {
    const fail = () => ({ error: e("server_error", 500) });
    const { router, opts, breakers, called, providers } = setup({ scripts: { "gpt-4o-mini": Array.from({ length: 10 }, fail) } });
    for (let i = 0; i < 3; i++) await expectHttp(router.run(route("openai:gpt-4o-mini"), opts()), 502, "all_providers_failed");
    expect(breakers.get("openai:gpt-4o-mini").currentState()).toBe("open");
    expect(called()).toHaveLength(5);

    const err = await expectHttp(router.run(route("openai:gpt-4o-mini"), opts()), 503, "providers_unavailable");
    expect(err.details).toEqual({ path: [expect.objectContaining({ outcome: "skipped_open_breaker" })] });
    const res = await router.run(route("chain:default"), opts());
    expect(res.model).toBe("anthropic:claude-3-5-haiku");
    expect(res.path[0]).toMatchObject({ model: "openai:gpt-4o-mini", outcome: "skipped_open_breaker" });
    expect(providers.get("openai")!.calls).toHaveLength(5);
  });

  it("half-opens after the cooldown with one probe that closes the breaker on success", async () => {
    const { router, opts, breakers, clock, providers } = setup();
    const breaker = breakers.get("openai:gpt-4o-mini");
    for (let i = 0; i < DEFAULT_BREAKER_OPTIONS.consecutiveFailures; i++) breaker.recordFailure();
    clock.advance(DEFAULT_BREAKER_OPTIONS.cooldownMs);

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    (providers.get("openai") as unknown as { scripts: Record<string, Step[]> }).scripts["gpt-4o-mini"] = [{ gate }];
    const probe = router.run(route("chain:default"), opts());
    // While the probe runs, other requests skip the model.
    const other = await router.run(route("chain:default"), opts());
    expect(other.model).toBe("anthropic:claude-3-5-haiku");
    expect(other.path[0].outcome).toBe("skipped_open_breaker");
    release();
    expect((await probe).model).toBe("openai:gpt-4o-mini");
    expect(breaker.currentState()).toBe("closed");
  });

  it("records latency for auto:fastest", async () => {
    const { router, opts, breakers } = setup({
      providers: ["openai", "groq"],
      scripts: { "gpt-4o-mini": [{ ok: "slow", advanceMs: 800 }], "llama-3.1-8b-instant": [{ ok: "fast", advanceMs: 200 }] },
    });
    await router.run(route("openai:gpt-4o-mini"), opts());
    await router.run(route("groq:llama-3.1-8b-instant"), opts());
    expect(breakers.get("openai:gpt-4o-mini").latencyEwma()).toBe(800);
    expect(ids(router.candidates(route("auto:fastest")))).toEqual(["groq:llama-3.1-8b-instant", "openai:gpt-4o-mini"]);
  });
});

describe("stream", () => {
  async function collect(events: AsyncIterable<RoutedStreamEvent>): Promise<RoutedStreamEvent[]> {
    const out: RoutedStreamEvent[] = [];
    for await (const ev of events) out.push(ev);
    return out;
  }

  it("falls back before the first delta and announces the chosen model first", async () => {
    const { router, opts } = setup({
      scripts: {
        "gpt-4o-mini": [{ error: e("overloaded", 529) }, { error: e("overloaded", 529) }],
        "claude-3-5-haiku-20241022": [{ deltas: ["Hel", "lo"] }],
      },
    });
    const events = await collect(router.stream(route("chain:default"), opts()));
    expect(events[0]).toMatchObject({
      type: "start",
      model: "anthropic:claude-3-5-haiku",
      provider: "anthropic",
      path: [{ outcome: "error" }, { outcome: "error" }, { outcome: "ok" }],
    });
    expect(events.slice(1)).toEqual([
      { type: "delta", text: "Hel" },
      { type: "delta", text: "lo" },
      { type: "done", usage: { inputTokens: 10, outputTokens: 2 }, finishReason: "stop" },
    ]);
  });

  it("does not fall back after the first delta: the error ends the stream", async () => {
    const { router, opts, called } = setup({ scripts: { "gpt-4o-mini": [{ deltas: ["Hel"], thenError: e("connection") }] } });
    const seen: RoutedStreamEvent[] = [];
    await expect(
      (async () => {
        for await (const ev of router.stream(route("chain:default"), opts())) seen.push(ev);
      })(),
    ).rejects.toMatchObject({ kind: "connection" });
    expect(seen.map((s) => s.type)).toEqual(["start", "delta"]);
    expect(called()).toEqual(["gpt-4o-mini"]);
  });

  it("applies the same non-retryable rules before the first delta", async () => {
    const { router, opts, called } = setup({ scripts: { "gpt-4o-mini": [{ error: e("content_policy") }] } });
    await expectHttp(collect(router.stream(route("chain:default"), opts())), 422, "content_policy");
    expect(called()).toEqual(["gpt-4o-mini"]);
  });
});

describe("parseFallbackChains", () => {
  it("reads named chains and ignores bad JSON or shapes", () => {
    expect(parseFallbackChains('{"default":["openai:gpt-4o-mini","groq:llama-3.1-8b-instant"]}')).toEqual({
      default: ["openai:gpt-4o-mini", "groq:llama-3.1-8b-instant"],
    });
    expect(parseFallbackChains("")).toEqual({});
    expect(parseFallbackChains("{oops")).toEqual({});
    expect(parseFallbackChains('{"default":"openai:gpt-4o-mini"}')).toEqual({});
  });
});
