import { retryAfterSeconds } from "./prompt-forge-error";

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** A wait longer than this (e.g. a long `Retry-After`) is not waited: the response is returned (default 10 s). */
  maxDelayMs?: number;
  /** How to wait; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRIED_STATUSES = new Set([429, 503]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * A fetch that retries 429 and 503 answers, waiting what `Retry-After` says (else 250 ms, doubling),
 * but only requests that are safe to repeat: idempotent methods, or a POST carrying an
 * `Idempotency-Key` (the API replays the first answer instead of running it twice).
 */
export function retryingFetch(base: typeof fetch, options: RetryOptions = {}): (input: Request) => Promise<Response> {
  const retries = options.retries ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (input: Request) => {
    const repeatable = SAFE_METHODS.has(input.method) || input.headers.has("idempotency-key");
    for (let attempt = 0; ; attempt++) {
      // A body can be read once: each attempt sends a copy.
      const response = await base(repeatable ? input.clone() : input);
      if (!repeatable || attempt >= retries || !RETRIED_STATUSES.has(response.status)) return response;
      const after = retryAfterSeconds(response.headers.get("retry-after"));
      const delay = after !== undefined ? after * 1000 : 250 * 2 ** attempt;
      if (delay > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}
