/**
 * The one error type of the API: it carries its HTTP status, a stable snake_case code the apps can
 * switch on, a message meant for people, and optional details (e.g. the failing fields).
 * Anything thrown that is not an HttpError becomes a 500 with a generic message.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

export function errorBody(err: HttpError, requestId: string): ErrorBody {
  const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
  if (err.details !== undefined) body.error.details = err.details;
  return body;
}

export const notFound = (what = "Resource") => new HttpError(404, "not_found", `${what} not found`);

/** 429 with the seconds until the caller's window lets them in again. */
export function tooManyRequests(decision: { resetSeconds: number }): HttpError {
  return new HttpError(429, "rate_limited", `Too many requests; retry in ${decision.resetSeconds} s`, {
    headers: { "Retry-After": String(decision.resetSeconds) },
  });
}
