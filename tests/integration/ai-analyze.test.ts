import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { overrideServicesForTests } from "../../functions/src/services";
import { costCredits, estimateInputTokens } from "../../functions/src/core/llm/llm-router-types";
import { DEMO_MODELS } from "../../functions/src/core/llm/providers/demo-provider";
import { startApi, type ApiServer } from "../support/api-server";
import { scriptedRouter } from "../support/scripted-router";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/** POST /ai/analyze and /ai/enhance with a scripted router: model JSON is validated, retried once, never passed through. */
const testDb = useTestDatabase("ai_analyze");
const echo = DEMO_MODELS[0];
const usage = { inputTokens: 100, outputTokens: 50 };
const { router, state } = scriptedRouter(echo, usage);
let api: ApiServer;
const restore = overrideServicesForTests({ llm: async () => router });

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  restore();
  await api.close();
});

async function fundedUser(amount = 100) {
  const user = await createUser("analyze");
  await new MongoCreditLedger(await testDb.db(), () => new Date()).grant({
    uid: user.uid,
    amount,
    idempotencyKey: `t:${user.uid}`,
    actor: "system:test",
    reason: "t",
    cause: { kind: "test", id: "a" },
  });
  return user;
}
const balance = async (uid: string) => (await new MongoCreditLedger(await testDb.db(), () => new Date()).account(uid)).balance;
const perCall = costCredits(echo, usage);
const valid = { clarity: 7, specificity: 5, structure: 6, safety: 10, suggestions: ["Name the audience"] };

it("scores a prompt from validated model JSON and estimates one run's cost", async () => {
  const user = await fundedUser();
  state.answers = ["```json\n" + JSON.stringify(valid) + "\n```"];
  const res = await request(api.baseUrl, "POST", "/ai/analyze", { token: user.idToken, body: { prompt: "Write a haiku about {{topic}}" } });
  expect(res.status).toBe(200);
  const inputTokens = estimateInputTokens({ messages: [{ role: "user", content: "Write a haiku about {{topic}}" }] });
  expect(res.json).toEqual({
    scores: { clarity: 7, specificity: 5, structure: 6, safety: 10 },
    suggestions: ["Name the audience"],
    estimatedCostPerRun: { credits: costCredits(echo, { inputTokens, outputTokens: 512 }), model: echo.id, inputTokens, outputTokens: 512 },
    call: { model: echo.id, usage, cost: { credits: perCall }, attempts: 1 },
  });
  expect(await balance(user.uid)).toBe(100 - perCall);
});

it("retries invalid JSON once", async () => {
  const user = await fundedUser();
  state.answers = ["Sure! Here is my analysis.", JSON.stringify(valid)];
  const res = await request(api.baseUrl, "POST", "/ai/analyze", { token: user.idToken, body: { prompt: "p" } });
  expect(res.status).toBe(200);
  expect(res.json.call).toMatchObject({ attempts: 2, cost: { credits: 2 * perCall } });
});

it.each([
  ["not JSON", ["nope", "still nope"]],
  ["out-of-range scores", [JSON.stringify({ ...valid, clarity: 11 }), JSON.stringify({ ...valid, safety: -1 })]],
  ["extra fields", [JSON.stringify({ ...valid, html: "<script>" }), JSON.stringify({ ...valid, html: "<script>" })]],
])("answers 502 after two invalid answers (%s) and never passes them through", async (_what, answers) => {
  const user = await fundedUser();
  state.answers = [...answers];
  const res = await request(api.baseUrl, "POST", "/ai/analyze", { token: user.idToken, body: { prompt: "p" } });
  expectErrorBody(res, 502, "invalid_model_output");
  expect(res.text).not.toMatch(/nope|script|clarity/);
});

it("enhances a prompt and lists the changes", async () => {
  const user = await fundedUser();
  state.answers = [
    JSON.stringify({ prompt: "Write a 3-line haiku about {{topic}} for children.", changes: ["Added audience", "Fixed length"] }),
  ];
  const res = await request(api.baseUrl, "POST", "/ai/enhance", { token: user.idToken, body: { prompt: "haiku {{topic}}" } });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    prompt: "Write a 3-line haiku about {{topic}} for children.",
    changes: ["Added audience", "Fixed length"],
    call: { attempts: 1 },
  });
  state.answers = ["{}", JSON.stringify({ prompt: "x", changes: [] })];
  const bad = await request(api.baseUrl, "POST", "/ai/enhance", { token: user.idToken, body: { prompt: "haiku" } });
  expectErrorBody(bad, 502, "invalid_model_output");
});
