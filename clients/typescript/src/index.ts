import createClient, { type Client, type Middleware } from "openapi-fetch";
import { PromptForgeError } from "./prompt-forge-error";
import { retryingFetch, type RetryOptions } from "./retrying-fetch";
import type { components, paths } from "./schema";
import { parseSse } from "./sse";

export type { components, operations, paths } from "./schema";
export { PromptForgeError, retryAfterSeconds, type ErrorBody } from "./prompt-forge-error";
export { parseSse, type SseMessage } from "./sse";
export { retryingFetch, type RetryOptions } from "./retrying-fetch";

export type Schemas = components["schemas"];

/**
 * The operations that honour an `Idempotency-Key` (openapi.json documents the header on them; a test
 * keeps this list equal to it). The client sends a fresh key with each call unless the caller passes
 * one, so its own retries, and the caller's with the same key, never run a paid call twice.
 */
export const IDEMPOTENT_POSTS = [
  "/ai/analyze",
  "/ai/compare",
  "/ai/enhance",
  "/ai/generate",
  "/ideas/generate",
  "/marketplace/listings/{listingId}/try",
] as const;

/** A streamed generate's events (openapi.json: x-sse-events of POST /ai/generate). */
export type GenerateStreamEvent =
  | { event: "start"; data: Schemas["StreamStartEvent"] }
  | { event: "delta"; data: Schemas["StreamDeltaEvent"] }
  | { event: "done"; data: Schemas["StreamDoneEvent"] }
  | { event: "error"; data: Schemas["StreamErrorEvent"] };

export interface PromptForgeClientOptions {
  /** The API root including its version, e.g. `https://api.example.com/api/v1`. */
  baseUrl: string;
  /** The signed-in user's Firebase ID token (`() => auth.currentUser?.getIdToken()`); none = anonymous calls. */
  getIdToken?: () => Promise<string | null | undefined> | string | null | undefined;
  /** The underlying fetch (default: the global one). */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** A new Idempotency-Key (default: crypto.randomUUID()). */
  newIdempotencyKey?: () => string;
}

export interface PromptForgeClient {
  /** The typed API: `api.GET("/users/me")`, `api.POST("/prompts", { body })`; answers `{ data, error, response }`. */
  api: Client<paths>;
  /** `data`, or the error body thrown as a PromptForgeError. */
  unwrap<T>(result: { data?: T; error?: unknown; response: Response }): Promise<T>;
  /**
   * POST /ai/generate with `stream: true`, as its events; a refusal before the stream starts throws
   * PromptForgeError. Never retried and sent without Idempotency-Key (a stream cannot be replayed).
   */
  generateStream(body: Omit<Schemas["GenerateInput"], "stream">, options?: { signal?: AbortSignal }): AsyncGenerator<GenerateStreamEvent>;
}

export function createPromptForgeClient(options: PromptForgeClientOptions): PromptForgeClient {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const api = createClient<paths>({ baseUrl: options.baseUrl, fetch: retryingFetch(baseFetch, options.retry) });
  const newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());
  const idempotent = new Set<string>(IDEMPOTENT_POSTS);

  // Middleware runs once per call, before the retrying fetch: every attempt carries the same token and key.
  const headers: Middleware = {
    async onRequest({ request, schemaPath }) {
      const token = await options.getIdToken?.();
      if (token) request.headers.set("authorization", `Bearer ${token}`);
      // A stream cannot be replayed: the API refuses an Idempotency-Key on a streamed call.
      const streamed = request.headers.get("accept") === "text/event-stream";
      if (request.method === "POST" && idempotent.has(schemaPath) && !streamed && !request.headers.has("idempotency-key")) {
        request.headers.set("idempotency-key", newKey());
      }
      return request;
    },
  };
  api.use(headers);

  async function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): Promise<T> {
    if (result.response.ok) return result.data as T;
    throw await PromptForgeError.fromResponse(result.response, result.error);
  }

  async function* generateStream(
    body: Omit<Schemas["GenerateInput"], "stream">,
    init: { signal?: AbortSignal } = {},
  ): AsyncGenerator<GenerateStreamEvent> {
    const { data, error, response } = await api.POST("/ai/generate", {
      body: { ...body, stream: true } as Schemas["GenerateInput"],
      parseAs: "stream",
      signal: init.signal,
      headers: { Accept: "text/event-stream" },
    });
    if (!response.ok || !data) throw await PromptForgeError.fromResponse(response, error);
    for await (const message of parseSse(data)) {
      yield { event: message.event, data: JSON.parse(message.data) } as GenerateStreamEvent;
    }
  }

  return { api, unwrap, generateStream };
}
