import { instanceBreakers } from "../../functions/src/core/llm/circuit-breaker";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";

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
    const mini = instanceBreakers.get("openai:gpt-4o-mini");
    for (const ms of [100, 200, 300, 400]) mini.recordSuccess(ms);
    mini.recordFailure();
    const haiku = instanceBreakers.get("anthropic:claude-3-5-haiku");
    for (let i = 0; i < 5; i++) haiku.recordFailure();

    const admin = await createUserWithRoles(["admin"], "monitor-admin");
    const res = await request(api.baseUrl, "GET", "/monitoring/providers", { token: admin.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ scope: "instance", generatedAt: expect.any(String) });
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
    expect(models.find((m: { model: string }) => m.model === "groq:llama-3.3-70b")).toMatchObject({ breaker: "closed", recent: { calls: 0 }, latencyMs: { p50: null } });
  });
});
