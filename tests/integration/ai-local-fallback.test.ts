import { configuredProviders } from "../../functions/src/core/llm/llm-providers";
import { services } from "../../functions/src/services";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { closedPortUrl } from "../support/fakes/llm-fakes";
import { request } from "../support/http";

/**
 * LOCAL_LLM_BASE_URL defaults to Ollama's loopback URL in development only. A developer without a
 * local server still gets answers: the cheapest model (local) fails fast, the router falls back, and
 * the local model's breaker opens so later calls skip it.
 */
const testDb = useTestDatabase("ai_local_fallback");
const saved = { LOCAL_LLM_BASE_URL: process.env.LOCAL_LLM_BASE_URL, ENVIRONMENT: process.env.ENVIRONMENT };
let api: ApiServer;

afterAll(() => {
  Object.assign(process.env, saved);
  resetConfigForTests();
});

describe("LOCAL_LLM_BASE_URL default", () => {
  afterEach(() => {
    process.env.ENVIRONMENT = "development";
    resetConfigForTests();
  });

  it("configures the local provider when unset in development, never in staging or production, and not when set empty", async () => {
    delete process.env.LOCAL_LLM_BASE_URL;
    expect((await configuredProviders()).has("local")).toBe(true);
    for (const environment of ["staging", "production"]) {
      process.env.ENVIRONMENT = environment;
      resetConfigForTests();
      expect((await configuredProviders()).has("local")).toBe(false);
    }
    process.env.ENVIRONMENT = "development";
    resetConfigForTests();
    process.env.LOCAL_LLM_BASE_URL = "";
    expect((await configuredProviders()).has("local")).toBe(false);
  });
});

describe("auto:cheapest in development with an unreachable local server", () => {
  beforeAll(async () => {
    // Nothing listens there: connection refused, as with Ollama not running.
    process.env.LOCAL_LLM_BASE_URL = `${await closedPortUrl()}/v1`;
    api = await startApi();
  });
  afterAll(() => api.close());

  it("answers with the next model, and the local model's breaker opens", async () => {
    const user = await createUser("local-fallback");
    await new MongoCreditLedger(await testDb.db(), () => new Date()).grant({
      uid: user.uid,
      amount: 1_000,
      idempotencyKey: `test:${user.uid}`,
      actor: "system:test",
      reason: "test",
      cause: { kind: "test", id: "local" },
    });
    const generate = () =>
      request(api.baseUrl, "POST", "/ai/generate", {
        token: user.idToken,
        body: { messages: [{ role: "user", content: "hello" }], maxOutputTokens: 50 },
      });

    const first = await generate();
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      model: "demo:echo",
      path: [
        { model: "local:llama3.2", outcome: "error" },
        { model: "local:llama3.2", outcome: "error" },
        { model: "demo:echo", outcome: "ok" },
      ],
    });
    for (let i = 0; i < 2; i++) expect((await generate()).status).toBe(200);
    expect((await services.llmHealth()).breakers.get("local:llama3.2").currentState()).toBe("open");

    const skipped = await generate();
    expect(skipped.status).toBe(200);
    expect(skipped.json.path).toEqual([
      expect.objectContaining({ model: "local:llama3.2", outcome: "skipped_open_breaker" }),
      expect.objectContaining({ model: "demo:echo", outcome: "ok" }),
    ]);
  });
});
