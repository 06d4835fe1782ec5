import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { ProviderName } from "./payment-event";

/** A vendor failure, classified by the adapter that knows the vendor's error shapes. */
export interface ProviderFailure {
  /**
   * network: no answer (refused, reset, DNS); timeout: no answer in time (may have been processed);
   * server: the provider failed (5xx, 409 lock, unreadable reply); rejected: it refused our request (4xx).
   */
  kind: "network" | "timeout" | "server" | "rejected";
  status?: number;
  code?: string;
  /** The provider's own message: for our logs, never for clients. */
  message?: string;
}

export interface ProviderCallOptions {
  provider: ProviderName;
  /** Stable name for logs, e.g. "checkout_session.create". */
  operation: string;
  /**
   * Whether repeating the call cannot create a second object (an idempotency key, or an operation
   * that is idempotent by nature). Only such calls are retried.
   */
  idempotent: boolean;
  classify(err: unknown): ProviderFailure;
  /** Our own deadline, for SDKs that have none (Paddle). */
  deadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRY_BASE_MS = 150;

class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

/**
 * Calls a provider with one bounded retry: only an idempotent call, only after a failure that says
 * nothing was done or the provider failed (never after a timeout, which would double the wait),
 * after 150–450 ms of jitter. Every failure becomes 502 `payment_provider_error`; the provider's
 * message goes to the logs only.
 */
export async function callProvider<T>(options: ProviderCallOptions, call: () => Promise<T>): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await (options.deadlineMs ? withDeadline(call(), options.deadlineMs) : call());
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const failure: ProviderFailure = err instanceof DeadlineExceeded ? { kind: "timeout", message: err.message } : options.classify(err);
      const retry = options.idempotent && attempt === 1 && (failure.kind === "network" || failure.kind === "server");
      const fields = { provider: options.provider, operation: options.operation, attempt, ...failure };
      if (retry) {
        log.warn("payment_provider_retry", fields);
        await sleep(RETRY_BASE_MS * (1 + 2 * random()));
        continue;
      }
      log.error("payment_provider_failed", fields);
      throw providerError(failure, err);
    }
  }
}

export function providerError(failure: ProviderFailure, cause?: unknown): HttpError {
  const message =
    failure.kind === "rejected"
      ? "The payment provider did not accept the request; we have been notified"
      : "The payment provider is unavailable right now; try again shortly";
  return new HttpError(502, "payment_provider_error", message, { cause });
}

async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Node's fetch reports "no connection" as a TypeError ("fetch failed") whose cause carries the code. */
export function networkFailure(err: unknown): ProviderFailure | undefined {
  const cause = err instanceof TypeError ? (err as { cause?: { code?: string; message?: string } }).cause : undefined;
  if (!cause) return undefined;
  return {
    kind: /timeout/i.test(cause.code ?? "") ? "timeout" : "network",
    code: cause.code,
    message: cause.message ?? (err as Error).message,
  };
}
