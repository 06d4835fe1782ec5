import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createPromptForgeClient, IDEMPOTENT_POSTS, parseSse, PromptForgeError, retryAfterSeconds } from "../../clients/typescript/src";

/**
 * clients/typescript against a loopback server that scripts its answers (retries, Retry-After,
 * idempotency keys, tokens, errors, SSE framing), plus: it compiles on its own, its types are what
 * `npm run generate` makes of openapi.json, and its idempotent operations are the documented ones.
 * tests/e2e/typed-client.test.ts calls the real API through the emulators with it.
 */
const root = path.join(__dirname, "../..");

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body?: string; chunks?: string[] };

let server: http.Server;
let baseUrl: string;
let hits: Hit[] = [];
let script: Answer[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", async () => {
      hits.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = script.shift() ?? { status: 200, body: "{}" };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      if (answer.chunks) {
        for (const chunk of answer.chunks) {
          res.write(chunk);
          await new Promise((r) => setTimeout(r, 5));
        }
        res.end();
      } else res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  hits = [];
  script = [];
});

const errorBody = (code: string, message = "no") => JSON.stringify({ error: { code, message, requestId: "req-12345678" } });

function client(token = "tok-1") {
  const waits: number[] = [];
  let n = 0;
  const pf = createPromptForgeClient({
    baseUrl,
    getIdToken: async () => token,
    newIdempotencyKey: () => `key-0000000${++n}`,
    retry: { sleep: async (ms) => void waits.push(ms) },
  });
  return { pf, waits };
}

describe("retries", () => {
  it("retries a GET on 503 after the Retry-After the API sent, with the token on every attempt", async () => {
    script = [
      { status: 503, headers: { "retry-after": "2" }, body: errorBody("database_unavailable") },
      { status: 200, body: '{"uid":"u1"}' },
    ];
    const { pf, waits } = client();
    const me = await pf.unwrap(await pf.api.GET("/users/me"));
    expect(me).toEqual({ uid: "u1" });
    expect(waits).toEqual([2000]);
    expect(hits.map((h) => [h.method, h.url, h.headers.authorization])).toEqual([
      ["GET", "/api/v1/users/me", "Bearer tok-1"],
      ["GET", "/api/v1/users/me", "Bearer tok-1"],
    ]);
  });

  it("retries a paid POST on 429 with the same Idempotency-Key, so the API replays instead of charging twice", async () => {
    script = [
      { status: 429, headers: { "retry-after": "1" }, body: errorBody("rate_limited") },
      { status: 200, body: '{"text":"hi"}' },
    ];
    const { pf, waits } = client();
    await pf.api.POST("/ai/generate", { body: { model: "demo:echo", messages: [{ role: "user", content: "hi" }] } as never });
    expect(waits).toEqual([1000]);
    expect(hits.map((h) => h.headers["idempotency-key"])).toEqual(["key-00000001", "key-00000001"]);
    expect(hits.map((h) => JSON.parse(h.body).model)).toEqual(["demo:echo", "demo:echo"]);
  });

  it("does not retry a POST that takes no Idempotency-Key, and sends it none", async () => {
    script = [{ status: 429, headers: { "retry-after": "1" }, body: errorBody("rate_limited") }];
    const { pf, waits } = client();
    const result = await pf.api.POST("/prompts", { body: { title: "t", type: "text", template: "x" } as never });
    expect(result.response.status).toBe(429);
    expect(waits).toEqual([]);
    expect(hits).toHaveLength(1);
    expect(hits[0].headers["idempotency-key"]).toBeUndefined();
  });

  it("backs off 250 ms then 500 ms without Retry-After, and gives up after two retries", async () => {
    script = [{ status: 503 }, { status: 503 }, { status: 503, body: errorBody("database_unavailable") }];
    const { pf, waits } = client();
    const result = await pf.api.GET("/users/me");
    expect(result.response.status).toBe(503);
    expect(waits).toEqual([250, 500]);
    expect(hits).toHaveLength(3);
  });

  it("returns at once when Retry-After asks for longer than it would wait", async () => {
    script = [{ status: 429, headers: { "retry-after": "3600" }, body: errorBody("rate_limited") }];
    const { pf, waits } = client();
    const err = await pf.unwrap(await pf.api.GET("/users/me")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptForgeError);
    expect(err).toMatchObject({ status: 429, code: "rate_limited", retryAfterSeconds: 3600 });
    expect(waits).toEqual([]);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    expect(retryAfterSeconds("7", now)).toBe(7);
    expect(retryAfterSeconds("Tue, 01 Dec 2026 00:00:30 GMT", now)).toBe(30);
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe("errors and tokens", () => {
  it("throws the uniform error body as a PromptForgeError", async () => {
    script = [
      {
        status: 402,
        body: JSON.stringify({
          error: { code: "insufficient_credits", message: "Balance 3", requestId: "req-abcdef12", details: { balance: 3 } },
        }),
      },
    ];
    const { pf } = client();
    const err = await pf.unwrap(await pf.api.GET("/users/me")).catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: "PromptForgeError",
      status: 402,
      code: "insufficient_credits",
      message: "Balance 3",
      requestId: "req-abcdef12",
      details: { balance: 3 },
    });
  });

  it("sends no Authorization header when there is no signed-in user", async () => {
    const pf = createPromptForgeClient({ baseUrl, getIdToken: () => null });
    await pf.api.GET("/health");
    expect(hits[0].headers.authorization).toBeUndefined();
  });
});

describe("Server-Sent Events", () => {
  it("streams a generate's events, however the frames are cut into chunks", async () => {
    script = [
      {
        status: 200,
        headers: { "content-type": "text/event-stream; charset=utf-8" },
        chunks: [
          ': comment\n\nevent: start\ndata: {"provider":"demo","model":"demo:echo","requestId":"r1"}\n\nevent: del',
          'ta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo ✓"}\n\n',
          'event: done\ndata: {"usage":{"inputTokens":3,"outputTokens":2},"cost":{"credits":1},"provider":"demo","model":"demo:echo","latencyMs":4}\n\n',
        ],
      },
    ];
    const { pf } = client();
    const events = [];
    for await (const e of pf.generateStream({ model: "demo:echo", messages: [{ role: "user", content: "hi" }] } as never)) events.push(e);
    expect(events.map((e) => e.event)).toEqual(["start", "delta", "delta", "done"]);
    expect(
      events
        .filter((e) => e.event === "delta")
        .map((e) => (e.data as { text: string }).text)
        .join(""),
    ).toBe("Hello ✓");
    expect(JSON.parse(hits[0].body)).toMatchObject({ stream: true, model: "demo:echo" });
    // The API refuses an Idempotency-Key on a streamed call (it cannot be replayed).
    expect(hits[0].headers["idempotency-key"]).toBeUndefined();
    expect(hits[0].headers.accept).toBe("text/event-stream");
  });

  it("throws a refusal that comes before the stream as a PromptForgeError", async () => {
    script = [{ status: 402, body: errorBody("insufficient_credits", "Balance 0") }];
    const { pf } = client();
    const run = async () => {
      for await (const _ of pf.generateStream({ model: "demo:echo", messages: [{ role: "user", content: "hi" }] } as never)) void _;
    };
    await expect(run()).rejects.toMatchObject({ status: 402, code: "insufficient_credits" });
  });

  it("parses multi-line data, ids and a final frame without a blank line", async () => {
    const body = new Response("id: 7\ndata: a\ndata: b\n\nevent: x\ndata: c").body!;
    const out = [];
    for await (const m of parseSse(body)) out.push(m);
    expect(out).toEqual([
      { event: "message", data: "a\nb", id: "7" },
      { event: "x", data: "c" },
    ]);
  });
});

describe("the package", () => {
  const openapi = JSON.parse(readFileSync(path.join(root, "openapi.json"), "utf8"));

  it("sends Idempotency-Key exactly on the operations openapi.json documents it for", () => {
    const documented = Object.entries(openapi.paths as Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>)
      .filter(([, ops]) => ops.post?.parameters?.some((p) => p.in === "header" && p.name === "Idempotency-Key"))
      .map(([p]) => p)
      .sort();
    expect([...IDEMPOTENT_POSTS]).toEqual(documented);
  });

  it("compiles on its own (strict tsc over clients/typescript)", () => {
    const res = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "clients/typescript/tsconfig.json", "--noEmit"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(res.stdout + res.stderr).toBe("");
    expect(res.status).toBe(0);
  });

  it("has the types `npm run generate` makes of the committed openapi.json", () => {
    const check = `import { readFileSync } from "node:fs";
      import { clientTypes, CLIENT_TYPES } from "./scripts/generate.mjs";
      const want = await clientTypes(readFileSync("openapi.json", "utf8"));
      process.exit(readFileSync(CLIENT_TYPES, "utf8") === want ? 0 : 1);`;
    const res = spawnSync(process.execPath, ["--input-type=module", "-e", check], { cwd: root, encoding: "utf8" });
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
