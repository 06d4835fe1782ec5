import { createBreakerPublisher } from "../../functions/src/core/llm/breaker-publisher";
import { BreakerRegistry } from "../../functions/src/core/llm/circuit-breaker";
import { LlmHealthStore } from "../../functions/src/core/llm/llm-health-store";
import { createLlmRouter } from "../../functions/src/core/llm/llm-router";
import type { Completion, LlmProvider, ProviderId, StreamChunk } from "../../functions/src/core/llm/llm-types";
import { LlmError } from "../../functions/src/core/llm/llm-types";
import { buildModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

const testDb = useTestDatabase("monitoring_providers");
let api: ApiServer;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("GET /monitoring/providers", () => {
  it("needs a token", async () => {
    expectErrorBody(await request(api.baseUrl, "GET", "/monitoring/providers"), 401);
  });

  it("is for admins only", async () => {
    const user = await createUser("monitor");
    expectErrorBody(await request(api.baseUrl, "GET", "/monitoring/providers", { token: user.idToken }), 403);
  });

  it("shows every catalog model with this instance's breaker state, error rate and latency percentiles", async () => {
    // The same process serves the API, so the endpoint reads the breakers this test writes.
    const { breakers: instanceBreakers } = await services.llmHealth();
    const mini = instanceBreakers.get("openai:gpt-4o-mini");
    for (const ms of [100, 200, 300, 400]) mini.recordSuccess(ms);
    mini.recordFailure();
    const haiku = instanceBreakers.get("anthropic:claude-3-5-haiku");
    for (let i = 0; i < 5; i++) haiku.recordFailure();

    const admin = await createUserWithRoles(["admin"], "monitor-admin");
    const res = await request(api.baseUrl, "GET", "/monitoring/providers", { token: admin.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ scope: "all_instances", instances: 1, generatedAt: expect.any(String) });
    const providers = res.json.providers.map((p: { provider: string }) => p.provider);
    expect(providers).toEqual(expect.arrayContaining(["openai", "anthropic", "google", "groq", "local"]));
    const models = res.json.providers.flatMap((p: { models: unknown[] }) => p.models);
    expect(models.find((m: { model: string }) => m.model === "openai:gpt-4o-mini")).toEqual({
      model: "openai:gpt-4o-mini",
      provider: "openai",
      enabled: true,
      breaker: "closed",
      consecutiveFailures: 1,
      recent: { windowSeconds: 60, calls: 5, failures: 1, errorRate: 0.2 },
      latencyMs: { ewma: expect.any(Number), p50: 200, p95: 400, samples: 4 },
      openedAt: null,
      retryAt: null,
    });
    expect(models.find((m: { model: string }) => m.model === "anthropic:claude-3-5-haiku")).toMatchObject({
      breaker: "open",
      recent: { calls: 5, failures: 5, errorRate: 1 },
      retryAt: expect.any(String),
    });
    expect(models.find((m: { model: string }) => m.model === "groq:llama-3.3-70b")).toMatchObject({
      breaker: "closed",
      recent: { calls: 0 },
      latencyMs: { p50: null },
    });
  });

  it("merges what other AI instances published to llm_health: worst state wins, counts add up, stale docs are ignored", async () => {
    // Another instance: its own breakers, routing real calls through a router that publishes after each.
    let fail = false;
    const provider = (id: ProviderId): LlmProvider => ({
      id,
      async complete(): Promise<Completion> {
        if (fail) throw new LlmError("server_error", "down", { status: 503 });
        await new Promise((r) => setTimeout(r, 5));
        return { text: "ok", usage: { inputTokens: 1, outputTokens: 1 }, finishReason: "stop" };
      },
      // eslint-disable-next-line require-yield
      async *stream(): AsyncIterable<StreamChunk> {
        throw new LlmError("server_error", "no streaming here");
      },
    });
    const breakers = new BreakerRegistry(Date.now);
    const publisher = createBreakerPublisher({
      breakers,
      store: async () => new LlmHealthStore(await testDb.db()),
      instanceId: "other-instance",
      now: Date.now,
      intervalMs: 0,
    });
    const router = createLlmRouter({
      providers: new Map<ProviderId, LlmProvider>([
        ["openai", provider("openai")],
        ["anthropic", provider("anthropic")],
      ]),
      catalog: buildModelCatalog({ environment: "development" }),
      breakers,
      now: Date.now,
      sleep: async () => undefined,
      random: () => 0,
      fallbackChains: {},
      afterCall: publisher.notify,
    });
    const call = (model: string) =>
      router.run(
        { modelOrPolicy: model, tier: "pro", request: { messages: [{ role: "user", content: "hi" }], maxOutputTokens: 10 } },
        { signal: new AbortController().signal, deadline: Date.now() + 10_000 },
      );
    for (let i = 0; i < 3; i++) {
      await call("openai:gpt-4o-mini");
      await publisher.idle();
    }
    // claude-3-5-haiku opened on this instance in the test above; here it is healthy (closed): open wins.
    await call("anthropic:claude-3-5-haiku");
    await publisher.idle();
    // gpt-4.1 fails here (1 call + 1 retry): a closed breaker with failures.
    fail = true;
    await expect(call("openai:gpt-4.1")).rejects.toMatchObject({ status: 502 });
    await publisher.idle();

    const db = await testDb.db();
    const docs = await db.collection("llm_health").find({ instance_id: "other-instance" }).toArray();
    expect(docs.map((d) => d.model).sort()).toEqual(["anthropic:claude-3-5-haiku", "openai:gpt-4.1", "openai:gpt-4o-mini"]);
    // A stale doc (an instance gone for 10 minutes) and this instance's own published doc are not counted.
    const { instanceId } = await services.llmHealth();
    await db.collection("llm_health").insertMany([
      {
        instance_id: "gone",
        model: "openai:gpt-4o-mini",
        snapshot: { ...docs[0].snapshot, key: "openai:gpt-4o-mini", state: "open" },
        updated_at: new Date(Date.now() - 10 * 60_000),
      },
      {
        instance_id: instanceId,
        model: "openai:gpt-4o-mini",
        snapshot: { ...docs[0].snapshot, key: "openai:gpt-4o-mini", state: "open" },
        updated_at: new Date(),
      },
    ]);

    const admin = await createUserWithRoles(["admin"], "monitor-admin-x");
    const res = await request(api.baseUrl, "GET", "/monitoring/providers", { token: admin.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ scope: "all_instances", instances: 2 });
    const models = res.json.providers.flatMap((p: { models: unknown[] }) => p.models);
    const mini = models.find((m: { model: string }) => m.model === "openai:gpt-4o-mini");
    // This instance: 4 ok (100..400 ms) + 1 failure; the other: 3 ok of ~5 ms.
    expect(mini).toMatchObject({
      breaker: "closed",
      consecutiveFailures: 1,
      recent: { calls: 8, failures: 1, errorRate: 0.125 },
      latencyMs: { p95: 400, samples: 7 },
    });
    expect(mini.latencyMs.p50).toBeGreaterThan(5);
    expect(mini.latencyMs.p50).toBeLessThan(200);
    expect(models.find((m: { model: string }) => m.model === "anthropic:claude-3-5-haiku")).toMatchObject({
      breaker: "open",
      recent: { calls: 6, failures: 5 },
      retryAt: expect.any(String),
    });
    expect(models.find((m: { model: string }) => m.model === "openai:gpt-4.1")).toMatchObject({
      breaker: "closed",
      consecutiveFailures: 2,
      recent: { calls: 2, failures: 2, errorRate: 1 },
    });
  });
});
