import type { getAdminAuth } from "../../functions/src/platform/firebase-admin";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { z } from "zod";
import { firebaseTokenVerifier } from "../../functions/src/core/auth/firebase-token-verifier";
import { flexibleRateLimiter, type RateLimiter } from "../../functions/src/core/rate-limit/rate-limiter";
import type { Config } from "../../functions/src/platform/config";
import { createRequestHandler, UNAUTHENTICATED_RATE_LIMIT, type PlatformDeps } from "../../functions/src/platform/define-endpoint";
import type { Services } from "../../functions/src/services";
import { HttpError } from "../../functions/src/platform/http-error";
import { setLogLevel, setLogSink, type LogFields, type LogLevel } from "../../functions/src/platform/logger";
import { MAX_BODY_BYTES } from "../../functions/src/platform/request-input";
import { operation, Reply, type FunctionSpec } from "../../functions/src/platform/operation";
import type { RequestReport } from "../../functions/src/platform/sentry";
import { serveHandler, type ApiServer } from "../support/api-server";

// firebase-admin's types, as the platform sees them (its subpath exports do not resolve from tests/).
type Auth = Awaited<ReturnType<typeof getAdminAuth>>;
type DecodedIdToken = Awaited<ReturnType<Auth["verifyIdToken"]>>;

// ---------------------------------------------------------------------------------------------
// Fakes: a Firebase Auth whose tokens are a fixed table, an in-memory rate limiter, a fixed clock.
// ---------------------------------------------------------------------------------------------

const USER_TOKEN = "user-token-0123456789";
const ADMIN_TOKEN = "admin-token-0123456789";
const EXPIRED_TOKEN = "expired-token-0123456789";
const BROKEN_TOKEN = "broken-token-0123456789";
const NOW = new Date("2030-01-02T03:04:05.000Z");
const ALLOWED_ORIGIN = "https://app.example.com";
const OTHER_ORIGIN = "https://evil.example.net";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = "mongodb://admin:hunter2@db.internal:27017";

const decoded = (uid: string, roles: string[] = []) =>
  ({ uid, email: `${uid}@example.com`, email_verified: true, auth_time: 1_900_000_000, roles }) as unknown as DecodedIdToken;

const fakeAuth = {
  async verifyIdToken(token: string, checkRevoked?: boolean): Promise<DecodedIdToken> {
    if (checkRevoked !== true) throw new Error("revocation must be checked");
    if (token === USER_TOKEN) return decoded("u1");
    if (token === ADMIN_TOKEN) return decoded("admin1", ["admin"]);
    if (token === EXPIRED_TOKEN) throw Object.assign(new Error("Firebase ID token has expired"), { code: "auth/id-token-expired" });
    if (token === BROKEN_TOKEN) throw new Error(`backend unavailable at ${SECRET}`);
    throw Object.assign(new Error("Decoding Firebase ID token failed"), { code: "auth/argument-error" });
  },
} as unknown as Auth;

const baseConfig: Config = {
  environment: "development",
  corsOrigins: [ALLOWED_ORIGIN],
  logLevel: "error",
  sentrySampleRate: 1,
  sentryTracesSampleRate: 1,
  trustedProxies: [],
};

interface Reported {
  err: unknown;
  context: Pick<RequestReport, "requestId" | "functionName" | "operationId" | "uid" | "method" | "route">;
}

/** Reports are handed over after the response has gone: wait (a bounded number of turns) for `n` of them. */
async function reportsArrive(reported: Reported[], n = 1): Promise<void> {
  for (let i = 0; i < 500 && reported.length < n; i++) await new Promise((r) => setImmediate(r));
}

function fakeDeps(overrides: Partial<PlatformDeps> = {}, config: Config = baseConfig) {
  const reported: Reported[] = [];
  const limiter = flexibleRateLimiter((o) => new RateLimiterMemory(o));
  const verifier = firebaseTokenVerifier(async () => fakeAuth);
  const deps: PlatformDeps = {
    config: () => config,
    verifier: async () => verifier,
    rateLimiter: async () => limiter,
    requestsPerMinute: async () => 60,
    services: {
      db: () => Promise.reject(new Error("no database in unit tests")),
      auth: async () => fakeAuth,
      now: () => NOW,
    } as Partial<Services> as Services,
    report: async ({ error, requestId, functionName, operationId, uid, method, route }) => {
      if (error !== undefined) reported.push({ err: error, context: { requestId, functionName, operationId, uid, method, route } });
    },
    ...overrides,
  };
  return { deps, reported };
}

// ---------------------------------------------------------------------------------------------
// A small operation table exercising every part of the pipeline.
// ---------------------------------------------------------------------------------------------

const perMinute = (points: number) => ({ points, durationSeconds: 60, store: "local" as const });
const Thing = z.object({ id: z.string(), verbose: z.boolean(), tags: z.array(z.string()), now: z.string() });
const Created = z.object({ id: z.string(), name: z.string(), count: z.number(), owner: z.string() });

const things: FunctionSpec = {
  path: "/things/{id}",
  secrets: [],
  operations: {
    GET: operation({
      operationId: "getThing",
      summary: "Read a thing",
      tag: "things",
      auth: "public",
      rateLimit: perMinute(1000),
      params: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,20}$/) }),
      query: z.strictObject({ verbose: z.enum(["true", "false"]).optional(), tag: z.union([z.string(), z.array(z.string())]).optional() }),
      response: Thing,
      handler: async () => async (ctx) => {
        const id = ctx.params.id;
        if (id === "boom") throw new Error(`E11000 duplicate key at ${SECRET}`);
        if (id === "down") throw Object.assign(new Error(`connect ECONNREFUSED ${SECRET}`), { name: "MongoServerSelectionError" });
        if (id === "gone") throw new HttpError(404, "not_found", "Thing not found");
        if (id === "badshape") return { id: 123 } as unknown as z.input<typeof Thing>;
        const tags = ctx.query.tag === undefined ? [] : ([] as string[]).concat(ctx.query.tag);
        return { id, verbose: ctx.query.verbose === "true", tags, now: ctx.services.now().toISOString() };
      },
    }),
    POST: operation({
      operationId: "createThing",
      summary: "Create a thing",
      tag: "things",
      auth: "user",
      rateLimit: perMinute(1000),
      params: z.object({ id: z.string() }),
      body: z.strictObject({ name: z.string().min(1).max(50), count: z.number().int().default(1) }),
      response: Created,
      status: 201,
      handler: async () => async (ctx) => {
        if (ctx.body.name === "boom") throw new Error(`write failed at ${SECRET}`);
        return new Reply(
          201,
          { id: ctx.params.id, name: ctx.body.name, count: ctx.body.count, owner: ctx.caller.uid },
          { Location: `/api/v1/things/${ctx.params.id}` },
        );
      },
    }),
    PUT: operation({
      operationId: "replaceThing",
      summary: "Replace a thing (admins)",
      tag: "things",
      auth: "user",
      roles: ["admin"],
      rateLimit: perMinute(1000),
      params: z.object({ id: z.string() }),
      // Deliberately loose (any keys pass through): the forbidden-key guard must still hold.
      body: z.looseObject({}),
      response: z.object({ keys: z.array(z.string()), by: z.string(), roles: z.array(z.string()) }),
      handler: async () => async (ctx) => ({ keys: Object.keys(ctx.body), by: ctx.caller.uid, roles: ctx.caller.roles }),
    }),
    DELETE: operation({
      operationId: "deleteThing",
      summary: "Delete a thing",
      tag: "things",
      auth: "public",
      rateLimit: perMinute(1000),
      params: z.object({ id: z.string() }),
      response: z.undefined(),
      handler: async () => async () => new Reply(204, undefined),
    }),
  },
};

const ping: FunctionSpec = {
  path: "/ping",
  secrets: [],
  operations: {
    GET: operation({
      operationId: "ping",
      summary: "Ping",
      tag: "meta",
      auth: "public",
      rateLimit: perMinute(1000),
      response: z.object({ pong: z.literal(true) }),
      handler: async () => async () => ({ pong: true as const }),
    }),
  },
};

const submit: FunctionSpec = {
  path: "/submit",
  secrets: [],
  operations: {
    POST: operation({
      operationId: "submit",
      summary: "Submit",
      tag: "meta",
      auth: "public",
      rateLimit: perMinute(1000),
      body: z.strictObject({ name: z.unknown() }),
      response: z.object({ received: z.unknown() }),
      handler: async () => async (ctx) => ({ received: ctx.body.name }),
    }),
  },
};

const limited: FunctionSpec = {
  path: "/limited",
  secrets: [],
  operations: {
    GET: operation({
      operationId: "limitedPublic",
      summary: "Two per minute per IP",
      tag: "meta",
      auth: "public",
      rateLimit: perMinute(2),
      response: z.object({ ok: z.literal(true) }),
      handler: async () => async () => ({ ok: true as const }),
    }),
    POST: operation({
      operationId: "limitedUser",
      summary: "Two per minute per user",
      tag: "meta",
      auth: "user",
      rateLimit: perMinute(2),
      response: z.object({ uid: z.string() }),
      handler: async () => async (ctx) => ({ uid: ctx.caller.uid }),
    }),
  },
};

const catchAll: FunctionSpec = { path: "/**", secrets: [], operations: {} };

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

// Keep the test output clean: log lines are asserted on in the "logging" block only.
const quiet = () => undefined;
beforeAll(() => setLogSink(quiet));
afterAll(() => setLogSink(undefined));

const servers: ApiServer[] = [];
async function serve(name: string, spec: FunctionSpec, deps: PlatformDeps): Promise<ApiServer> {
  const api = await serveHandler(createRequestHandler(name, spec, deps) as never);
  servers.push(api);
  return api;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}
function call(api: ApiServer, method: string, path: string, { token, body, headers = {} }: CallOptions = {}): Promise<Response> {
  const isRaw = typeof body === "string" || body instanceof Uint8Array;
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && !isRaw ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isRaw ? (body as string) : JSON.stringify(body),
  });
}

/** Asserts the one error body shape and returns its `error` member. */
async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  expect({ status: res.status, text }).toEqual({ status, text: expect.any(String) });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const requestId = res.headers.get("x-request-id");
  expect(requestId).toBeTruthy();
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toEqual({
    code,
    message: expect.any(String),
    requestId,
    ...("details" in body.error ? { details: body.error.details } : {}),
  });
  return body.error as { code: string; message: string; requestId: string; details?: { fields?: { field: string; code: string }[] } };
}

const fieldsOf = (error: { details?: { fields?: { field: string; code: string }[] } }) =>
  (error.details?.fields ?? []).map((f) => [f.field, f.code]);

// ---------------------------------------------------------------------------------------------

describe("createRequestHandler", () => {
  let api: ApiServer;
  let reported: Reported[];
  let pingApi: ApiServer;
  let submitApi: ApiServer;

  beforeAll(async () => {
    const made = fakeDeps();
    reported = made.reported;
    api = await serve("things", things, made.deps);
    pingApi = await serve("ping", ping, made.deps);
    submitApi = await serve("submit", submit, made.deps);
  });
  beforeEach(() => {
    reported.length = 0;
  });

  describe("routing", () => {
    it("answers a JSON 404 for a path the function does not serve", async () => {
      const error = await expectError(await call(api, "GET", "/nope"), 404, "not_found");
      expect(error.message).toBe("No such endpoint");
    });

    it("never hands a malformed percent-encoding to the handler (the framework answers 400 first)", async () => {
      // The 404 fallback in compilePath is covered in path-pattern.test.ts; behind the Functions
      // Framework (express 5) such a path is refused before the handler, with express's own body.
      const consoleError = jest.spyOn(console, "error").mockImplementation(() => undefined);
      const res = await call(api, "GET", "/things/%zz").finally(() => consoleError.mockRestore());
      expect(res.status).toBe(400);
      expect(reported).toEqual([]);
    });

    it("serves the path with and without the /api/v1 prefix", async () => {
      const direct = await fetch(`${api.origin}/things/abc`);
      expect(direct.status).toBe(200);
      expect(((await direct.json()) as { id: string }).id).toBe("abc");
      const bare = await fetch(`${pingApi.origin}/`);
      expect(await bare.json()).toEqual({ pong: true });
    });

    it("answers 404 for everything when the function has no operations (catch-all)", async () => {
      const notFound = await serve("apiNotFound", catchAll, fakeDeps().deps);
      await expectError(await call(notFound, "GET", "/anything/at/all"), 404, "not_found");
      await expectError(await call(notFound, "POST", "/users/me", { body: { a: 1 } }), 404, "not_found");
      await expectError(
        await call(notFound, "OPTIONS", "/x", { headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "GET" } }),
        404,
        "not_found",
      );
    });

    it("answers 405 with Allow for a method the path does not have", async () => {
      const res = await call(pingApi, "POST", "/ping", { body: {} });
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      const error = await expectError(res, 405, "method_not_allowed");
      expect(error.message).toContain("POST");
      const submitHead = await call(submitApi, "HEAD", "/submit");
      expect(submitHead.status).toBe(405);
      expect(submitHead.headers.get("allow")).toBe("POST, OPTIONS");
    });

    it("lists every method of the function in Allow, in a stable order", async () => {
      const res = await call(api, "OPTIONS", "/things/abc");
      expect(res.headers.get("allow")).toBe("GET, POST, PUT, DELETE, HEAD, OPTIONS");
      await expectError(res, 405, "method_not_allowed");
    });

    it("answers HEAD like GET without a body", async () => {
      const res = await call(pingApi, "HEAD", "/ping");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.text()).toBe("");
    });
  });

  describe("success", () => {
    it("returns the handler's result as JSON with no-store, nosniff and a request id", async () => {
      const res = await call(api, "GET", "/things/abc?verbose=true&tag=a&tag=b");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-request-id")).toMatch(UUID);
      expect(await res.json()).toEqual({ id: "abc", verbose: true, tags: ["a", "b"], now: NOW.toISOString() });
    });

    it("passes decoded, validated params to the handler", async () => {
      const res = await call(api, "GET", "/things/a%2Db");
      expect(((await res.json()) as { id: string }).id).toBe("a-b");
    });

    it("answers the operation's status with a Reply's headers, after schema defaults are applied", async () => {
      const res = await call(api, "POST", "/things/t1", { token: USER_TOKEN, body: { name: "Widget" } });
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBe("/api/v1/things/t1");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({ id: "t1", name: "Widget", count: 1, owner: "u1" });
    });

    it("answers 204 with no body", async () => {
      const res = await call(api, "DELETE", "/things/t1");
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
    });

    it("accepts a JSON body sent with a +json content type", async () => {
      const res = await call(submitApi, "POST", "/submit", {
        body: '{"name":"x"}',
        headers: { "content-type": "application/vnd.api+json" },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: "x" });
    });

    it("treats an empty body as {}", async () => {
      const res = await call(api, "POST", "/things/t1", { token: USER_TOKEN, body: "", headers: { "content-type": "application/json" } });
      const error = await expectError(res, 400, "validation_failed");
      expect(fieldsOf(error)).toEqual([["body.name", "invalid_type"]]);
    });
  });

  describe("request id", () => {
    it("echoes a well-formed X-Request-Id in the header and the error body", async () => {
      const res = await call(api, "GET", "/nope", { headers: { "x-request-id": "trace-abc-123456" } });
      expect(res.headers.get("x-request-id")).toBe("trace-abc-123456");
      expect((await expectError(res, 404, "not_found")).requestId).toBe("trace-abc-123456");
    });

    it.each(["short", "has space inside", "x".repeat(129), "semi;colon-12345"])("replaces the malformed X-Request-Id %p", async (id) => {
      const res = await call(pingApi, "GET", "/ping", { headers: { "x-request-id": id } });
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    });
  });

  describe("CORS", () => {
    it("answers a preflight from an allowed origin with 204 and the CORS headers", async () => {
      const res = await call(api, "OPTIONS", "/things/abc", {
        headers: {
          origin: ALLOWED_ORIGIN,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, DELETE, HEAD, OPTIONS");
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase().split(/,\s*/)).toEqual(
        expect.arrayContaining(["authorization", "content-type", "x-request-id", "idempotency-key"]),
      );
      expect(res.headers.get("access-control-max-age")).toBe("600");
      expect(res.headers.get("vary")).toMatch(/origin/i);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(await res.text()).toBe("");
    });

    it("refuses a preflight from another origin with 403 cors_origin_denied and no CORS headers", async () => {
      const res = await call(api, "OPTIONS", "/things/abc", { headers: { origin: OTHER_ORIGIN, "access-control-request-method": "POST" } });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-methods")).toBeNull();
      await expectError(res, 403, "cors_origin_denied");
    });

    it("answers a preflight for an unknown path with 404", async () => {
      const res = await call(api, "OPTIONS", "/nope", { headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "GET" } });
      await expectError(res, 404, "not_found");
    });

    it("gives a simple request from an allowed origin the allow-origin and exposed headers", async () => {
      const res = await call(api, "GET", "/things/abc", { headers: { origin: ALLOWED_ORIGIN } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      expect(res.headers.get("access-control-expose-headers")?.split(/,\s*/)).toEqual(
        expect.arrayContaining(["X-Request-Id", "Retry-After", "WWW-Authenticate"]),
      );
      expect(res.headers.get("vary")).toMatch(/origin/i);
    });

    it("lets an allowed origin read error responses too", async () => {
      const res = await call(api, "POST", "/things/abc", { headers: { origin: ALLOWED_ORIGIN }, body: { name: "x" } });
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
      await expectError(res, 401, "unauthenticated");
    });

    it("gives a simple request from another origin no allow-origin header", async () => {
      const res = await call(api, "GET", "/things/abc", { headers: { origin: OTHER_ORIGIN } });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-expose-headers")).toBeNull();
      expect(res.headers.get("vary")).toMatch(/origin/i);
    });

    it("does not treat an OPTIONS without Access-Control-Request-Method as a preflight", async () => {
      const res = await call(api, "OPTIONS", "/things/abc", { headers: { origin: ALLOWED_ORIGIN } });
      await expectError(res, 405, "method_not_allowed");
    });
  });

  describe("body limits and content type", () => {
    it("answers 413 when Content-Length is over 10 MB", async () => {
      const res = await call(submitApi, "POST", "/submit", {
        body: "x".repeat(MAX_BODY_BYTES + 1),
        headers: { "content-type": "text/plain" },
      });
      const error = await expectError(res, 413, "payload_too_large");
      expect(error.message).toBe("The body exceeds 10 MB");
    });

    it("answers 413 for a chunked body over 10 MB (no Content-Length)", async () => {
      const chunk = new Uint8Array(1024 * 1024).fill(0x20);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > MAX_BODY_BYTES) controller.close();
          else {
            controller.enqueue(chunk);
            sent += chunk.length;
          }
        },
      });
      const res = await fetch(`${submitApi.baseUrl}/submit`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      await expectError(res, 413, "payload_too_large");
    });

    it("answers 415 for a body that is not JSON", async () => {
      for (const [type, body] of [
        ["text/plain", '{"name":"x"}'],
        ["application/x-www-form-urlencoded", "name=x"],
        ["application/octet-stream", "name"],
      ]) {
        const res = await call(submitApi, "POST", "/submit", { body, headers: { "content-type": type } });
        await expectError(res, 415, "unsupported_media_type");
      }
    });

    it("answers 400 invalid_json for malformed JSON the handler parses itself", async () => {
      const res = await call(submitApi, "POST", "/submit", { body: '{"name":', headers: { "content-type": "application/vnd.api+json" } });
      await expectError(res, 400, "invalid_json");
    });

    it("answers 400 invalid_body for a top-level array", async () => {
      const res = await call(submitApi, "POST", "/submit", { body: [{ name: "x" }] });
      await expectError(res, 400, "invalid_body");
    });

    it("ignores the body of a GET", async () => {
      const res = await fetch(`${pingApi.baseUrl}/ping`, { method: "GET" });
      expect(res.status).toBe(200);
    });
  });

  describe("authentication and roles", () => {
    it("answers 401 unauthenticated with WWW-Authenticate without a token", async () => {
      const res = await call(api, "POST", "/things/t1", { body: { name: "x" } });
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="promptforge"');
      await expectError(res, 401, "unauthenticated");
    });

    it("answers 401 invalid_token for a malformed Authorization header", async () => {
      const res = await call(api, "POST", "/things/t1", { body: { name: "x" }, headers: { authorization: "Basic dXNlcjpwYXNz" } });
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="promptforge"');
      await expectError(res, 401, "invalid_token");
    });

    it("maps the verifier's rejections to 401 codes", async () => {
      await expectError(await call(api, "POST", "/things/t1", { token: EXPIRED_TOKEN, body: { name: "x" } }), 401, "token_expired");
      await expectError(
        await call(api, "POST", "/things/t1", { token: "unknown-token-0123456789", body: { name: "x" } }),
        401,
        "invalid_token",
      );
    });

    it("answers 403 forbidden when the caller lacks the role, naming the role", async () => {
      const error = await expectError(await call(api, "PUT", "/things/t1", { token: USER_TOKEN, body: { a: 1 } }), 403, "forbidden");
      expect(error.message).toContain("admin");
    });

    it("lets a caller with the role through and hands the handler the caller", async () => {
      const res = await call(api, "PUT", "/things/t1", { token: ADMIN_TOKEN, body: { a: 1, b: 2 } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ keys: ["a", "b"], by: "admin1", roles: ["admin"] });
    });

    it("answers 500 (not 401) when verification fails for a reason that is not the caller's", async () => {
      const res = await call(api, "POST", "/things/t1", { token: BROKEN_TOKEN, body: { name: "x" } });
      const error = await expectError(res, 500, "internal_error");
      expect(JSON.stringify(error)).not.toContain("hunter2");
      await reportsArrive(reported);
      expect(reported).toHaveLength(1);
      expect(reported[0].context).toMatchObject({
        functionName: "things",
        operationId: "createThing",
        uid: undefined,
        requestId: error.requestId,
      });
    });
  });

  describe("input validation", () => {
    it("names each failing params and query field in one 400", async () => {
      const res = await call(api, "GET", "/things/UPPER?verbose=maybe&extra=1");
      const error = await expectError(res, 400, "validation_failed");
      expect(fieldsOf(error)).toEqual(
        expect.arrayContaining([
          ["params.id", "invalid_format"],
          ["query.verbose", "invalid_value"],
          ["query.extra", "unknown_field"],
        ]),
      );
      expect(fieldsOf(error)).toHaveLength(3);
    });

    it("names each failing body field", async () => {
      const res = await call(api, "POST", "/things/t1", { token: USER_TOKEN, body: { name: "", count: 1.5, extra: true } });
      const error = await expectError(res, 400, "validation_failed");
      expect(fieldsOf(error)).toEqual(
        expect.arrayContaining([
          ["body.name", "too_small"],
          ["body.count", "invalid_type"],
          ["body.extra", "unknown_field"],
        ]),
      );
      expect(error.message).toMatch(/^Invalid request: /);
    });

    it("rejects a query or body on an operation that declares none", async () => {
      const q = await expectError(await call(pingApi, "GET", "/ping?x=1&y=2"), 400, "validation_failed");
      expect(fieldsOf(q)).toEqual([
        ["query.x", "unknown_field"],
        ["query.y", "unknown_field"],
      ]);
      const b = await expectError(await call(api, "DELETE", "/things/t1", { body: { force: true } }), 400, "validation_failed");
      expect(fieldsOf(b)).toEqual([["body.force", "unknown_field"]]);
    });

    it("rejects a $ operator key in the body even where the schema accepts any value", async () => {
      const res = await call(submitApi, "POST", "/submit", { body: { name: { $gt: "" } } });
      const error = await expectError(res, 400, "validation_failed");
      expect(error.details?.fields).toEqual([
        expect.objectContaining({ code: "forbidden_key", field: expect.stringMatching(/(^|\.)name\.\$gt$/) }),
      ]);
    });

    it("rejects forbidden keys under a loose record schema", async () => {
      const nested = await call(api, "PUT", "/things/t1", { token: ADMIN_TOKEN, body: { ok: 1, nested: { $set: { roles: ["admin"] } } } });
      expect(fieldsOf(await expectError(nested, 400, "validation_failed"))).toEqual([
        [expect.stringMatching(/nested\.\$set$/), "forbidden_key"],
      ]);
      const proto = await call(api, "PUT", "/things/t1", {
        token: ADMIN_TOKEN,
        body: '{"__proto__":{"isAdmin":true}}',
        headers: { "content-type": "application/json" },
      });
      expect(fieldsOf(await expectError(proto, 400, "validation_failed"))).toEqual([
        [expect.stringMatching(/__proto__$/), "forbidden_key"],
      ]);
      const ctor = await call(api, "PUT", "/things/t1", { token: ADMIN_TOKEN, body: { constructor: { prototype: {} } } });
      expect(fieldsOf(await expectError(ctor, 400, "validation_failed"))).toEqual([
        [expect.stringMatching(/constructor$/), "forbidden_key"],
      ]);
    });

    it("rejects $ keys in the query string and keeps a[$gt] a literal (unknown) key", async () => {
      const where = await expectError(await call(api, "GET", "/things/abc?%24where=1"), 400, "validation_failed");
      expect(fieldsOf(where)).toEqual([[expect.stringMatching(/\$where$/), "forbidden_key"]]);
      const bracket = await expectError(await call(api, "GET", "/things/abc?verbose[$ne]=x"), 400, "validation_failed");
      expect(fieldsOf(bracket)).toEqual([["query.verbose[$ne]", "unknown_field"]]);
      const proto = await expectError(await call(api, "GET", "/things/abc?__proto__=x"), 400, "validation_failed");
      expect(fieldsOf(proto)).toEqual([[expect.stringMatching(/__proto__$/), "forbidden_key"]]);
    });
  });

  describe("failures", () => {
    it("turns an unexpected error into a generic 500, reported with the request context", async () => {
      const res = await call(api, "GET", "/things/boom");
      const text = await res.clone().text();
      const error = await expectError(res, 500, "internal_error");
      expect(error.message).toBe("Something went wrong on our side; it has been reported");
      for (const leak of ["hunter2", "mongodb://", "E11000", "at ", "Error:", ".ts:"]) expect(text).not.toContain(leak);
      await reportsArrive(reported);
      expect(reported).toHaveLength(1);
      expect((reported[0].err as Error).message).toContain("E11000");
      expect(reported[0].context).toEqual({
        requestId: res.headers.get("x-request-id"),
        functionName: "things",
        operationId: "getThing",
        uid: undefined,
        method: "GET",
        route: "/things/{id}",
      });
    });

    it("reports the caller's uid when an authenticated operation fails", async () => {
      const res = await call(api, "POST", "/things/t1", {
        token: USER_TOKEN,
        body: { name: "boom" },
        headers: { "x-request-id": "req-0001-abcdef" },
      });
      await expectError(res, 500, "internal_error");
      await reportsArrive(reported);
      expect(reported.map((r) => r.context)).toEqual([
        {
          requestId: "req-0001-abcdef",
          functionName: "things",
          operationId: "createThing",
          uid: "u1",
          method: "POST",
          route: "/things/{id}",
        },
      ]);
    });

    it("answers 503 service_unavailable with Retry-After when the database cannot be reached", async () => {
      const res = await call(api, "GET", "/things/down");
      expect(res.headers.get("retry-after")).toBe("5");
      const text = await res.clone().text();
      await expectError(res, 503, "service_unavailable");
      expect(text).not.toContain("ECONNREFUSED");
      expect(text).not.toContain("hunter2");
    });

    it("passes a handler's HttpError through unchanged and does not report it", async () => {
      const error = await expectError(await call(api, "GET", "/things/gone"), 404, "not_found");
      expect(error.message).toBe("Thing not found");
      expect(reported).toEqual([]);
    });

    it("answers 500 for a response that breaks its schema outside production", async () => {
      await expectError(await call(api, "GET", "/things/badshape"), 500, "internal_error");
      const staging = await serve("things", things, fakeDeps({}, { ...baseConfig, environment: "staging" }).deps);
      await expectError(await call(staging, "GET", "/things/badshape"), 500, "internal_error");
    });

    it("lets such a response through in production", async () => {
      const prod = await serve("things", things, fakeDeps({}, { ...baseConfig, environment: "production" }).deps);
      const res = await call(prod, "GET", "/things/badshape");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: 123 });
    });
  });
});

describe("createRequestHandler with failing dependencies", () => {
  it("answers 500 config_invalid and reports it when the configuration is invalid", async () => {
    const { deps, reported } = fakeDeps({
      config: () => {
        throw new HttpError(500, "config_invalid", "The service is misconfigured", { cause: new Error("ENVIRONMENT: invalid") });
      },
    });
    const api = await serve("ping", ping, deps);
    const res = await call(api, "GET", "/ping");
    const text = await res.clone().text();
    await expectError(res, 500, "config_invalid");
    expect(text).not.toContain("ENVIRONMENT");
    await reportsArrive(reported);
    expect(reported).toHaveLength(1);
    expect(reported[0].context).toMatchObject({ functionName: "ping", operationId: undefined, requestId: res.headers.get("x-request-id") });
  });

  it("still answers the 500 when reporting the error fails", async () => {
    const { deps } = fakeDeps({ report: () => Promise.reject(new Error("sentry down")) });
    const api = await serve("things", things, deps);
    await expectError(await call(api, "GET", "/things/boom"), 500, "internal_error");
  });

  it("answers 500 and reports when the rate-limit store fails", async () => {
    const failing: RateLimiter = { consume: () => Promise.reject(new Error("store unreachable")), refund: async () => undefined };
    const { deps, reported } = fakeDeps({ rateLimiter: async () => failing });
    const api = await serve("ping", ping, deps);
    await expectError(await call(api, "GET", "/ping"), 500, "internal_error");
    await reportsArrive(reported);
    expect((reported[0]?.err as Error).message).toBe("store unreachable");
  });
});

describe("rate limiting", () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await serve("limited", limited, fakeDeps().deps);
  });

  it("answers 429 with Retry-After once a client is over the limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await call(api, "GET", "/limited")).status);
    expect(statuses).toEqual([200, 200]);
    const res = await call(api, "GET", "/limited");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const error = await expectError(res, 429, "rate_limited");
    expect(error.message).toContain(`${retryAfter} s`);
  });

  it("limits authenticated operations per user", async () => {
    for (let i = 0; i < 2; i++) expect((await call(api, "POST", "/limited", { token: USER_TOKEN })).status).toBe(200);
    await expectError(await call(api, "POST", "/limited", { token: USER_TOKEN }), 429, "rate_limited");
    const other = await call(api, "POST", "/limited", { token: ADMIN_TOKEN });
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual({ uid: "admin1" });
  });

  it("a rejected credential is answered 401 and does not spend the per-user limit", async () => {
    const api = await serve("limited", limited, fakeDeps().deps);
    for (let i = 0; i < 4; i++)
      await expectError(await call(api, "POST", "/limited", { headers: xff("198.51.100.200") }), 401, "unauthenticated");
    for (let i = 0; i < 2; i++)
      expect((await call(api, "POST", "/limited", { token: ADMIN_TOKEN, headers: xff("198.51.100.200") })).status).toBe(200);
  });
});

describe("a signed-in operation's cold path", () => {
  /** A verifier that answers only when released, so a test can see what started while it waited. */
  function slowVerifier() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const verifier = firebaseTokenVerifier(async () => fakeAuth);
    return { release, verifier: { verify: async (token: string) => gate.then(() => verifier.verify(token)) } };
  }
  const waitFor = async (done: () => boolean) => {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 2));
  };

  it("opens the caller's rate-limit store and loads the handler while the credential is being checked", async () => {
    const { release, verifier } = slowVerifier();
    const started: string[] = [];
    const limiter = flexibleRateLimiter((o) => new RateLimiterMemory(o));
    const spec: FunctionSpec = {
      ...limited,
      operations: {
        POST: {
          ...limited.operations.POST!,
          rateLimit: { points: 2, durationSeconds: 60, store: "shared" },
          handler: async () => (started.push("handler"), async (ctx) => ({ uid: ctx.caller.uid })),
        },
      },
    };
    const { deps } = fakeDeps({
      verifier: async () => verifier,
      rateLimiter: async (store) => (started.push(`limiter:${store}`), limiter),
    });
    const api = await serve("limited", spec, deps);
    const response = call(api, "POST", "/limited", { token: USER_TOKEN });
    await waitFor(() => started.includes("handler"));
    // Both began before the verifier answered.
    expect(started).toEqual(["limiter:local", "limiter:shared", "handler"]);
    release();
    const res = await response;
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { uid: "u1" } });
  });

  it("answers a bad credential 401 even when the rate-limit store or the handler's code fails to load (nothing left unhandled)", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const failing = fakeDeps({
        rateLimiter: async (store) => {
          if (store === "local") return flexibleRateLimiter((o) => new RateLimiterMemory(o));
          throw new Error("store unreachable");
        },
      });
      const sharedOp = { ...limited.operations.POST!, rateLimit: { points: 2, durationSeconds: 60, store: "shared" as const } };
      const api = await serve("limited", { ...limited, operations: { POST: sharedOp } }, failing.deps);
      await expectError(await call(api, "POST", "/limited", { token: "forged-token-0123456789" }), 401, "invalid_token");
      // A verified caller does meet the failure (500, reported), as before.
      await expectError(await call(api, "POST", "/limited", { token: USER_TOKEN }), 500, "internal_error");

      const brokenHandler = { ...limited.operations.POST!, handler: () => Promise.reject(new Error("module failed to load")) };
      const api2 = await serve("limited", { ...limited, operations: { POST: brokenHandler } }, fakeDeps().deps);
      await expectError(await call(api2, "POST", "/limited", { token: "forged-token-0123456789" }), 401, "invalid_token");
      await expectError(await call(api2, "POST", "/limited", { token: USER_TOKEN }), 500, "internal_error");
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

/** X-Forwarded-For as Google's front end delivers it for a caller at `ip` that sent `sent` itself. */
const xff = (ip: string, sent?: string) => ({ "x-forwarded-for": sent ? `${sent}, ${ip}` : ip });

describe("per-IP key (X-Forwarded-For)", () => {
  it("straight to the function's URL: entries the caller adds do not give it a fresh budget", async () => {
    const api = await serve("limited", limited, fakeDeps().deps);
    expect((await call(api, "GET", "/limited", { headers: xff("203.0.113.50", "1.1.1.1") })).status).toBe(200);
    expect((await call(api, "GET", "/limited", { headers: xff("203.0.113.50", "2.2.2.2") })).status).toBe(200);
    await expectError(await call(api, "GET", "/limited", { headers: xff("203.0.113.50", "3.3.3.3, 4.4.4.4") }), 429, "rate_limited");
    // Nor can it spend someone else's budget by naming them.
    expect((await call(api, "GET", "/limited", { headers: xff("203.0.113.51") })).status).toBe(200);
  });

  it("through Hosting (its edge in TRUSTED_PROXIES): counted per caller the edge saw, not per edge or per spoofed entry", async () => {
    const api = await serve("limited", limited, fakeDeps({}, { ...baseConfig, trustedProxies: ["151.101.0.0/16"] }).deps);
    const viaEdge = (caller: string, sent?: string) => ({ "x-forwarded-for": `${sent ? `${sent}, ` : ""}${caller}, 151.101.1.195` });
    expect((await call(api, "GET", "/limited", { headers: viaEdge("203.0.113.60", "1.1.1.1") })).status).toBe(200);
    expect((await call(api, "GET", "/limited", { headers: viaEdge("203.0.113.60", "2.2.2.2") })).status).toBe(200);
    await expectError(await call(api, "GET", "/limited", { headers: viaEdge("203.0.113.60", "5.5.5.5") }), 429, "rate_limited");
    expect((await call(api, "GET", "/limited", { headers: viaEdge("203.0.113.61") })).status).toBe(200);
    // A direct caller pretending to be the edge is still counted as itself.
    expect((await call(api, "GET", "/limited", { headers: xff("203.0.113.62", "203.0.113.60") })).status).toBe(200);
  });
});

describe("throttling before expensive work", () => {
  const LIMIT = UNAUTHENTICATED_RATE_LIMIT.points;

  async function burst(api: ApiServer, n: number, opts: CallOptions): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => call(api, "POST", "/limited", opts)));
      statuses.push(...batch.map((r) => r.status));
    }
    return statuses;
  }

  function countingDeps() {
    const lookups = { count: 0 };
    const inner = firebaseTokenVerifier(async () => fakeAuth);
    const { deps } = fakeDeps({ verifier: async () => ({ verify: (t) => (lookups.count++, inner.verify(t)) }) });
    return { deps, lookups };
  }

  it("counts unauthenticated requests per IP before looking the credential up: past the budget, 429 with no lookup", async () => {
    const { deps, lookups } = countingDeps();
    const api = await serve("limited", limited, deps);
    const headers = xff("198.51.100.10");
    const statuses = await burst(api, LIMIT, { token: "forged-token-0123456789", headers });
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(lookups.count).toBe(LIMIT);
    const res = await call(api, "POST", "/limited", { token: "another-forged-token-0123", headers });
    await expectError(res, 429, "rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(lookups.count).toBe(LIMIT);
    // The budget is per address: another one is still looked up (and refused).
    await expectError(
      await call(api, "POST", "/limited", { token: "forged-token-0123456789", headers: xff("198.51.100.11") }),
      401,
      "invalid_token",
    );
  });

  it("a verified caller's request gives its point back, so only 401s use the budget up", async () => {
    const { deps } = countingDeps();
    const busy: FunctionSpec = { ...limited, operations: { POST: { ...limited.operations.POST!, rateLimit: perMinute(10 * LIMIT) } } };
    const api = await serve("busy", busy, deps);
    const statuses = await burst(api, LIMIT + 20, { token: USER_TOKEN, headers: xff("198.51.100.20") });
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT + 20);
  });

  it("answers an unauthenticated request with a large body 401 without reading the body", async () => {
    const api = await serve("limited", limited, fakeDeps().deps);
    const big = "x".repeat(5 * 1024 * 1024);
    // Not JSON: had the body been read first, this would be 415.
    await expectError(
      await call(api, "POST", "/limited", { body: big, headers: { "content-type": "text/plain", ...xff("198.51.100.30") } }),
      401,
      "unauthenticated",
    );
  });

  it("answers a throttled address 429 before reading its body", async () => {
    const { deps } = countingDeps();
    const api = await serve("limited", limited, deps);
    const headers = xff("198.51.100.40");
    await burst(api, LIMIT, { headers });
    const res = await call(api, "POST", "/limited", { body: "{not json", headers: { "content-type": "text/plain", ...headers } });
    await expectError(res, 429, "rate_limited");
  });
});

describe("logging", () => {
  const lines: { level: LogLevel; event: string; fields: LogFields }[] = [];
  let api: ApiServer;

  beforeAll(async () => {
    api = await serve("things", things, fakeDeps().deps);
  });
  beforeEach(() => {
    lines.length = 0;
    setLogSink((level, event, fields) => lines.push({ level, event, fields }));
    setLogLevel("debug");
  });
  afterEach(() => {
    setLogSink(quiet);
    setLogLevel((process.env.LOG_LEVEL as LogLevel) || "info");
  });

  it("writes one access log line per request with its status and request id", async () => {
    const res = await call(api, "GET", "/things/abc", { headers: { "x-request-id": "log-test-0001" } });
    expect(res.status).toBe(200);
    const access = lines.filter((l) => l.event === "http_request");
    expect(access).toHaveLength(1);
    expect(access[0].fields).toMatchObject({
      function: "things",
      operation: "getThing",
      method: "GET",
      route: "/things/{id}",
      status: 200,
      requestId: "log-test-0001",
    });
    expect(access[0].fields.latencyMs).toEqual(expect.any(Number));
  });

  it("keeps the details of an unexpected error in the logs (not in the response)", async () => {
    const res = await call(api, "GET", "/things/boom");
    expect(res.status).toBe(500);
    const failed = lines.find((l) => l.event === "request_failed");
    expect(failed?.level).toBe("error");
    expect(failed?.fields).toMatchObject({ errorName: "Error", code: "internal_error", requestId: res.headers.get("x-request-id") });
    expect(String(failed?.fields.errorMessage)).toContain("E11000");
    expect(lines.find((l) => l.event === "http_request")?.fields.status).toBe(500);
  });

  it("logs a response schema mismatch with its issues", async () => {
    await call(api, "GET", "/things/badshape");
    const mismatch = lines.find((l) => l.event === "response_schema_mismatch");
    expect(mismatch?.fields).toMatchObject({ function: "things", operation: "getThing" });
    expect(Array.isArray(mismatch?.fields.issues)).toBe(true);
  });
});
