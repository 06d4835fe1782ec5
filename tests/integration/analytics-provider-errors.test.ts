import type { Db } from "mongodb";
import { runRollup } from "../../functions/src/core/analytics/rollup";
import { BreakerRegistry } from "../../functions/src/core/llm/circuit-breaker";
import { configuredProviders } from "../../functions/src/core/llm/llm-providers";
import { abortableSleep, createLlmRouter } from "../../functions/src/core/llm/llm-router";
import { getModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { LlmFake, openAiWire } from "../support/fakes/llm-fakes";
import { request } from "../support/http";

/**
 * Failed model calls in the platform series: POST /ai/generate through the real openai SDK against a
 * loopback fake that answers, times out (the SDK's timeout, shortened to 300 ms), fails with 500s and
 * then finds the model's breaker open. Each call's usage record names the provider and model that
 * failed and carries its attempts, so the admins' series show calls, errors and error codes per
 * provider/model, every vendor attempt, and the calls the open breaker skipped.
 */
const fake = new LlmFake(openAiWire);
const ENV = ["OPENAI_API_KEY", "OPENAI_BASE_URL"];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const testDb = useTestDatabase("analytics_provider_errors");
const HOUR = 3_600_000;
let api: ApiServer;
let restore: () => void;
let user: TestUser;
let admin: TestUser;
const statuses: number[] = [];

beforeAll(async () => {
  await fake.start();
  Object.assign(process.env, { OPENAI_API_KEY: "sk-test-analytics-errors", OPENAI_BASE_URL: `${fake.url}/v1` });
  // The deployed router with its own breakers, no backoff jitter, and a short vendor timeout.
  const router = createLlmRouter({
    providers: await configuredProviders({ timeoutMs: 300 }),
    catalog: await getModelCatalog(),
    breakers: new BreakerRegistry(() => Date.now()),
    now: () => Date.now(),
    sleep: abortableSleep,
    random: () => 0,
    fallbackChains: {},
  });
  restore = overrideServicesForTests({ llm: async () => router });
  api = await startApi();
  [user, admin] = await Promise.all([createUser("errors-user"), createUserWithRoles(["admin"], "errors-admin")]);
  await new MongoCreditLedger(await testDb.db(), () => new Date()).grant({
    uid: user.uid,
    amount: 1_000,
    idempotencyKey: `test:${user.uid}`,
    actor: "system:test",
    reason: "test",
    cause: { kind: "test", id: "errors" },
  });
  const generate = async () =>
    (
      await request(api.baseUrl, "POST", "/ai/generate", {
        token: user.idToken,
        body: { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "hi" }], maxOutputTokens: 50 },
      })
    ).status;
  statuses.push(await generate()); // answered
  fake.next({ kind: "hang" });
  fake.next({ kind: "hang" });
  statuses.push(await generate()); // two timeouts (attempt + retry): 2 breaker failures
  fake.next({ kind: "status", status: 500 });
  fake.next({ kind: "status", status: 500 });
  statuses.push(await generate()); // two 500s: 4 failures
  fake.next({ kind: "status", status: 500 });
  statuses.push(await generate()); // the 5th failure opens the breaker: no retry
  statuses.push(await generate()); // breaker open: not called at all
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  await runRollup(
    { usage, events, rollups, daily, state, findings },
    { now: new Date(Date.now() + 1_000), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: "errors" },
  );
}, 60_000);
afterAll(async () => {
  await api.close();
  restore();
  await fake.close();
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const range = () =>
  `from=${new Date(Date.now() - 24 * HOUR).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}&granularity=month`;
const platform = async (query: string) => {
  const res = await request(api.baseUrl, "GET", `/analytics/platform?${query}&${range()}&timeZone=UTC`, { token: admin.idToken });
  expect(res.status).toBe(200);
  const byGroup: Record<string, Record<string, number | null>> = {};
  for (const row of res.json.rows) {
    const key = JSON.stringify(row.group);
    byGroup[key] ??= {};
    for (const [metric, value] of Object.entries(row.values as Record<string, number | null>)) {
      byGroup[key][metric] = (byGroup[key][metric] ?? 0) + (value ?? 0);
    }
  }
  return byGroup;
};

it("answers, then fails with timeouts, 500s and an open breaker", () => {
  expect(statuses).toEqual([200, 502, 502, 502, 503]);
});

it("records every failed call with the provider and model that failed, and its attempts", async () => {
  const db: Db = await testDb.db();
  const records = await db.collection("usage_events").find({ uid: user.uid }).sort({ recorded_at: 1 }).toArray();
  expect(records.map((r) => [r.outcome, r.error_code, r.provider, r.model, r.path.map((a: { outcome: string }) => a.outcome)])).toEqual([
    ["ok", null, "openai", "openai:gpt-4o-mini", ["ok"]],
    ["error", "all_providers_failed", "openai", "openai:gpt-4o-mini", ["error", "error"]],
    ["error", "all_providers_failed", "openai", "openai:gpt-4o-mini", ["error", "error"]],
    ["error", "all_providers_failed", "openai", "openai:gpt-4o-mini", ["error"]],
    ["error", "providers_unavailable", "openai", "openai:gpt-4o-mini", ["skipped_open_breaker"]],
  ]);
  // The timed-out attempts took the vendor timeout (300 ms) each.
  expect(records[1].path.every((a: { latencyMs: number }) => a.latencyMs >= 250)).toBe(true);
});

it("shows calls, errors and the error rate per provider and model, and errors by code", async () => {
  expect(await platform("metric=calls,errors,error_rate&groupBy=provider,model")).toEqual({
    [JSON.stringify({ provider: "openai", model: "openai:gpt-4o-mini" })]: { calls: 5, errors: 4, error_rate: 0.8 },
  });
  expect(await platform("metric=errors&groupBy=errorCode")).toEqual({
    [JSON.stringify({ errorCode: null })]: { errors: 0 },
    [JSON.stringify({ errorCode: "all_providers_failed" })]: { errors: 3 },
    [JSON.stringify({ errorCode: "providers_unavailable" })]: { errors: 1 },
  });
});

it("shows every vendor attempt (their error rate and latency) and the calls an open breaker skipped", async () => {
  const [row] = Object.values(await platform("metric=attempts,attempt_errors,attempt_error_rate,breaker_skips,attempt_latency_ms_avg"));
  expect(row).toMatchObject({ attempts: 6, attempt_errors: 5, attempt_error_rate: 0.8333, breaker_skips: 1 });
  // Two of the six attempts waited out the 300 ms timeout.
  expect(row.attempt_latency_ms_avg).toBeGreaterThanOrEqual(Math.floor((2 * 250) / 6));
});
