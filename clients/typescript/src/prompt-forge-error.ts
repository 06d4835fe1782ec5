import type { components } from "./schema";

export type ErrorBody = components["schemas"]["ErrorResponse"];

/** The API's uniform error body (`{ error: { code, message, requestId, details? } }`) as an exception. */
export class PromptForgeError extends Error {
  readonly code: string;
  readonly requestId?: string;
  readonly details?: unknown;

  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
    /** `Retry-After` in seconds, when the API sent one (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.name = "PromptForgeError";
    this.code = body?.error?.code ?? "http_error";
    this.requestId = body?.error?.requestId;
    this.details = body?.error?.details;
  }

  static async fromResponse(response: Response, body?: unknown): Promise<PromptForgeError> {
    let parsed = body;
    if (parsed === undefined) parsed = await response.json().catch(() => undefined);
    const valid = typeof parsed === "object" && parsed !== null && "error" in parsed ? (parsed as ErrorBody) : undefined;
    return new PromptForgeError(response.status, valid, retryAfterSeconds(response.headers.get("retry-after")));
  }
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
