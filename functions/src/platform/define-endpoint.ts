import { randomUUID } from "node:crypto";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { onRequest, type HttpsFunction } from "firebase-functions/v2/https";
import type { z } from "zod";
import type { Caller, TokenVerifier } from "../core/auth/caller";
import type { RateLimitStore } from "../core/rate-limit/rate-limit-stores";
import type { RateLimiter } from "../core/rate-limit/rate-limiter";
import { bearerToken } from "./bearer-token";
import { clientIp, trustedProxyList } from "./client-ip";
import type { Config } from "./config";
import { errorBody, HttpError, tooManyRequests } from "./http-error";
import { errorFields, log } from "./logger";
import { databaseUnavailable, isDatabaseUnavailable } from "./mongo-errors";
import { HTTP_METHODS, Reply, StreamReply, type FunctionSpec, type HttpMethod, type OperationSpec, type Services } from "./operation";
import { compilePath } from "./path-pattern";
import { REGION } from "./region";
import {
  fieldIssues,
  findForbiddenKey,
  MAX_BODY_BYTES,
  parseQuery,
  payloadTooLarge,
  readJsonBody,
  validationError,
  type FieldIssue,
} from "./request-input";
import type { RequestReport } from "./sentry";
import { epochMs, runInTrace, timed, type RequestTrace } from "./telemetry";

/**
 * Everything the request pipeline needs from outside, wired by services.ts (`platformDeps()`); tests
 * pass fakes. The pipeline knows no billing or auth implementation, only these roles.
 */
export interface PlatformDeps {
  config(): Config;
  verifier(): Promise<TokenVerifier>;
  rateLimiter(store: RateLimitStore): Promise<RateLimiter>;
  /** The per-minute request limit of the caller's tier, for operations with `tierRateLimit`. */
  requestsPerMinute(caller: Caller): Promise<number>;
  services: Services;
  /** Error reporting and tracing (platform/sentry.ts), handed a request once its response is complete. */
  report(report: RequestReport): Promise<void>;
  /** Told of every authenticated request once its response is complete (DAU/WAU/MAU markers); may reject. */
  activity?(caller: Caller): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Requests to authenticated operations per client address and minute, across all functions, counted
 * before the credential is checked; a verified caller's point is given back, so only 401s (and
 * requests still being verified) use it up.
 */
export const UNAUTHENTICATED_RATE_LIMIT = { points: 300, durationSeconds: 60 };
const UNAUTHENTICATED_BUCKET = "unauthenticated";
const ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id, Idempotency-Key";
const EXPOSED_HEADERS = "X-Request-Id, Retry-After, WWW-Authenticate, Idempotent-Replayed";

/** The request handler of one function (one resource path, one or more methods). */
export function createRequestHandler(functionName: string, spec: FunctionSpec, deps: PlatformDeps) {
  const pattern = compilePath(spec.path);
  const methods = HTTP_METHODS.filter((m) => spec.operations[m]);
  const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");

  return function handle(req: Request, res: Response): Promise<void> {
    const incomingId = req.header("x-request-id");
    const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const trace: RequestTrace = { requestId, functionName, sampled: false, spans: [] };
    return runInTrace(trace, () => serve(req, res, trace));
  };

  async function serve(req: Request, res: Response, trace: RequestTrace): Promise<void> {
    const { requestId } = trace;
    const started = performance.now();
    const startMs = epochMs();
    const method = (req.method === "HEAD" ? "GET" : req.method) as HttpMethod | "OPTIONS";
    let caller: Caller | undefined;
    let op: OperationSpec | undefined;
    let status = 500;
    let unexpected = false;
    let thrownError: unknown;
    res.setHeader("X-Request-Id", requestId);
    res.setHeader("X-Content-Type-Options", "nosniff");
    try {
      const config = deps.config();
      // Decided before anything is loaded; a sampled request's spans go to Sentry after its response.
      trace.sampled = !!config.sentryDsn && Math.random() < config.sentryTracesSampleRate;
      const preflight = applyCors(req, res, config, allow);
      const params = pattern.match(req.path);
      if (!params || methods.length === 0) throw new HttpError(404, "not_found", "No such endpoint");
      if (preflight) {
        status = 204;
        res.status(204).end();
        return;
      }
      op = method === "OPTIONS" ? undefined : spec.operations[method];
      trace.operationId = op?.operationId;
      if (!op) {
        throw new HttpError(405, "method_not_allowed", `${req.method} is not allowed here`, { headers: { Allow: allow } });
      }
      if (Number(req.header("content-length") ?? 0) > MAX_BODY_BYTES) throw payloadTooLarge();

      // Per client address, before any credential is looked up or any body parsed: a public
      // operation's own limit; for the others a budget that only unauthenticated requests keep using
      // (a verified caller's point is given back below, so a 401 is what spends it).
      // The unauthenticated budget is counted in this instance's memory: it guards this instance's
      // token and key lookups, and costs no round trip on the path of every signed-in request.
      const publicLimiter = op.auth === "public" ? await deps.rateLimiter(op.rateLimit.store) : undefined;
      const ipLimiter = publicLimiter ?? (await deps.rateLimiter("local"));
      const ipKey = `ip:${clientIp(req.header("x-forwarded-for"), trustedProxyList(config.trustedProxies), req.socket?.remoteAddress)}`;
      const ipBucket = op.auth === "public" ? `${functionName}.${method}` : UNAUTHENTICATED_BUCKET;
      const ipRule = op.auth === "public" ? op.rateLimit : UNAUTHENTICATED_RATE_LIMIT;
      const ipDecision = await ipLimiter.consume(ipBucket, ipKey, ipRule);
      if (!ipDecision.allowed) throw tooManyRequests(ipDecision);

      const rawBody = req.rawBody ?? Buffer.alloc(0);
      if (rawBody.length > MAX_BODY_BYTES) throw payloadTooLarge();

      let limiterReady: Promise<RateLimiter> | undefined;
      let handlerReady: ReturnType<OperationSpec["handler"]> | undefined;
      if (op.auth === "user") {
        const authorization = req.header("authorization");
        const verified = timed("auth", "verify credential", async () => (await deps.verifier()).verify(bearerToken(authorization)));
        // What does not depend on the caller starts while the credential is checked (on a cold
        // instance, an HTTP call to Firebase Auth): the caller's limiter (its store's connection) and,
        // once those calls are under way, the handler's code. Neither is used before the caller is
        // verified, and a failure of either surfaces only then: a bad credential is still a 401.
        limiterReady = deps.rateLimiter(op.rateLimit.store);
        const loadHandler = op.handler;
        handlerReady = new Promise<void>((resolve) => setImmediate(resolve)).then(() => loadHandler());
        for (const pending of [limiterReady, handlerReady]) pending.catch(() => undefined);
        caller = await verified;
        await ipLimiter.refund(ipBucket, ipKey, ipRule);
        if (caller.authMethod === "api_key") checkApiKeyAccess(op, caller);
        if (op.roles?.length && !op.roles.some((r) => caller!.roles.includes(r))) {
          throw new HttpError(403, "forbidden", `This operation needs the role: ${op.roles.join(" or ")}`);
        }
      }

      // Parsed only now: the body of an unauthenticated or IP-throttled request is never parsed.
      const body = method === "GET" || op.rawBody ? {} : readJsonBody(req.header("content-type"), req.rawBody, req.body);

      if (caller) {
        // Tier-dependent limits follow the tier stored in MongoDB, never a claim in an older token.
        const rule = op.tierRateLimit ? { points: await deps.requestsPerMinute(caller), durationSeconds: 60 } : op.rateLimit;
        const decision = await (await limiterReady!).consume(`${functionName}.${method}`, `uid:${caller.uid}`, rule);
        if (!decision.allowed) throw tooManyRequests(decision);
      }

      const input = validateInput(op, params, parseQuery(req.url), body);
      const handler = await (handlerReady ?? op.handler());
      const result = await timed("function", op.operationId, () =>
        handler({
          requestId,
          caller: caller as Caller,
          ...input,
          services: deps.services,
          raw: { body: rawBody, headers: req.headers },
        }),
      );
      if (result instanceof StreamReply) {
        status = 200;
        await timed("stream", op.operationId, () => writeStream(res, result));
        return;
      }
      const reply = result instanceof Reply ? result : new Reply(op.status ?? 200, result);
      checkResponse(config, op, reply.body, functionName);
      status = reply.status;
      res.set({ "Cache-Control": "no-store", ...reply.headers });
      if (reply.status === 204) res.status(204).end();
      else res.status(reply.status).type("application/json").send(JSON.stringify(reply.body));
    } catch (thrown) {
      const err = toHttpError(thrown);
      status = err.status;
      if (status >= 500) {
        const context = { requestId, functionName, operationId: op?.operationId, uid: caller?.uid, method: req.method, path: req.path };
        log.error(err.status === 503 ? "request_unavailable" : "request_failed", { ...context, code: err.code, ...errorFields(thrown) });
        // Reported once the response has gone (below): the client never waits for Sentry.
        if (!(thrown instanceof HttpError) || err.code === "config_invalid") {
          unexpected = true;
          thrownError = thrown;
        }
      }
      if (!res.headersSent) {
        res.set({ "Cache-Control": "no-store", ...err.headers });
        res
          .status(err.status)
          .type("application/json")
          .send(JSON.stringify(errorBody(err, requestId)));
      } else if (!res.writableEnded) {
        res.end();
      }
    } finally {
      log.info("http_request", {
        function: functionName,
        operation: op?.operationId,
        method: req.method,
        // The path template: a low-cardinality label for monitoring/ (path carries ids).
        route: spec.path,
        path: req.path,
        status,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        uid: caller?.uid,
        requestId,
      });
      if (caller && deps.activity && status < 400) {
        const [active, mark] = [caller, deps.activity];
        // After the response: the marker never delays or fails a request (a lost one undercounts one user's slot).
        // Only an accepted request counts: a refused one (bad input, no access) changes nothing, not even this.
        afterResponse(res, () =>
          Promise.resolve()
            .then(() => mark(active))
            .catch((e) => log.warn("activity_mark_failed", { requestId, ...errorFields(e) })),
        );
      }
      if (unexpected || trace.sampled) {
        const report: RequestReport = {
          requestId,
          functionName,
          operationId: op?.operationId,
          method: req.method,
          route: spec.path,
          status,
          uid: caller?.uid,
          startMs,
          endMs: epochMs(),
          sampled: trace.sampled,
          spans: trace.spans,
          error: unexpected ? thrownError : undefined,
          clientStrings: () => clientStrings([req.body, req.query]),
        };
        afterResponse(res, () =>
          Promise.resolve()
            .then(() => deps.report(report))
            .catch((e) => log.warn("error_report_failed", { requestId, ...errorFields(e) })),
        );
      }
    }
  }
}

/** Runs `fn` once the response has been handed to the network (or the client has gone). */
function afterResponse(res: Response, fn: () => void): void {
  if (res.writableFinished || res.destroyed) {
    setImmediate(fn);
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    setImmediate(fn);
  };
  res.once("finish", once);
  res.once("close", once);
}

/** The strings a client sent (body and query values), to be cut out of error reports. */
function clientStrings(values: unknown[]): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (out.size >= 500 || depth > 8) return;
    if (typeof value === "string") {
      if (value.length >= 6) out.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
    } else if (value && typeof value === "object") {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const v of values) visit(v, 0);
  return [...out];
}

/** Sends a streamed response; the client closing the connection aborts the handler's signal. */
async function writeStream(res: Response, reply: StreamReply): Promise<void> {
  const aborter = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) aborter.abort();
  };
  // The response's close, not the request's: a request "closes" once its body has been read.
  res.on("close", onClose);
  res.status(200).set({ ...reply.headers, "Content-Type": reply.contentType, "Cache-Control": "no-store", "X-Accel-Buffering": "no" });
  res.flushHeaders();
  const drained = () =>
    new Promise<void>((resolve) => {
      if (!res.writableNeedDrain || res.destroyed) return resolve();
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  try {
    await reply.write({ write: (chunk) => !res.writableEnded && !res.destroyed && res.write(chunk), drained }, aborter.signal);
  } finally {
    res.off("close", onClose);
    if (!res.writableEnded) res.end();
  }
}

/** API keys reach only operations that declare scopes, never admin ones, and need every declared scope. */
function checkApiKeyAccess(op: OperationSpec, caller: Caller): void {
  if (!op.scopes?.length || op.roles?.length) {
    throw new HttpError(403, "api_key_not_allowed", "This operation cannot be called with an API key; use a signed-in session");
  }
  const missing = op.scopes.filter((s) => !caller.scopes?.includes(s));
  if (missing.length) {
    throw new HttpError(403, "insufficient_scope", `This API key lacks the scope: ${missing.join(", ")}`, { details: { missing } });
  }
}

/** Unknown errors become a generic 500: no stack trace or driver message ever reaches a client. */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isDatabaseUnavailable(err)) return databaseUnavailable(err);
  return new HttpError(500, "internal_error", "Something went wrong on our side; it has been reported");
}

/**
 * CORS with an allowlist per environment. Returns true when the request is a preflight that has been
 * answered. A disallowed origin gets no CORS headers (the browser blocks it) and a 403 on preflight.
 */
function applyCors(req: Request, res: Response, config: Config, allow: string): boolean {
  // Responses differ by Origin even when a request has none: caches must key on it.
  res.setHeader("Vary", "Origin");
  const origin = req.header("origin");
  if (!origin) return false;
  const allowed = config.corsOrigins.includes(origin);
  if (allowed) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
  if (req.method !== "OPTIONS" || !req.header("access-control-request-method")) return false;
  if (!allowed) throw new HttpError(403, "cors_origin_denied", "This origin may not call the API");
  res.setHeader("Access-Control-Allow-Methods", allow);
  res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
  res.setHeader("Access-Control-Max-Age", "600");
  return true;
}

function validateInput(op: OperationSpec, params: Record<string, string>, query: unknown, body: unknown) {
  const forbidden = findForbiddenKey(query, ["query"]) ?? findForbiddenKey(body, ["body"]);
  if (forbidden) {
    throw validationError([{ field: forbidden, code: "forbidden_key", message: "Keys may not start with '$' or name prototypes" }]);
  }
  const issues: FieldIssue[] = [];
  const check = <T>(where: "params" | "query" | "body", schema: z.ZodType<T> | undefined, value: unknown, strictEmpty: boolean) => {
    if (!schema) {
      if (strictEmpty && typeof value === "object" && value && Object.keys(value).length > 0) {
        for (const key of Object.keys(value)) issues.push({ field: `${where}.${key}`, code: "unknown_field", message: "Unknown field" });
      }
      return {} as T;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      issues.push(...fieldIssues(where, parsed.error));
      return undefined as T;
    }
    return parsed.data;
  };
  const result = {
    params: check("params", op.params, params, false),
    query: check("query", op.query, query, true),
    // A raw body is the handler's to read; its schema, if any, only documents the JSON form.
    body: op.rawBody ? ({} as never) : check("body", op.body, body, true),
  };
  if (issues.length) throw validationError(issues);
  return result;
}

/** Outside production a response that breaks its own schema is a bug we want to see at once. */
function checkResponse(config: Config, op: OperationSpec, body: unknown, functionName: string): void {
  if (config.environment === "production") return;
  const parsed = op.response.safeParse(body);
  if (!parsed.success) {
    log.error("response_schema_mismatch", { function: functionName, operation: op.operationId, issues: parsed.error.issues });
    // A plain Error: answered as a generic 500 and reported to Sentry like any bug.
    throw new Error(`Response of ${op.operationId} does not match its schema`);
  }
}

/** The deployed Cloud Function for one entry of the operation table. */
export function defineEndpoint(functionName: string, spec: FunctionSpec, deps: PlatformDeps): HttpsFunction {
  return onRequest(
    {
      region: REGION,
      cors: false,
      invoker: "public",
      concurrency: 80,
      cpu: 1,
      memory: spec.memory ?? "256MiB",
      timeoutSeconds: spec.timeoutSeconds ?? 30,
      secrets: spec.secrets,
    },
    createRequestHandler(functionName, spec, deps),
  );
}
