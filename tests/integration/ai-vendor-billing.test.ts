import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import type { LedgerEntry } from "../../functions/src/core/credits/ledger-types";
import { setLogSink, type LogFields } from "../../functions/src/platform/logger";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { LlmFake, openAiWire } from "../support/fakes/llm-fakes";
import { expectErrorBody, request } from "../support/http";
import { setTier } from "../support/tiers";

/**
 * A metered endpoint end to end through a real vendor SDK: POST /ai/generate on openai:gpt-4o-mini,
 * the openai SDK talking to a loopback fake of the Chat Completions API, billed from the usage the
 * fake reports. The model is priced (catalogue overrides) at 40,000 / 120,000 µcr per token.
 */
const IN_PRICE = 40_000;
const OUT_PRICE = 120_000;
const fake = new LlmFake(openAiWire);
const ENV = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_CATALOG_OVERRIDES", "LOG_LEVEL"];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
const testDb = useTestDatabase("ai_vendor_billing");
let api: ApiServer;
const logged: { level: string; event: string; fields: LogFields }[] = [];

beforeAll(async () => {
  await fake.start();
  Object.assign(process.env, {
    OPENAI_API_KEY: "sk-test-vendor-billing",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    // The configuration sets the log level from LOG_LEVEL: warnings are asserted on here.
    LOG_LEVEL: "warn",
    LLM_CATALOG_OVERRIDES: JSON.stringify({
      "openai:gpt-4o-mini": { price: { inputMicroCreditsPerToken: IN_PRICE, outputMicroCreditsPerToken: OUT_PRICE } },
    }),
  });
  api = await startApi();
  setLogSink((level, event, fields) => logged.push({ level, event, fields }));
});
afterAll(async () => {
  setLogSink(() => undefined);
  await api.close();
  await fake.close();
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
beforeEach(() => {
  fake.reset();
  logged.length = 0;
});

const db = (): Promise<Db> => testDb.db();
const credits = (inputTokens: number, outputTokens: number) => Math.ceil((inputTokens * IN_PRICE + outputTokens * OUT_PRICE) / 1e6);
const CONTENT = "Translate to French: hello world";
/** 64 + (31 bytes + 8) input tokens and 500 output tokens: the reservation. */
const RESERVED = credits(64 + Buffer.byteLength(CONTENT) + 8, 500);

async function funded(prefix: string, amount = 1_000) {
  const user = await createUser(prefix);
  await new MongoCreditLedger(await db(), () => new Date()).grant({
    uid: user.uid,
    amount,
    idempotencyKey: `test:${user.uid}`,
    actor: "system:test",
    reason: "test",
    cause: { kind: "test", id: "vendor" },
  });
  return user;
}
async function ledger(uid: string) {
  const entries = await (
    await db()
  )
    .collection<LedgerEntry>("transactions")
    .find({ user_id: uid })
    .sort({ created_at: 1, seq: 1 })
    .toArray();
  return {
    balance: entries.reduce((n, e) => n + e.delta_available, 0),
    reserved: entries.reduce((n, e) => n + e.delta_reserved, 0),
    types: entries.map((e) => e.type),
    reservedAmount: entries.find((e) => e.type === "reserve")?.delta_reserved,
  };
}
const generate = (token: string, extra: Record<string, unknown> = {}) =>
  request(api.baseUrl, "POST", "/ai/generate", {
    token,
    body: { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: CONTENT }], maxOutputTokens: 500, ...extra },
  });

async function sse(res: Response) {
  const text = await res.text();
  return text
    .trim()
    .split("\n\n")
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) }));
}
const stream = (token: string) =>
  fetch(`${api.baseUrl}/ai/generate`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "openai:gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: CONTENT }],
      maxOutputTokens: 500,
    }),
  });

it("charges exactly the usage the vendor reports, and reserved the upper bound first", async () => {
  const user = await funded("vendor-ok");
  fake.success = { deltas: ["Bonjour", " le monde"], inputTokens: 370, outputTokens: 110 };
  const res = await generate(user.idToken);
  expect(res.status).toBe(200);
  // 370 × 40,000 + 110 × 120,000 = 28,000,000 µcr = 28 credits; the reservation was 65 (103 × 40,000 + 500 × 120,000 µcr = 64.12 → 65).
  expect([credits(370, 110), RESERVED]).toEqual([28, 65]);
  expect(res.json).toMatchObject({
    text: "Bonjour le monde",
    provider: "openai",
    model: "openai:gpt-4o-mini",
    usage: { inputTokens: 370, outputTokens: 110 },
    cost: { credits: 28 },
  });
  expect(fake.last().body).toMatchObject({ model: "gpt-4o-mini", max_completion_tokens: 500 });
  expect(await ledger(user.uid)).toEqual({ balance: 972, reserved: 0, types: ["grant", "reserve", "settle"], reservedAmount: 65 });
});

it("streams through the SDK and charges the final usage", async () => {
  const user = await funded("vendor-stream");
  fake.success = { deltas: ["Bon", "jour"], inputTokens: 200, outputTokens: 40 };
  const events = await sse(await stream(user.idToken));
  expect(events.map((e) => e.event)).toEqual(["start", "delta", "delta", "done"]);
  expect(events.at(-1)!.data).toMatchObject({ usage: { inputTokens: 200, outputTokens: 40 }, cost: { credits: credits(200, 40) } });
  expect(credits(200, 40)).toBe(13);
  expect(await ledger(user.uid)).toMatchObject({ balance: 987, reserved: 0, reservedAmount: 65 });
});

it("charges only the delivered part when the vendor's stream breaks after the first delta", async () => {
  const user = await funded("vendor-cut");
  fake.success = { deltas: ["Bonjour tout le monde, ", "et encore"], inputTokens: 200, outputTokens: 40 };
  fake.next({ kind: "cut" });
  const events = await sse(await stream(user.idToken));
  expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"]);
  // The likely input of the message (ceil(31 / 3) + 4 = 15 tokens) and 23 characters ≈ 6 output tokens.
  const partial = credits(15, 6);
  expect(partial).toBe(2);
  expect(events[2].data).toMatchObject({ code: "llm_unavailable", cost: { credits: partial } });
  expect(await ledger(user.uid)).toMatchObject({ balance: 1_000 - partial, reserved: 0, types: ["grant", "reserve", "settle"] });
});

it("releases everything when the vendor fails, and says so without the vendor's text", async () => {
  const user = await funded("vendor-500");
  fake.next({ kind: "status", status: 500, body: { error: { message: "internal trace id abc-SECRET-123", type: "server_error" } } });
  fake.next({ kind: "status", status: 500, body: { error: { message: "internal trace id abc-SECRET-123", type: "server_error" } } });
  const res = await generate(user.idToken);
  expectErrorBody(res, 502, "all_providers_failed");
  expect(res.text).not.toContain("SECRET");
  expect(await ledger(user.uid)).toMatchObject({ balance: 1_000, reserved: 0, types: ["grant", "reserve", "release"] });
});

it("compares a failing vendor beside a working model: the failure is reported for that model, the other is answered and paid alone", async () => {
  const user = await funded("vendor-compare");
  // A model no other test here calls (a pro one): its breaker starts closed and is left to itself.
  await setTier(user.uid, "pro");
  const failure = {
    kind: "status",
    status: 500,
    body: { error: { message: "internal trace id abc-SECRET-123", type: "server_error" } },
  } as const;
  fake.next(failure);
  fake.next(failure);
  const res = await request(api.baseUrl, "POST", "/ai/compare", {
    token: user.idToken,
    body: { models: ["openai:gpt-4.1-mini", "demo:echo"], messages: [{ role: "user", content: CONTENT }], maxOutputTokens: 500 },
  });
  expect(res.status).toBe(200);
  expect(res.json.results).toEqual([
    { requested: "openai:gpt-4.1-mini", ok: false, error: { code: "all_providers_failed", message: expect.any(String) } },
    expect.objectContaining({
      requested: "demo:echo",
      ok: true,
      result: expect.objectContaining({ model: "demo:echo", cost: { credits: expect.any(Number) } }),
    }),
  ]);
  expect(res.text).not.toContain("SECRET");
  const charged = res.json.results[1].result.cost.credits as number;
  expect(charged).toBeGreaterThan(0);
  const sum = await ledger(user.uid);
  expect({ balance: sum.balance, reserved: sum.reserved, types: [...sum.types].sort() }).toEqual({
    balance: 1_000 - charged,
    reserved: 0,
    types: ["grant", "release", "reserve", "reserve", "settle"],
  });
});

it("maps a vendor's 400 to our codes and keeps its text (which may carry secrets or the prompt) in our logs only", async () => {
  const user = await funded("vendor-400");
  fake.next({
    kind: "status",
    status: 400,
    body: {
      error: {
        message: "Invalid value for org org-SECRETORG: the prompt 'Translate to French' is not allowed here",
        type: "invalid_request_error",
      },
    },
  });
  const rejected = await generate(user.idToken);
  expectErrorBody(rejected, 400, "provider_rejected_request");
  expect(rejected.text).not.toMatch(/SECRETORG|Translate to French/);
  expect(logged).toContainEqual(
    expect.objectContaining({
      event: "llm_attempt_failed",
      fields: expect.objectContaining({ vendorMessage: expect.stringContaining("SECRETORG") }),
    }),
  );

  fake.next({
    kind: "status",
    status: 400,
    body: {
      error: {
        message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        type: "invalid_request_error",
        code: "context_length_exceeded",
      },
    },
  });
  const tooLong = await generate(user.idToken);
  expectErrorBody(tooLong, 400, "too_many_tokens");
  expect(tooLong.text).not.toContain("130000");
  expect(await ledger(user.uid)).toMatchObject({ balance: 1_000, reserved: 0 });
});

it("charges the reservation and records a shortfall with an alert when the vendor bills more than the upper bound", async () => {
  const user = await funded("vendor-over");
  fake.success = { deltas: ["way too long"], inputTokens: 5_000, outputTokens: 500 };
  const res = await generate(user.idToken);
  expect(res.status).toBe(200);
  // 5,000 × 40,000 + 500 × 120,000 µcr = 260 credits reported; 65 reserved, so 65 charged and 195 uncollected.
  expect(res.json.cost).toEqual({ credits: RESERVED });
  const sum = await ledger(user.uid);
  expect(sum).toMatchObject({ balance: 1_000 - RESERVED, reserved: 0, types: ["grant", "reserve", "settle", "shortfall"] });
  const [shortfall] = await (await db()).collection<LedgerEntry>("transactions").find({ user_id: user.uid, type: "shortfall" }).toArray();
  expect(shortfall.meta).toMatchObject({ reserved: RESERVED, requested: 260, uncollected: 260 - RESERVED, model: "openai:gpt-4o-mini" });
  expect(logged).toContainEqual(
    expect.objectContaining({
      level: "error",
      event: "credits_settle_shortfall",
      fields: expect.objectContaining({ uid: user.uid, uncollected: 260 - RESERVED }),
    }),
  );
});

it("reserves enough for token-dense text (emoji, CJK, math symbols) billed at one token per byte", async () => {
  const user = await funded("vendor-dense", 5_000);
  const content = "🙂".repeat(50) + "日本語のテキスト".repeat(20) + "∑∫√≈≠".repeat(30);
  // The worst a byte-level BPE tokenizer can do: one token per UTF-8 byte, plus the chat format's few tokens; the whole output budget.
  const inputTokens = Buffer.byteLength(content, "utf8") + 7;
  fake.success = { deltas: ["ok"], inputTokens, outputTokens: 500 };
  const res = await request(api.baseUrl, "POST", "/ai/generate", {
    token: user.idToken,
    body: { model: "openai:gpt-4o-mini", messages: [{ role: "user", content }], maxOutputTokens: 500 },
  });
  expect(res.status).toBe(200);
  expect(res.json.cost).toEqual({ credits: credits(inputTokens, 500) });
  const sum = await ledger(user.uid);
  expect(sum.types).toEqual(["grant", "reserve", "settle"]);
  expect(sum.reservedAmount).toBeGreaterThanOrEqual(credits(inputTokens, 500));
  expect(sum).toMatchObject({ balance: 5_000 - credits(inputTokens, 500), reserved: 0 });
});
