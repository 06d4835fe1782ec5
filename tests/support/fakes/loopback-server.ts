import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as every fake sees it: the URL split up and the whole body read. */
export interface IncomingRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

/**
 * The plumbing every loopback fake shares: listen on 127.0.0.1:0, expose the URL, read each request's
 * body, close every connection on close. Subclasses decide what to answer.
 */
export abstract class LoopbackServer {
  private server?: http.Server;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("fake server not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://fake");
        this.handle(
          {
            method: req.method ?? "GET",
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            rawBody: Buffer.concat(chunks).toString("utf8"),
          },
          req,
          res,
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  protected abstract handle(request: IncomingRequest, req: http.IncomingMessage, res: http.ServerResponse): void;
}
