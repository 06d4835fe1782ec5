import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { checkWebhookUrl, guardedLookup, hostOf, publicUnicastOnly, type AddressPolicy, type Resolver } from "./address-guard";

/** How long one attempt may take, connection to last byte read (Standard Webhooks: 15-30 s). */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** How much of a response we read: the status and headers decide; a little of the body is kept for the log. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** How much of that body the delivery log keeps. */
export const LOGGED_RESPONSE_BYTES = 2 * 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one attempt got: a status (any), or no response at all and why. */
export interface WebhookResponse {
  status: number | null;
  latencyMs: number;
  /** At most LOGGED_RESPONSE_BYTES of the body, as text. */
  body: string;
  /** Seconds the receiver asked us to wait (Retry-After), when it did. */
  retryAfterSeconds: number | null;
  error:
    null | "timeout" | "blocked_address" | "dns_failed" | "connection_failed" | "invalid_url" | "scheme_not_allowed" | "response_too_large";
  errorMessage: string | null;
}

/** The role the dispatcher posts through (tests use the same class with a policy that admits loopback). */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

export interface SenderOptions {
  allowHttp: boolean;
  policy?: AddressPolicy;
  resolve?: Resolver;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

/**
 * POSTs with node's http(s) client: never follows a redirect (a 3xx is just a failed attempt), checks
 * the URL and every address it resolves to on every attempt (the connection uses the addresses
 * checked), gives up after `timeoutMs` wherever it is, and reads at most `maxResponseBytes`. A new
 * connection per attempt: no pooled socket outlives the check that admitted it.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly policy: AddressPolicy;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly opts: SenderOptions) {
    this.policy = opts.policy ?? publicUnicastOnly;
    this.timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.maxResponseBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  }

  send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const result = (r: Partial<WebhookResponse>): WebhookResponse => ({
      status: null,
      body: "",
      retryAfterSeconds: null,
      error: null,
      errorMessage: null,
      latencyMs: Math.round(performance.now() - started),
      ...r,
    });
    const checked = checkWebhookUrl(request.url, { allowHttp: this.opts.allowHttp, policy: this.policy });
    if ("problem" in checked) {
      const error =
        checked.problem === "internal_address"
          ? "blocked_address"
          : checked.problem === "scheme_not_allowed"
            ? "scheme_not_allowed"
            : "invalid_url";
      return Promise.resolve(result({ error, errorMessage: `refused before connecting: ${checked.problem}` }));
    }
    const url = checked.url;
    const host = hostOf(url);
    const client = url.protocol === "https:" ? https : http;
    return new Promise<WebhookResponse>((resolve) => {
      let settled = false;
      const finish = (r: Partial<WebhookResponse>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result(r));
      };
      const req = client.request(
        {
          method: "POST",
          host,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
          agent: false,
          // A literal address never reaches `lookup`: it was checked by checkWebhookUrl above.
          ...(isIP(host) ? {} : { lookup: guardedLookup(this.policy, this.opts.resolve) }),
          ...(url.protocol === "https:" && !isIP(host) ? { servername: host } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = (error: WebhookResponse["error"] = null) =>
            finish({
              status: res.statusCode ?? null,
              body: Buffer.concat(chunks).subarray(0, LOGGED_RESPONSE_BYTES).toString("utf8"),
              retryAfterSeconds: retryAfterSeconds(res.headers["retry-after"], res.headers.date),
              error,
              errorMessage: error ? `response body over ${this.maxResponseBytes} bytes: the rest was not read` : null,
            });
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (chunks.reduce((n, c) => n + c.length, 0) < LOGGED_RESPONSE_BYTES) chunks.push(chunk);
            if (size > this.maxResponseBytes) {
              // The status is what counts; the rest of an oversized body is not worth holding a dispatcher for.
              done("response_too_large");
              res.destroy();
            }
          });
          res.on("end", () => done());
          res.on("error", () => done());
          res.on("close", () => done());
        },
      );
      const deadline = setTimeout(() => {
        finish({ error: "timeout", errorMessage: `no complete response within ${this.timeoutMs} ms` });
        req.destroy();
      }, this.timeoutMs);
      req.on("error", (err: NodeJS.ErrnoException) => {
        const error =
          err.code === "EBLOCKED"
            ? "blocked_address"
            : err.code === "ENOTFOUND" || err.code === "EAI_AGAIN" || err.code === "ENODATA"
              ? "dns_failed"
              : "connection_failed";
        finish({ error, errorMessage: `${err.code ?? "error"}: ${err.message}`.slice(0, 300) });
      });
      req.end(request.body);
    });
  }
}

/**
 * Retry-After as seconds: an integer, or an HTTP date read against the response's own Date header
 * (so our clock's skew does not matter); null when absent or unreadable.
 */
export function retryAfterSeconds(value: string | undefined, responseDate: string | undefined): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v);
  const at = Date.parse(v);
  const ref = responseDate ? Date.parse(responseDate) : NaN;
  if (Number.isNaN(at) || Number.isNaN(ref)) return null;
  return Math.max(0, Math.ceil((at - ref) / 1000));
}
