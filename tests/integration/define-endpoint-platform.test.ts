import { defineEndpoint, UNAUTHENTICATED_RATE_LIMIT } from "../../functions/src/platform/define-endpoint";
import { setLogSink } from "../../functions/src/platform/logger";
import { REGION } from "../../functions/src/platform/region";
import { routes } from "../../functions/src/routes";
import { platformDeps } from "../../functions/src/services";
import { serveHandler, type ApiServer } from "../support/api-server";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/**
 * defineEndpoint wired with the platform's real dependencies (config, the database-backed stores, the
 * in-memory local limiter): the pipeline's unit tests (tests/unit/define-endpoint.test.ts) use fakes.
 */
beforeAll(() => setLogSink(() => undefined));
afterAll(() => setLogSink(undefined));

const servers: ApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("defineEndpoint with the real platform dependencies", () => {
  const env = { ...process.env };
  const testDb = useTestDatabase("define_endpoint");
  afterAll(async () => {
    process.env = env;
    const { resetConfigForTests } = await import("../../functions/src/platform/config");
    resetConfigForTests();
  });

  it("declares a public 2nd gen HTTPS function with its secrets and limits", () => {
    const fn = defineEndpoint("usersMe", routes.usersMe, platformDeps()) as unknown as { __endpoint: Record<string, unknown> };
    expect(fn.__endpoint).toMatchObject({
      platform: "gcfv2",
      region: [REGION],
      concurrency: 80,
      cpu: 1,
      availableMemoryMb: 256,
      timeoutSeconds: 30,
      httpsTrigger: { invoker: ["public"] },
      secretEnvironmentVariables: [{ key: "MONGODB_URI" }],
    });
    const health = defineEndpoint("health", routes.health, platformDeps()) as unknown as { __endpoint: Record<string, unknown> };
    expect(health.__endpoint.secretEnvironmentVariables).toEqual([]);
  });

  it("serves a public operation end to end (config, local limiter, lazy handler)", async () => {
    const api = await serveHandler(defineEndpoint("health", routes.health, platformDeps()) as never);
    servers.push(api);
    const res = await request(api.baseUrl, "GET", "/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", service: "promptforge-api", environment: "development" });
  });

  it("lets a Reply override Cache-Control", async () => {
    const api = await serveHandler(defineEndpoint("openapi", routes.openapi, platformDeps()) as never);
    servers.push(api);
    const res = await request(api.baseUrl, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect((res.json as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("rejects a user operation without a token, after counting it against the caller's address", async () => {
    const api = await serveHandler(defineEndpoint("usersMe", routes.usersMe, platformDeps()) as never);
    servers.push(api);
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < UNAUTHENTICATED_RATE_LIMIT.points; i++) {
      expectErrorBody(await request(api.baseUrl, "GET", "/users/me", { headers: from("203.0.113.9") }), 401, "unauthenticated");
    }
    expectErrorBody(await request(api.baseUrl, "GET", "/users/me", { headers: from("203.0.113.9") }), 429, "rate_limited");
    expectErrorBody(await request(api.baseUrl, "GET", "/users/me", { headers: from("203.0.113.10") }), 401, "unauthenticated");
    // Counted in the instance's memory: no round trip to the shared store on any signed-in request.
    const counters = await (
      await testDb.db()
    )
      .collection("rate_limits")
      .find({ key: /^rl:unauthenticated:ip:/ })
      .toArray();
    expect(counters).toHaveLength(0);
  });
});
