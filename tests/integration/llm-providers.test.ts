import { configuredProviders } from "../../functions/src/core/llm/llm-providers";
import { LlmError, type ChatRequest, type LlmProvider, type ProviderId, type StreamChunk } from "../../functions/src/core/llm/llm-types";
import { anthropicWire, closedPortUrl, geminiWire, LlmFake, openAiWire } from "../support/fakes/llm-fakes";

/** The real SDKs, through the adapters and the registry, against loopback fakes of each wire format. */
const fakes = {
  openai: new LlmFake(openAiWire),
  groq: new LlmFake(openAiWire),
  local: new LlmFake(openAiWire),
  anthropic: new LlmFake(anthropicWire),
  google: new LlmFake(geminiWire),
};
type Vendor = keyof typeof fakes;
const VENDORS = Object.keys(fakes) as Vendor[];
const MODEL: Record<Vendor, string> = {
  openai: "gpt-4o-mini",
  groq: "llama-3.1-8b-instant",
  local: "llama3.2",
  anthropic: "claude-3-5-haiku-latest",
  google: "gemini-2.0-flash",
};
const ENV_KEYS = [
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "GROQ_API_KEY",
  "GROQ_BASE_URL",
  "LOCAL_LLM_BASE_URL",
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_BASE_URL",
  "GEMINI_API_KEY",
  "GEMINI_BASE_URL",
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

function pointAtFakes(): void {
  Object.assign(process.env, {
    OPENAI_API_KEY: "sk-openai-test",
    OPENAI_BASE_URL: `${fakes.openai.url}/v1`,
    GROQ_API_KEY: "gsk-groq-test",
    GROQ_BASE_URL: `${fakes.groq.url}/v1`,
    LOCAL_LLM_BASE_URL: `${fakes.local.url}/v1`,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: fakes.anthropic.url,
    GEMINI_API_KEY: "gemini-test",
    GEMINI_BASE_URL: fakes.google.url,
  });
}

async function provider(vendor: Vendor, timeoutMs = 5_000): Promise<LlmProvider> {
  const p = (await configuredProviders({ timeoutMs })).get(vendor);
  if (!p) throw new Error(`${vendor} not configured`);
  return p;
}

const request = (vendor: Vendor, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: MODEL[vendor],
  messages: [{ role: "user", content: "Say hello" }],
  maxOutputTokens: 64,
  ...extra,
});

const signal = () => new AbortController().signal;

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const out: StreamChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

beforeAll(async () => {
  await Promise.all(Object.values(fakes).map((f) => f.start()));
  pointAtFakes();
});
afterAll(async () => {
  await Promise.all(Object.values(fakes).map((f) => f.close()));
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});
beforeEach(() => {
  pointAtFakes();
  for (const f of Object.values(fakes)) f.reset();
});

describe("configuredProviders", () => {
  it("has every vendor with a key (and local with a base URL), and nothing else", async () => {
    expect([...(await configuredProviders()).keys()].sort()).toEqual(["anthropic", "google", "groq", "local", "openai"]);
    for (const k of ["ANTHROPIC_API_KEY", "LOCAL_LLM_BASE_URL", "GROQ_API_KEY"]) process.env[k] = "";
    expect([...(await configuredProviders()).keys()].sort()).toEqual(["google", "openai"]);
  });

  it("reuses an adapter while its settings are unchanged", async () => {
    const a = await provider("openai");
    expect(await provider("openai")).toBe(a);
    expect(await provider("openai", 1234)).not.toBe(a);
  });
});

describe.each(VENDORS)("%s", (vendor) => {
  const fake = () => fakes[vendor];

  it("completes with the text and the exact usage", async () => {
    fake().success = { deltas: ["Hello", ", world"], inputTokens: 17, outputTokens: 9 };
    const p = await provider(vendor);
    expect(p.id).toBe(vendor);
    await expect(p.complete(request(vendor), signal())).resolves.toEqual({
      text: "Hello, world",
      usage: { inputTokens: 17, outputTokens: 9 },
      finishReason: "stop",
    });
    expect(fake().requests).toHaveLength(1);
  });

  it("streams deltas, then one done with the usage", async () => {
    fake().success = { deltas: ["Hel", "lo", "!"], inputTokens: 21, outputTokens: 3 };
    const chunks = await collect((await provider(vendor)).stream(request(vendor), signal()));
    expect(chunks).toEqual([
      { type: "delta", text: "Hel" },
      { type: "delta", text: "lo" },
      { type: "delta", text: "!" },
      { type: "done", usage: { inputTokens: 21, outputTokens: 3 }, finishReason: "stop" },
    ]);
    expect(fake().requests).toHaveLength(1);
  });

  it("maps 429 to rate_limited, with Retry-After when the vendor sends it", async () => {
    fake().next({ kind: "status", status: 429, headers: { "retry-after": "7" } });
    const err = await failure((await provider(vendor)).complete(request(vendor), signal()));
    expect(err).toMatchObject({ kind: "rate_limited", retryable: true, options: { status: 429, provider: vendor } });
    // Google sends its wait in the body's RetryInfo, not a header.
    if (vendor !== "google") expect(err.options.retryAfterMs).toBe(7_000);
    expect(fake().requests).toHaveLength(1); // maxRetries 0: the router owns retries
  });

  it("maps 500 to server_error without retrying", async () => {
    fake().next({ kind: "status", status: 500 });
    expect(await failure((await provider(vendor)).complete(request(vendor), signal()))).toMatchObject({
      kind: "server_error",
      retryable: true,
    });
    expect(fake().requests).toHaveLength(1);
  });

  it.each([
    [400, "bad_request"],
    [401, "auth"],
    [403, "auth"],
  ] as const)("maps %d to %s (not retryable)", async (status, kind) => {
    fake().next({ kind: "status", status });
    expect(await failure((await provider(vendor)).complete(request(vendor), signal()))).toMatchObject({ kind, retryable: false });
  });

  it("maps an unanswered request to timeout", async () => {
    fake().next({ kind: "hang" });
    expect(await failure((await provider(vendor, 300)).complete(request(vendor), signal()))).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
  });

  it("maps a dropped connection to connection", async () => {
    fake().next({ kind: "cut" });
    expect(await failure((await provider(vendor)).complete(request(vendor), signal()))).toMatchObject({ kind: "connection" });
  });

  it("maps malformed JSON to malformed_response", async () => {
    fake().next({ kind: "malformed" });
    expect(await failure((await provider(vendor)).complete(request(vendor), signal()))).toMatchObject({ kind: "malformed_response" });
  });

  it("maps a broken SSE event to malformed_response", async () => {
    fake().next({ kind: "malformed" });
    expect(await failure(collect((await provider(vendor)).stream(request(vendor), signal())))).toMatchObject({
      kind: "malformed_response",
    });
  });

  it("fails a stream cut mid-way after its first delta (connection)", async () => {
    fake().next({ kind: "cut" });
    const seen: StreamChunk[] = [];
    const err = await failure(
      (async () => {
        for await (const c of (await provider(vendor)).stream(request(vendor), signal())) seen.push(c);
      })(),
    );
    expect(err.kind).toBe("connection");
    expect(seen).toEqual([{ type: "delta", text: "Hello" }]);
  });

  it("fails a stream that ends cleanly without its final events (malformed_response)", async () => {
    fake().next({ kind: "truncated" });
    expect(await failure(collect((await provider(vendor)).stream(request(vendor), signal())))).toMatchObject({
      kind: "malformed_response",
    });
  });

  it("stops the request when the signal aborts", async () => {
    fake().next({ kind: "hang" });
    const controller = new AbortController();
    const call = (await provider(vendor)).complete(request(vendor), controller.signal);
    await waitFor(() => fake().requests.length === 1);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    await waitFor(() => fake().last().clientClosed);
  });

  it("maps connection refused to connection", async () => {
    const url = await closedPortUrl();
    const env = {
      openai: "OPENAI_BASE_URL",
      groq: "GROQ_BASE_URL",
      local: "LOCAL_LLM_BASE_URL",
      anthropic: "ANTHROPIC_BASE_URL",
      google: "GEMINI_BASE_URL",
    }[vendor];
    process.env[env] = vendor === "anthropic" || vendor === "google" ? url : `${url}/v1`;
    expect(await failure((await provider(vendor)).complete(request(vendor), signal()))).toMatchObject({
      kind: "connection",
      retryable: true,
    });
  });
});

describe("request mapping", () => {
  const full: Omit<ChatRequest, "model"> = {
    system: "You are terse.",
    messages: [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello." },
      { role: "user", content: "Reply in JSON" },
    ],
    temperature: 0.3,
    maxOutputTokens: 123,
    stop: ["END", "STOP"],
  };

  it("openai: system message, max_completion_tokens, stop, json_schema, key", async () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };
    await (
      await provider("openai")
    ).complete({ model: "gpt-4o-mini", ...full, responseFormat: { type: "json_schema", name: "answer", schema } }, signal());
    const { body, headers } = fakes.openai.last();
    expect(headers.authorization).toBe("Bearer sk-openai-test");
    expect(body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello." },
        { role: "user", content: "Reply in JSON" },
      ],
      temperature: 0.3,
      max_completion_tokens: 123,
      stop: ["END", "STOP"],
      response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
      stream: false,
    });
  });

  it("groq and local: max_tokens, json_object, include_usage when streaming", async () => {
    await (await provider("groq")).complete({ model: "llama", ...full, responseFormat: { type: "json" } }, signal());
    expect(fakes.groq.last().headers.authorization).toBe("Bearer gsk-groq-test");
    expect(fakes.groq.last().body).toMatchObject({ max_tokens: 123, response_format: { type: "json_object" } });
    expect(fakes.groq.last().body.max_completion_tokens).toBeUndefined();
    await collect((await provider("local")).stream({ model: "llama3.2", ...full }, signal()));
    expect(fakes.local.last().body).toMatchObject({ max_tokens: 123, stream: true, stream_options: { include_usage: true } });
  });

  it("anthropic: system, max_tokens, stop_sequences, key", async () => {
    await (await provider("anthropic")).complete({ model: "claude", ...full }, signal());
    const { body, headers } = fakes.anthropic.last();
    // SDK 1.14 sends the key as a bearer token (older ones: x-api-key).
    expect(headers["x-api-key"] ?? headers.authorization).toMatch(/^(Bearer )?sk-ant-test$/);
    expect(body).toEqual({
      model: "claude",
      system: "You are terse.",
      messages: full.messages,
      temperature: 0.3,
      max_tokens: 123,
      stop_sequences: ["END", "STOP"],
      stream: false,
    });
  });

  it("google: systemInstruction, roles, generationConfig, JSON schema, key", async () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    await (
      await provider("google")
    ).complete({ model: "gemini-2.0-flash", ...full, responseFormat: { type: "json_schema", name: "answer", schema } }, signal());
    const { body, headers, path } = fakes.google.last();
    expect(path).toBe("/v1beta/models/gemini-2.0-flash:generateContent");
    expect(headers["x-goog-api-key"]).toBe("gemini-test");
    expect(body.systemInstruction).toMatchObject({ parts: [{ text: "You are terse." }] });
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Hi" }] },
      { role: "model", parts: [{ text: "Hello." }] },
      { role: "user", parts: [{ text: "Reply in JSON" }] },
    ]);
    expect(body.generationConfig).toEqual({
      temperature: 0.3,
      maxOutputTokens: 123,
      stopSequences: ["END", "STOP"],
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
  });

  it("google streams through :streamGenerateContent?alt=sse", async () => {
    await collect((await provider("google")).stream({ model: "gemini-2.0-flash", ...full }, signal()));
    expect(fakes.google.last()).toMatchObject({ path: "/v1beta/models/gemini-2.0-flash:streamGenerateContent", query: { alt: "sse" } });
  });
});

describe("unsupported parameters are rejected before any request", () => {
  const cases: [ProviderId & Vendor, Partial<ChatRequest>][] = [
    ["openai", { stop: ["a", "b", "c", "d", "e"] }],
    ["groq", { stop: ["a", "b", "c", "d", "e"] }],
    ["google", { stop: ["a", "b", "c", "d", "e", "f"] }],
    ["anthropic", { responseFormat: { type: "json" } }],
    ["anthropic", { responseFormat: { type: "json_schema", name: "x", schema: {} } }],
    ["anthropic", { temperature: 1.5 }],
  ];
  it.each(cases)("%s %j", async (vendor, extra) => {
    const p = await provider(vendor);
    expect(await failure(p.complete(request(vendor, extra), signal()))).toMatchObject({ kind: "unsupported", retryable: false });
    expect(await failure(collect(p.stream(request(vendor, extra), signal())))).toMatchObject({ kind: "unsupported" });
    expect(fakes[vendor].requests).toHaveLength(0);
  });
});

describe("vendor-specific failures", () => {
  it("anthropic 529 is overloaded, with its Retry-After", async () => {
    fakes.anthropic.next({ kind: "status", status: 529, headers: { "retry-after": "3" } });
    expect(await failure((await provider("anthropic")).complete(request("anthropic"), signal()))).toMatchObject({
      kind: "overloaded",
      retryable: true,
      options: { status: 529, retryAfterMs: 3_000 },
    });
  });

  it("anthropic overloaded_error inside a stream is overloaded", async () => {
    const p = await provider("anthropic");
    const original = anthropicWire.events;
    anthropicWire.events = (req, s) => ({
      events: [
        original(req, s).events[0],
        { event: "error", data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } },
      ],
      finalFrom: 1,
    });
    try {
      expect(await failure(collect(p.stream(request("anthropic"), signal())))).toMatchObject({ kind: "overloaded" });
    } finally {
      anthropicWire.events = original;
    }
  });

  it("google 429 takes its wait from RetryInfo", async () => {
    fakes.google.next({
      kind: "status",
      status: 429,
      body: {
        error: {
          code: 429,
          message: "Quota exceeded",
          status: "RESOURCE_EXHAUSTED",
          details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }],
        },
      },
    });
    expect(await failure((await provider("google")).complete(request("google"), signal()))).toMatchObject({
      kind: "rate_limited",
      options: { retryAfterMs: 12_000 },
    });
  });

  it("openai content_policy_violation is content_policy", async () => {
    fakes.openai.next({
      kind: "status",
      status: 400,
      body: {
        error: {
          message: "Your request was rejected by our safety system",
          type: "invalid_request_error",
          code: "content_policy_violation",
        },
      },
    });
    expect(await failure((await provider("openai")).complete(request("openai"), signal()))).toMatchObject({
      kind: "content_policy",
      retryable: false,
    });
  });

  it("google blocked prompt is content_policy", async () => {
    const original = geminiWire.json;
    geminiWire.json = () => ({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } });
    try {
      expect(await failure((await provider("google")).complete(request("google"), signal()))).toMatchObject({ kind: "content_policy" });
    } finally {
      geminiWire.json = original;
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
