import type http from "node:http";
import { LoopbackServer, type IncomingRequest } from "./loopback-server";

/**
 * A loopback HTTP server standing in for a vendor API (see ../../../../shared/notes/sdk-offline-testing.md):
 * the real SDKs talk to it over real sockets, so timeouts, retries and error mapping are exercised
 * as in production. It records every request and can be told to fail the next ones.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** Parsed: JSON, or form fields as nested objects (Stripe). */
  body: any;
  at: Date;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What to do instead of answering: an error status (with the vendor's error body), never answer, or drop the socket. */
export type ScriptedFailure = { status: number; body?: unknown; headers?: Record<string, string> } | "hang" | "reset";

export interface FakeRoute {
  method: string;
  /** `/v1/subscriptions/:id` style. */
  path: string;
  reply(req: RecordedRequest, params: Record<string, string>): FakeReply;
}

export interface FakeOptions {
  routes: FakeRoute[];
  /** The vendor's error body for a status (scripted failures and unknown paths). */
  errorBody(status: number, message: string): unknown;
  /** Runs before routing: may answer instead (e.g. an idempotent replay). */
  intercept?(req: RecordedRequest, route: () => FakeReply): FakeReply;
}

export class FakeHttpServer extends LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  private failures: { failure: ScriptedFailure; match?: (req: RecordedRequest) => boolean }[] = [];
  private readonly compiled: { method: string; re: RegExp; names: string[]; route: FakeRoute }[];

  constructor(private readonly options: FakeOptions) {
    super();
    this.compiled = options.routes.map((route) => {
      const names: string[] = [];
      const re = new RegExp(`^${route.path.replace(/:(\w+)/g, (_, name) => (names.push(name), "([^/]+)"))}$`);
      return { method: route.method, re, names, route };
    });
  }

  /** The next `count` requests (matching `match`, if given) fail this way. */
  failNext(count: number, failure: ScriptedFailure, match?: (req: RecordedRequest) => boolean): void {
    for (let i = 0; i < count; i++) this.failures.push({ failure, match });
  }

  /** Forgets recorded requests and pending failures. */
  reset(): void {
    this.requests.length = 0;
    this.failures = [];
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path)));
  }

  protected handle(request: IncomingRequest, req: http.IncomingMessage, res: http.ServerResponse): void {
    const recorded: RecordedRequest = {
      ...request,
      body: parseBody(request.rawBody, req.headers["content-type"]),
      at: new Date(),
    };
    this.requests.push(recorded);

    const index = this.failures.findIndex((f) => !f.match || f.match(recorded));
    if (index >= 0) {
      const [{ failure }] = this.failures.splice(index, 1);
      if (failure === "hang") return; // answered never; close() drops the socket
      if (failure === "reset") {
        req.socket.destroy();
        return;
      }
      return send(res, {
        status: failure.status,
        body: failure.body ?? this.options.errorBody(failure.status, "Scripted failure"),
        headers: failure.headers,
      });
    }
    const route = () => this.route(recorded);
    send(res, this.options.intercept ? this.options.intercept(recorded, route) : route());
  }

  private route(req: RecordedRequest): FakeReply {
    for (const { method, re, names, route } of this.compiled) {
      const m = method === req.method ? re.exec(req.path) : null;
      if (m) return route.reply(req, Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])));
    }
    return { status: 404, body: this.options.errorBody(404, `Unrecognized request URL (${req.method}: ${req.path})`) };
  }
}

function send(res: http.ServerResponse, reply: FakeReply): void {
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return {};
  if (contentType?.includes("application/x-www-form-urlencoded")) return parseForm(raw);
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Stripe-style form fields (`line_items[0][price_data][currency]=usd`) as nested objects and arrays. */
export function parseForm(raw: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/[[\]]/).filter((p) => p !== "");
    let node: any = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = node[part] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
    });
  }
  return out;
}
