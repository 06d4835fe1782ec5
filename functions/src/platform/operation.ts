import type { SecretParam } from "firebase-functions/params";
import type { z } from "zod";
import type { ApiScope } from "../core/auth/api-key-verifier";
import type { Caller } from "../core/auth/caller";
import type { Role } from "../core/auth/roles";
import type { RateRule } from "../core/rate-limit/rate-limiter";
import type { RateLimitStore } from "../core/rate-limit/rate-limit-stores";
import type { Services } from "../services";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/**
 * What a handler may use beyond its input (STYLE rule 9): built by services.ts, the one wiring seam.
 * A type-only import: the platform does not load the wiring at run time.
 */
export type { Services };

export interface OperationContext<P = unknown, Q = unknown, B = unknown> {
  requestId: string;
  /** Present on every operation whose auth is "user". */
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  services: Services;
  /** The exact bytes received (webhook signatures are computed over them) and the request headers. */
  raw: { body: Buffer; headers: Record<string, string | string[] | undefined> };
}

/** A non-default status or extra headers; handlers otherwise return the body for a 200. */
export class Reply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Where a streamed body goes: `write` returns false when the client is slow; `drained` waits for it. */
export interface StreamOut {
  write(chunk: string | Uint8Array): unknown;
  drained(): Promise<void>;
}

/**
 * A streamed response: the platform sends the 200 with `contentType` (Server-Sent Events unless told
 * otherwise), then calls `write`; `signal` aborts when the client disconnects. Errors thrown before it
 * is returned are ordinary JSON errors; after, the handler reports them in the stream (SSE) or the
 * body ends early (an incomplete JSON document a client cannot mistake for a whole one).
 */
export class StreamReply {
  constructor(
    readonly write: (out: StreamOut, signal: AbortSignal) => Promise<void>,
    readonly contentType = "text/event-stream; charset=utf-8",
    /** Extra response headers (e.g. Content-Disposition for a download). */
    readonly headers: Record<string, string> = {},
  ) {}
}

export type Handler<P, Q, B, R> = (ctx: OperationContext<P, Q, B>) => Promise<R | Reply<R> | StreamReply>;

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface OperationSpec<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends AnyObject = AnyObject,
  R extends z.ZodType = z.ZodType,
> {
  operationId: string;
  summary: string;
  tag: string;
  /** "public": no token; "user": a verified Firebase ID token. */
  auth: "public" | "user";
  /** The caller needs at least one of these roles (403 otherwise). */
  roles?: Role[];
  /**
   * The API-key scopes this operation needs (all of them). Only operations that declare scopes accept
   * API keys (403 `api_key_not_allowed` elsewhere, e.g. admin and key management); ID tokens have every scope.
   */
  scopes?: ApiScope[];
  /** Per caller (uid) for "user" operations, per client IP for public ones. */
  rateLimit: RateRule & { store: RateLimitStore };
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /**
   * The handler reads and verifies the body itself (payment webhooks: signatures over the raw bytes;
   * prompt packages: JSON or zip); the platform does not parse or validate it, only bounds its size.
   * A `body` schema given with it only documents the JSON form (OpenAPI).
   */
  rawBody?: boolean;
  /** Per caller, the caller's tier's requestsPerMinute replaces `rateLimit.points` (per-minute window). */
  tierRateLimit?: boolean;
  /** Status of a success (default 200). */
  status?: number;
  /** Error statuses worth documenting beyond the ones every operation has. */
  errors?: number[];
  /** The handler honours an `Idempotency-Key` header (core/idempotency): documented, and sent by the typed client. */
  idempotencyKey?: boolean;
  /** Server-Sent Events the success response may be instead of JSON: event name → its `data` schema (documented). */
  events?: Record<string, z.ZodType>;
  handler: () => Promise<Handler<z.infer<P>, z.infer<Q>, z.infer<B>, z.input<R>>>;
}

export interface FunctionSpec {
  /** Resource path under /api/v1, with `{name}` path parameters. */
  path: string;
  /** Secrets this function may read; nothing else is bound to it. */
  secrets: SecretParam[];
  timeoutSeconds?: number;
  memory?: "256MiB" | "512MiB" | "1GiB";
  operations: Partial<Record<HttpMethod, OperationSpec>>;
}

/**
 * Keeps each operation's handler typed against its own schemas. The tag may be left to the module's
 * defaults (platform/module-routes.ts), which fill it in.
 */
export function operation<P extends AnyObject, Q extends AnyObject, B extends AnyObject, R extends z.ZodType>(
  spec: Omit<OperationSpec<P, Q, B, R>, "tag"> & { tag?: string },
): OperationSpec {
  return spec as unknown as OperationSpec;
}

export const API_PREFIX = "/api/v1";
