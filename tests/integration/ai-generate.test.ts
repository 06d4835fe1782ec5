import type { Db } from "mongodb";
import { overrideServicesForTests } from "../../functions/src/services";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { estimateInputTokens, type LlmRouter } from "../../functions/src/core/llm/llm-router-types";
import { LlmError } from "../../functions/src/core/llm/llm-types";
import { DEMO_MODELS, demoCompletion } from "../../functions/src/core/llm/providers/demo-provider";
import { startApi, type ApiServer } from "../support/api-server";
import type { TierId } from "../../functions/src/core/billing/catalog";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { setTier } from "../support/tiers";

/**
 * POST /ai/generate over real HTTP with real emulator tokens, paid through the real ledger, answered
 * by the development-only demo model (deterministic: text and usage are predictable).
 *
 * The demo model is priced through the catalogue overrides at $30 / $90 per million tokens (30,000 and
 * 90,000 µcr per token), so that the reservation (input upper bound + whole output budget), the
 * actual cost and the cost of a part delivered before a stream broke are all different amounts: a
 * handler that charged the reservation, or the full answer for a partial one, fails these tests.
 */
const IN_PRICE = 30_000;
const OUT_PRICE = 90_000;
const savedOverrides = process.env.LLM_CATALOG_OVERRIDES;
process.env.LLM_CATALOG_OVERRIDES = JSON.stringify({
  "demo:echo": { price: { inputMicroCreditsPerToken: IN_PRICE, outputMicroCreditsPerToken: OUT_PRICE } },
});
const testDb = useTestDatabase("ai_generate");
let api: ApiServer;
const echo = DEMO_MODELS.find((m) => m.id === "demo:echo")!;
const cause = { kind: "test", id: "ai" };

/** Credits for a usage at the test prices, computed here (not with the code under test). */
const credits = (usage: { inputTokens: number; outputTokens: number }) =>
  Math.ceil((usage.inputTokens * IN_PRICE + usage.outputTokens * OUT_PRICE) / 1_000_000);
/** The reservation: every UTF-8 byte of the messages as a token, 8 per message, 64 per request, plus the whole output budget. */
const reservation = (contents: string[], maxOutputTokens: number) =>
  credits({ inputTokens: 64 + contents.reduce((n, c) => n + Buffer.byteLength(c, "utf8") + 8, 0), outputTokens: maxOutputTokens });

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  if (savedOverrides === undefined) delete process.env.LLM_CATALOG_OVERRIDES;
  else process.env.LLM_CATALOG_OVERRIDES = savedOverrides;
});

async function db(): Promise<Db> {
  return testDb.db();
}
async function fund(uid: string, amount: number): Promise<void> {
  await new MongoCreditLedger(await db(), () => new Date()).grant({
    uid,
    amount,
    idempotencyKey: `test:${uid}:${amount}:${Math.random()}`,
    actor: "system:test",
    reason: "test",
    cause,
  });
}
async function account(uid: string) {
  const a = await new MongoCreditLedger(await db(), () => new Date()).account(uid);
  return { balance: a.balance, reserved: a.reserved };
}
async function ledgerSum(uid: string) {
  const entries = await (await db()).collection("transactions").find({ user_id: uid }).sort({ created_at: 1, seq: 1 }).toArray();
  return {
    balance: entries.reduce((n, e) => n + e.delta_available, 0),
    reserved: entries.reduce((n, e) => n + e.delta_reserved, 0),
    types: entries.map((e) => e.type),
    reservedAmounts: entries.filter((e) => e.type === "reserve").map((e) => e.delta_reserved),
  };
}
/** A user whose stored tier (what tier-sync keeps, and what limits follow) is `tier`. */
async function userOnTier(tier: TierId, prefix: string): Promise<TestUser> {
  const user = await createUser(prefix);
  await setTier(user.uid, tier, await db());
  return user;
}
const generate = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  request(api.baseUrl, "POST", "/ai/generate", { token, body, headers });

/** Reads an SSE response into events; `stopAfter` aborts the request once that many events arrived. */
async function readSse(res: Response, stopAfter?: { count: number; abort: AbortController }) {
  const events: { event: string; data: any }[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null");
        events.push({ event, data });
        if (stopAfter && events.length >= stopAfter.count) {
          stopAfter.abort.abort();
          return events;
        }
      }
    }
  } catch (err) {
    if (!stopAfter) throw err;
  }
  return events;
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("POST /ai/generate", () => {
  it("reserves the upper bound, charges exactly tokens × price and records usage without the prompt text", async () => {
    const user = await createUser("gen");
    await fund(user.uid, 100);
    const content = "Summarize the plot of Hamlet in one sentence, secret-marker-42.";
    const res = await generate(
      user.idToken,
      { model: "demo:echo", messages: [{ role: "user", content }], maxOutputTokens: 200 },
      { "x-request-id": `req-${user.uid}` },
    );
    expect(res.status).toBe(200);
    const expected = demoCompletion({ model: echo.vendorModel, messages: [{ role: "user", content }], maxOutputTokens: 200 });
    // 25 input × 30,000 + 24 output × 90,000 µcr = 2.91 credits → 3; the reservation is 23 (135 tokens × 30,000 + 200 × 90,000 = 22.05).
    expect(expected.usage).toEqual({ inputTokens: 25, outputTokens: 24 });
    const charged = credits(expected.usage);
    expect([charged, reservation([content], 200)]).toEqual([3, 23]);
    expect(res.json).toMatchObject({
      text: expected.text,
      provider: "demo",
      model: "demo:echo",
      usage: expected.usage,
      cost: { credits: 3 },
      path: [{ model: "demo:echo", outcome: "ok" }],
    });
    expect(expected.usage.inputTokens).toBe(estimateInputTokens({ messages: [{ role: "user", content }] }));
    expect(await account(user.uid)).toEqual({ balance: 97, reserved: 0 });
    const sum = await ledgerSum(user.uid);
    expect(sum).toMatchObject({ balance: 97, reserved: 0, types: ["grant", "reserve", "settle"], reservedAmounts: [23] });

    const events = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: "generate",
      request_id: `req-${user.uid}`,
      provider: "demo",
      model: "demo:echo",
      input_tokens: expected.usage.inputTokens,
      output_tokens: expected.usage.outputTokens,
      credits: charged,
      outcome: "ok",
      prompt_id: null,
    });
    expect(JSON.stringify(events[0])).not.toContain("secret-marker-42");
  });

  it("renders a stored prompt version with variables and records the prompt and version", async () => {
    const user = await createUser("gen-prompt");
    await fund(user.uid, 100);
    const created = await request(api.baseUrl, "POST", "/prompts", {
      token: user.idToken,
      body: { title: "Greeter", type: "text", template: "Say hi to {{name}} marker-77" },
    });
    expect(created.status).toBe(201);
    const promptId = created.json.id ?? created.json.prompt?.id;
    const res = await generate(user.idToken, { prompt: { promptId, variables: { name: "Ada" } }, maxOutputTokens: 100 });
    expect(res.status).toBe(200);
    expect(res.json.text).toContain("Say hi to Ada");
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ prompt_id: promptId, prompt_version: 1, outcome: "ok" });
    expect(JSON.stringify(event)).not.toMatch(/marker-77|Ada/);
  });

  it("never lets concurrent calls reserve more than the balance, and charges each its exact cost", async () => {
    const user = await userOnTier("enterprise", "concurrent");
    const body = { model: "demo:echo", messages: [{ role: "user" as const, content: "hi" }], maxOutputTokens: 1 };
    const each = credits(demoCompletion({ ...body, model: echo.vendorModel }).usage);
    const reserve = reservation(["hi"], 1);
    expect([each, reserve]).toEqual([1, 3]);
    await fund(user.uid, 37 * reserve);
    const results = await Promise.all(Array.from({ length: 200 }, () => generate(user.idToken, body)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    // At least the calls the balance covers at their reservation; settled calls free credits for later ones.
    expect(ok.length).toBeGreaterThanOrEqual(37);
    for (const r of ok) expect(r.json.cost).toEqual({ credits: each });
    for (const r of refused) expectErrorBody(r, 402, "insufficient_credits");
    const after = await account(user.uid);
    expect(after).toEqual({ balance: 37 * reserve - ok.length * each, reserved: 0 });
    expect(after.balance).toBeGreaterThanOrEqual(0);
    const sum = await ledgerSum(user.uid);
    expect({ balance: sum.balance, reserved: sum.reserved }).toEqual(after);
    expect(await (await db()).collection("usage_events").countDocuments({ uid: user.uid, outcome: "ok" })).toBe(ok.length);
  }, 60_000);

  it("refuses a call the balance cannot cover with 402 and moves nothing", async () => {
    const user = await createUser("broke");
    const res = await generate(user.idToken, { messages: [{ role: "user", content: "hello" }] });
    expectErrorBody(res, 402, "insufficient_credits");
    expect(await account(user.uid)).toEqual({ balance: 0, reserved: 0 });
  });

  it.each([
    ["an unknown model", { model: "openai:gpt-imaginary" }, 400, "unknown_model"],
    ["more output tokens than the tier allows", { maxOutputTokens: 2_000 }, 400, "max_tokens_exceeded"],
    [
      "a parameter the model cannot honour",
      { responseFormat: { type: "json_schema", name: "x", schema: {} } },
      400,
      "unsupported_parameter",
    ],
    ["an unknown parameter", { top_k: 5 }, 400, "validation_failed"],
    ["both messages and a prompt", { prompt: { promptId: "0123456789abcdef01234567" } }, 400, "validation_failed"],
    ["a model outside the tier", { model: "demo:echo-large" }, 403, "model_not_allowed"],
  ])("rejects %s before any credit moves", async (_what, extra, status, code) => {
    const user = await createUser("bad");
    await fund(user.uid, 50);
    const res = await generate(user.idToken, { model: "demo:echo", messages: [{ role: "user", content: "hello" }], ...extra });
    expectErrorBody(res, status, code);
    expect(await account(user.uid)).toEqual({ balance: 50, reserved: 0 });
    expect((await ledgerSum(user.uid)).types).toEqual(["grant"]);
  });

  it("limits requests per minute to the caller's tier", async () => {
    const user = await createUser("rate");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await generate(user.idToken, { bogus: true })).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("POST /ai/generate with stream: true", () => {
  const streamCall = (token: string, content: string, signal?: AbortSignal) =>
    fetch(`${api.baseUrl}/ai/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "demo:echo", stream: true, messages: [{ role: "user", content }], maxOutputTokens: 500 }),
      signal,
    });

  it("streams start, deltas and a final done with usage and cost, and settles it", async () => {
    const user = await createUser("stream");
    await fund(user.uid, 100);
    const content = "Stream me a short echo please.";
    const res = await streamCall(user.idToken, content);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    const expected = demoCompletion({ model: echo.vendorModel, messages: [{ role: "user", content }], maxOutputTokens: 500 });
    const charged = credits(expected.usage);
    expect([charged, reservation([content], 500)]).toEqual([2, 49]);
    expect(events[0]).toMatchObject({ event: "start", data: { provider: "demo", model: "demo:echo" } });
    expect(
      events
        .filter((e) => e.event === "delta")
        .map((e) => e.data.text)
        .join(""),
    ).toBe(expected.text);
    expect(events.at(-1)).toMatchObject({
      event: "done",
      data: { usage: expected.usage, cost: { credits: charged }, provider: "demo", model: "demo:echo" },
    });
    expect(await account(user.uid)).toEqual({ balance: 100 - charged, reserved: 0 });
    expect((await ledgerSum(user.uid)).reservedAmounts).toEqual([49]);
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ stream: true, outcome: "ok", credits: charged });
  });

  it("aborts upstream when the client disconnects and settles what was delivered", async () => {
    const user = await createUser("disconnect");
    await fund(user.uid, 1_000);
    const abort = new AbortController();
    const res = await streamCall(user.idToken, "x".repeat(2_000), abort.signal);
    const events = await readSse(res, { count: 2, abort });
    expect(events.map((e) => e.event)).toEqual(["start", "delta"]);
    const after = await waitFor(
      () => ledgerSum(user.uid),
      (s) => s.types.includes("settle") || s.types.includes("release"),
    );
    expect(after.types).toEqual(["grant", "reserve", "settle"]);
    expect(after.reserved).toBe(0);
    const event = await waitFor(
      () => db().then((d) => d.collection("usage_events").findOne({ uid: user.uid })),
      (e) => e !== null,
    );
    expect(event).toMatchObject({ outcome: "aborted", stream: true });
    const full = demoCompletion({
      model: echo.vendorModel,
      messages: [{ role: "user", content: "x".repeat(2_000) }],
      maxOutputTokens: 500,
    });
    expect(event!.output_tokens).toBeLessThan(full.usage.outputTokens);
    // The delivered part: the likely input and ~4 characters per delivered output token, at the model's prices.
    expect(event!.input_tokens).toBe(estimateInputTokens({ messages: [{ role: "user", content: "x".repeat(2_000) }] }));
    const partial = credits({ inputTokens: event!.input_tokens, outputTokens: event!.output_tokens });
    expect(event!.credits).toBe(partial);
    expect(1_000 - after.balance).toBe(partial);
    expect(partial).toBeLessThan(credits(full.usage));
    expect(credits(full.usage)).toBeLessThan(reservation(["x".repeat(2_000)], 500));
    expect(after.reservedAmounts).toEqual([reservation(["x".repeat(2_000)], 500)]);
  });

  it("answers 402 as JSON before any stream starts", async () => {
    const user = await createUser("stream-broke");
    const res = await streamCall(user.idToken, "hello");
    expect(res.status).toBe(402);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("insufficient_credits");
  });
});

describe("with a scripted router", () => {
  let restore: () => void;
  const priced = { ...echo, price: { inputMicroCreditsPerToken: IN_PRICE, outputMicroCreditsPerToken: OUT_PRICE } };
  const PARTIAL = "partial answer ".repeat(10);
  const failing: LlmRouter = {
    models: () => [priced],
    candidates: () => [priced],
    run: async () => {
      throw new LlmError("server_error", "upstream 500", { provider: "demo" });
    },
    async *stream() {
      yield { type: "start", provider: "demo", model: "demo:echo", path: [] };
      yield { type: "delta", text: PARTIAL };
      throw new LlmError("server_error", "upstream died", { provider: "demo" });
    },
  };

  beforeAll(() => {
    restore = overrideServicesForTests({ llm: async () => failing });
  });
  afterAll(() => restore());

  it("releases the reservation when the model fails, leaving the balance unchanged", async () => {
    const user = await createUser("fail");
    await fund(user.uid, 200);
    const res = await request(api.baseUrl, "POST", "/ai/generate", {
      token: user.idToken,
      body: { messages: [{ role: "user", content: "hello" }] },
    });
    expectErrorBody(res, 502, "llm_unavailable");
    expect(await account(user.uid)).toEqual({ balance: 200, reserved: 0 });
    expect((await ledgerSum(user.uid)).types).toEqual(["grant", "reserve", "release"]);
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ outcome: "error", error_code: "llm_unavailable", credits: 0 });
  });

  it("ends a stream that fails after the first token with an error event and charges only what was delivered", async () => {
    const user = await createUser("stream-fail");
    await fund(user.uid, 200);
    const res = await fetch(`${api.baseUrl}/ai/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.idToken}`, "content-type": "application/json" },
      body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "hello" }] }),
    });
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"]);
    // 6 input tokens (the likely count of "hello") and 38 delivered output tokens (150 characters).
    const delivered = {
      inputTokens: estimateInputTokens({ messages: [{ role: "user", content: "hello" }] }),
      outputTokens: Math.ceil(PARTIAL.length / 4),
    };
    expect(delivered).toEqual({ inputTokens: 6, outputTokens: 38 });
    const charged = credits(delivered);
    expect([charged, reservation(["hello"], 1_024)]).toEqual([4, 95]);
    expect(events[2].data).toMatchObject({ code: "llm_unavailable", cost: { credits: charged } });
    expect(JSON.stringify(events[2].data)).not.toContain("upstream died");
    expect(await account(user.uid)).toEqual({ balance: 200 - charged, reserved: 0 });
    expect((await ledgerSum(user.uid)).reservedAmounts).toEqual([reservation(["hello"], 1_024)]);
  });
});
