import { LlmError, type ProviderId } from "../llm-types";

/**
 * Turning what the vendor SDKs throw into LlmError. The openai and Anthropic SDKs share one error
 * shape (APIError with status and headers; connection, timeout and user-abort subclasses), so they
 * are classified by shape here rather than by class, which would need each SDK loaded.
 */

/** The caller's abort is not a vendor failure: it surfaces as the signal's reason (an AbortError). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("The operation was aborted", "AbortError");
}

/**
 * Retry-After: `retry-after-ms` (OpenAI), else seconds or an HTTP date. A date is read against the
 * response's own `Date` header (the vendor's clock, so no skew with ours); without one it is ignored
 * and the router's backoff applies.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const raw = headers?.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const date = Date.parse(raw);
  const sent = Date.parse(headers?.get("date") ?? "");
  return Number.isNaN(date) || Number.isNaN(sent) ? undefined : Math.max(0, date - sent);
}

/** The kind of an HTTP error status; `body` is the error text, searched for content-policy codes. */
export function kindForStatus(status: number, body: string): LlmError["kind"] {
  if (status === 429) return "rate_limited";
  if (status === 529 || /overloaded_error/.test(body)) return "overloaded";
  if (status === 408) return "timeout";
  if (status >= 500) return "server_error";
  if (status === 401 || status === 403) return "auth";
  if (/content_policy|content_filter|safety|responsible ?ai/i.test(body)) return "content_policy";
  return "bad_request";
}

const CONNECTION_CODES =
  /ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET|other side closed|\bterminated\b|socket hang up|fetch failed/i;

/** Whether an error (or one of its causes) is a dropped or refused connection. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if ((typeof code === "string" && CONNECTION_CODES.test(code)) || (typeof message === "string" && CONNECTION_CODES.test(message)))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function isMalformed(err: unknown): boolean {
  if (err instanceof SyntaxError) return true;
  const message = (err as { message?: unknown })?.message;
  return typeof message === "string" && /JSON|Unexpected token|Incomplete|parsing stream chunk|could not parse/i.test(message);
}

/**
 * openai and @anthropic-ai/sdk errors (and anything else thrown while calling them). A connection
 * error at or past the adapter's deadline is a timeout: the SDKs tell the two apart by the abort
 * error's name, which does not survive every realm (fetch's DOMException inside Jest's VM).
 * `startedAt` is the call's `performance.now()`: elapsed time, not the time of day.
 */
export function classifySdkError(
  provider: ProviderId,
  err: unknown,
  signal: AbortSignal,
  call: { startedAt: number; timeoutMs: number },
): Error {
  if (err instanceof LlmError) return err;
  if (signal.aborted) return abortReason(signal);
  const timedOut = performance.now() - call.startedAt >= call.timeoutMs - 10; // timers may fire a tick early
  const e = (err ?? {}) as { name?: string; status?: unknown; headers?: { get(name: string): string | null }; message?: string };
  const message = e.message ?? String(err);
  const name = e.constructor?.name ?? e.name ?? "";
  if (name === "APIConnectionTimeoutError") return new LlmError("timeout", `${provider}: request timed out`, { provider, cause: err });
  if (name === "APIConnectionError")
    return new LlmError(timedOut ? "timeout" : "connection", `${provider}: ${message}`, { provider, cause: err });
  if (typeof e.status === "number") {
    const kind = kindForStatus(e.status, message);
    const retryAfter = kind === "rate_limited" || kind === "overloaded" ? retryAfterMs(e.headers) : undefined;
    return new LlmError(kind, `${provider}: ${message}`, { provider, status: e.status, retryAfterMs: retryAfter, cause: err });
  }
  // An `error` event inside a stream arrives without a status.
  if (/overloaded_error/.test(message)) return new LlmError("overloaded", `${provider}: ${message}`, { provider, cause: err });
  if (/rate_limit_error/.test(message)) return new LlmError("rate_limited", `${provider}: ${message}`, { provider, cause: err });
  if (/api_error|server_error|SSE Error/i.test(message))
    return new LlmError("server_error", `${provider}: ${message}`, { provider, cause: err });
  if (isMalformed(err)) return new LlmError("malformed_response", `${provider}: ${message}`, { provider, cause: err });
  if (isConnectionError(err)) return new LlmError(timedOut ? "timeout" : "connection", `${provider}: ${message}`, { provider, cause: err });
  return new LlmError("malformed_response", `${provider}: unexpected error: ${message}`, { provider, cause: err });
}

export function unsupported(provider: ProviderId, what: string): LlmError {
  return new LlmError("unsupported", `${provider} does not support ${what}`, { provider });
}

export function malformed(provider: ProviderId, what: string): LlmError {
  return new LlmError("malformed_response", `${provider}: ${what}`, { provider });
}
