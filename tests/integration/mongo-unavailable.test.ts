import { closeMongo } from "../../functions/src/platform/mongo";
import { resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { freePortSync } from "../support/ports";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";

/** MongoDB unreachable: a bounded 503 with Retry-After, never a hang or a leaked driver message. */
let api: ApiServer;
let user: TestUser;

beforeAll(async () => {
  process.env.MONGODB_URI = `mongodb://127.0.0.1:${freePortSync()}/unreachable?directConnection=true&serverMonitoringMode=poll`;
  resetConfigForTests();
  await closeMongo();
  await resetRateLimitersForTests();
  api = await startApi();
  user = await createUser("nodb");
});
afterAll(async () => {
  await api.close();
  await closeMongo();
});

it("answers 503 service_unavailable with Retry-After within the server selection timeout", async () => {
  const started = Date.now();
  const res = await request(api.baseUrl, "GET", "/users/me", { token: user.idToken });
  const elapsed = Date.now() - started;
  expectErrorBody(res, 503, "service_unavailable");
  expect(res.headers.get("retry-after")).toBe("5");
  expect(elapsed).toBeLessThan(8_000);
}, 15_000);

it("reports not ready, naming the mongo check", async () => {
  const res = await request(api.baseUrl, "GET", "/health/ready");
  expectErrorBody(res, 503, "not_ready");
  expect(res.json.error.details.checks).toMatchObject({ config: { ok: true }, mongo: { ok: false, error: "unreachable" } });
}, 15_000);

it("keeps liveness independent of the database", async () => {
  const res = await request(api.baseUrl, "GET", "/health");
  expect(res.status).toBe(200);
});
