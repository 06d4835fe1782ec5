import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { costCredits } from "../../functions/src/core/llm/llm-router-types";
import { DEMO_MODELS, demoCompletion } from "../../functions/src/core/llm/providers/demo-provider";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/** POST /ai/compare: each model reserved, settled and recorded on its own; partial results. */
const testDb = useTestDatabase("ai_compare");
let api: ApiServer;
const echo = DEMO_MODELS.find((m) => m.id === "demo:echo")!;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const db = (): Promise<Db> => testDb.db();

it("runs every model, pays only for the ones that answered and reports the others' errors", async () => {
  const user = await createUser("compare");
  const ledger = new MongoCreditLedger(await db(), () => new Date());
  await ledger.grant({
    uid: user.uid,
    amount: 50,
    idempotencyKey: `test:${user.uid}`,
    actor: "system:test",
    reason: "test",
    cause: { kind: "test", id: "compare" },
  });
  const messages = [{ role: "user" as const, content: "Compare me" }];
  const res = await request(api.baseUrl, "POST", "/ai/compare", {
    token: user.idToken,
    body: { models: ["demo:echo", "demo:echo-large", "openai:nope"], messages, maxOutputTokens: 100 },
  });
  expect(res.status).toBe(200);
  const expected = demoCompletion({ model: echo.vendorModel, messages, maxOutputTokens: 100 });
  const credits = costCredits(echo, expected.usage);
  expect(res.json.results).toEqual([
    expect.objectContaining({
      requested: "demo:echo",
      ok: true,
      result: expect.objectContaining({ text: expected.text, cost: { credits } }),
    }),
    expect.objectContaining({ requested: "demo:echo-large", ok: false, error: expect.objectContaining({ code: "model_not_allowed" }) }),
    expect.objectContaining({ requested: "openai:nope", ok: false, error: expect.objectContaining({ code: "unknown_model" }) }),
  ]);
  const account = await ledger.account(user.uid);
  expect({ balance: account.balance, reserved: account.reserved }).toEqual({ balance: 50 - credits, reserved: 0 });
  expect(await (await db()).collection("usage_events").countDocuments({ uid: user.uid, operation: "compare", outcome: "ok" })).toBe(1);
});

it("rejects a single model or more than four with 400", async () => {
  const user = await createUser("compare-bad");
  for (const models of [["demo:echo"], ["a:1", "a:2", "a:3", "a:4", "a:5"], ["demo:echo", "demo:echo"]]) {
    const res = await request(api.baseUrl, "POST", "/ai/compare", {
      token: user.idToken,
      body: { models, messages: [{ role: "user", content: "x" }] },
    });
    expectErrorBody(res, 400, "validation_failed");
  }
});
