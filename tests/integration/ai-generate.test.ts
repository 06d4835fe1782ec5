import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { costCredits, estimateInputTokens, type LlmRouter } from "../../functions/src/core/llm/llm-router-types";
import { LlmError } from "../../functions/src/core/llm/llm-types";
import { DEMO_MODELS, demoCompletion } from "../../functions/src/core/llm/providers/demo-provider";
import { makeAiGenerate } from "../../functions/src/api/ai/ai-generate";
import { defaultAiDeps } from "../../functions/src/api/ai/metered-call";
import { createRequestHandler } from "../../functions/src/platform/define-endpoint";
import { operation, type FunctionSpec, type OperationSpec } from "../../functions/src/platform/operation";
import { routes } from "../../functions/src/routes";
import { serveHandler, startApi, type ApiServer } from "../support/api-server";
import type { TierId } from "../../functions/src/core/billing/catalog";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { setTier } from "../support/tiers";

/**
 * POST /ai/generate over real HTTP with real emulator tokens, paid through the real ledger, answered
 * by the development-only demo model (deterministic: text and usage are predictable).
 */
const testDb = useTestDatabase("ai_generate");
let api: ApiServer;
const echo = DEMO_MODELS.find((m) => m.id === "demo:echo")!;
const cause = { kind: "test", id: "ai" };

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function db(): Promise<Db> {
  return testDb.db();
}
async function fund(uid: string, amount: number): Promise<void> {
  await new MongoCreditLedger(await db()).grant({ uid, amount, idempotencyKey: `test:${uid}:${amount}:${Math.random()}`, actor: "system:test", reason: "test", cause });
}
async function account(uid: string) {
  const a = await new MongoCreditLedger(await db()).account(uid);
  return { balance: a.balance, reserved: a.reserved };
}
async function ledgerSum(uid: string) {
  const entries = await (await db()).collection("transactions").find({ user_id: uid }).toArray();
  return { balance: entries.reduce((n, e) => n + e.delta_available, 0), reserved: entries.reduce((n, e) => n + e.delta_reserved, 0), types: entries.map((e) => e.type) };
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
  it("answers, charges exactly tokens × price and records usage without the prompt text", async () => {
    const user = await createUser("gen");
    await fund(user.uid, 100);
    const content = "Summarize the plot of Hamlet in one sentence, secret-marker-42.";
    const res = await generate(user.idToken, { model: "demo:echo", messages: [{ role: "user", content }], maxOutputTokens: 200 }, { "x-request-id": `req-${user.uid}` });
    expect(res.status).toBe(200);
    const expected = demoCompletion({ model: echo.vendorModel, messages: [{ role: "user", content }], maxOutputTokens: 200 });
    const credits = Math.ceil((expected.usage.inputTokens * 1_000 + expected.usage.outputTokens * 2_000) / 1_000_000);
    expect(credits).toBe(costCredits(echo, expected.usage));
    expect(res.json).toMatchObject({
      text: expected.text,
      provider: "demo",
      model: "demo:echo",
      usage: expected.usage,
      cost: { credits },
      path: [{ model: "demo:echo", outcome: "ok" }],
    });
    expect(expected.usage.inputTokens).toBe(estimateInputTokens({ messages: [{ role: "user", content }] }));
    expect(await account(user.uid)).toEqual({ balance: 100 - credits, reserved: 0 });
    const sum = await ledgerSum(user.uid);
    expect(sum).toMatchObject({ balance: 100 - credits, reserved: 0, types: ["grant", "reserve", "settle"] });

    const events = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: "generate",
      request_id: `req-${user.uid}`,
      provider: "demo",
      model: "demo:echo",
      input_tokens: expected.usage.inputTokens,
      output_tokens: expected.usage.outputTokens,
      credits,
      outcome: "ok",
      prompt_id: null,
    });
    expect(JSON.stringify(events[0])).not.toContain("secret-marker-42");
  });

  it("renders a stored prompt version with variables and records the prompt and version", async () => {
    const user = await createUser("gen-prompt");
    await fund(user.uid, 100);
    const created = await request(api.baseUrl, "POST", "/prompts", { token: user.idToken, body: { title: "Greeter", type: "text", template: "Say hi to {{name}} marker-77" } });
    expect(created.status).toBe(201);
    const promptId = created.json.id ?? created.json.prompt?.id;
    const res = await generate(user.idToken, { prompt: { promptId, variables: { name: "Ada" } }, maxOutputTokens: 100 });
    expect(res.status).toBe(200);
    expect(res.json.text).toContain("Say hi to Ada");
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ prompt_id: promptId, prompt_version: 1, outcome: "ok" });
    expect(JSON.stringify(event)).not.toMatch(/marker-77|Ada/);
  });

  it("lets exactly as many concurrent calls succeed as the balance covers", async () => {
    const user = await userOnTier("enterprise", "concurrent");
    const body = { model: "demo:echo", messages: [{ role: "user" as const, content: "hi" }], maxOutputTokens: 1 };
    const each = costCredits(echo, { inputTokens: estimateInputTokens(body), outputTokens: 1 });
    await fund(user.uid, 37 * each);
    const results = await Promise.all(Array.from({ length: 200 }, () => generate(user.idToken, body)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(37);
    for (const r of refused) expectErrorBody(r, 402, "insufficient_credits");
    const after = await account(user.uid);
    expect(after).toEqual({ balance: 0, reserved: 0 });
    const sum = await ledgerSum(user.uid);
    expect({ balance: sum.balance, reserved: sum.reserved }).toEqual(after);
    expect(await (await db()).collection("usage_events").countDocuments({ uid: user.uid, outcome: "ok" })).toBe(37);
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
    ["a parameter the model cannot honour", { responseFormat: { type: "json_schema", name: "x", schema: {} } }, 400, "unsupported_parameter"],
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
    const credits = costCredits(echo, expected.usage);
    expect(events[0]).toMatchObject({ event: "start", data: { provider: "demo", model: "demo:echo" } });
    expect(events.filter((e) => e.event === "delta").map((e) => e.data.text).join("")).toBe(expected.text);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { usage: expected.usage, cost: { credits }, provider: "demo", model: "demo:echo" } });
    expect(await account(user.uid)).toEqual({ balance: 100 - credits, reserved: 0 });
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ stream: true, outcome: "ok", credits });
  });

  it("aborts upstream when the client disconnects and settles what was delivered", async () => {
    const user = await createUser("disconnect");
    await fund(user.uid, 100);
    const abort = new AbortController();
    const res = await streamCall(user.idToken, "x".repeat(2_000), abort.signal);
    const events = await readSse(res, { count: 2, abort });
    expect(events.map((e) => e.event)).toEqual(["start", "delta"]);
    const after = await waitFor(() => ledgerSum(user.uid), (s) => s.types.includes("settle") || s.types.includes("release"));
    expect(after.types).toEqual(["grant", "reserve", "settle"]);
    expect(after.reserved).toBe(0);
    const event = await waitFor(() => db().then((d) => d.collection("usage_events").findOne({ uid: user.uid })), (e) => e !== null);
    expect(event).toMatchObject({ outcome: "aborted", stream: true });
    const full = demoCompletion({ model: echo.vendorModel, messages: [{ role: "user", content: "x".repeat(2_000) }], maxOutputTokens: 500 });
    expect(event!.output_tokens).toBeLessThan(full.usage.outputTokens);
    expect(100 - after.balance).toBe(event!.credits);
  });

  it("answers 402 as JSON before any stream starts", async () => {
    const user = await createUser("stream-broke");
    const res = await streamCall(user.idToken, "hello");
    expect(res.status).toBe(402);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("insufficient_credits");
  });
});

describe("with a scripted router", () => {
  let server: ApiServer;
  const failing: LlmRouter = {
    candidates: () => [echo],
    run: async () => {
      throw new LlmError("server_error", "upstream 500", { provider: "demo" });
    },
    async *stream() {
      yield { type: "start", provider: "demo", model: "demo:echo", path: [] };
      yield { type: "delta", text: "partial answer " };
      throw new LlmError("server_error", "upstream died", { provider: "demo" });
    },
  };

  beforeAll(async () => {
    const spec = routes.aiGenerate as FunctionSpec;
    const op = spec.operations.POST as OperationSpec;
    const scripted: FunctionSpec = {
      ...spec,
      operations: { POST: operation({ ...op, handler: async () => makeAiGenerate({ ...defaultAiDeps, router: async () => failing }) } as OperationSpec) },
    };
    server = await serveHandler(createRequestHandler("aiGenerate", scripted));
  });
  afterAll(() => server.close());

  it("releases the reservation when the model fails, leaving the balance unchanged", async () => {
    const user = await createUser("fail");
    await fund(user.uid, 40);
    const res = await request(server.baseUrl, "POST", "/ai/generate", { token: user.idToken, body: { messages: [{ role: "user", content: "hello" }] } });
    expectErrorBody(res, 502, "llm_unavailable");
    expect(await account(user.uid)).toEqual({ balance: 40, reserved: 0 });
    expect((await ledgerSum(user.uid)).types).toEqual(["grant", "reserve", "release"]);
    const [event] = await (await db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(event).toMatchObject({ outcome: "error", error_code: "llm_unavailable", credits: 0 });
  });

  it("ends a stream that fails after the first token with an error event and charges only what was delivered", async () => {
    const user = await createUser("stream-fail");
    await fund(user.uid, 40);
    const res = await fetch(`${server.baseUrl}/ai/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.idToken}`, "content-type": "application/json" },
      body: JSON.stringify({ stream: true, messages: [{ role: "user", content: "hello" }] }),
    });
    const events = await readSse(res);
    expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"]);
    const delivered = { inputTokens: estimateInputTokens({ messages: [{ role: "user", content: "hello" }] }), outputTokens: Math.ceil("partial answer ".length / 4) };
    const credits = costCredits(echo, delivered);
    expect(events[2].data).toMatchObject({ code: "llm_unavailable", cost: { credits } });
    expect(await account(user.uid)).toEqual({ balance: 40 - credits, reserved: 0 });
  });
});
