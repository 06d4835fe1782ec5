import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback Sentry ingest: the real SDK posts its envelopes here (`http://public@127.0.0.1:PORT/1`).
 * It records every envelope as it arrives and can behave like a Sentry that is healthy ("ok"), over
 * quota ("quota": 429 with Sentry's rate-limit headers), stuck ("hang": reads the envelope and never
 * answers until `release()`), or unreachable mid-request ("reset": drops the socket).
 */
export interface SentryItem {
  type: string;
  header: Record<string, unknown>;
  payload: any;
}

export type IngestMode = "ok" | "quota" | "hang" | "reset";

export interface SentryIngest {
  dsn: string;
  mode: IngestMode;
  /** Raw envelope bodies, in arrival order. */
  envelopes: string[];
  /** How many envelopes have been answered (any status) since the last `clear()`. */
  answered: number;
  items(type?: string): SentryItem[];
  /** Waits (bounded) until `count` items of `type` have arrived. */
  waitFor(type: string, count?: number, predicate?: (item: SentryItem) => boolean): Promise<SentryItem[]>;
  /** Answers every held ("hang") request. */
  release(): void;
  clear(): void;
  close(): Promise<void>;
}

export async function startSentryIngest(): Promise<SentryIngest> {
  const held: http.ServerResponse[] = [];
  const ingest: SentryIngest = {
    dsn: "",
    mode: "ok",
    envelopes: [],
    answered: 0,
    items(type) {
      const all = ingest.envelopes.flatMap(parseEnvelope);
      return type ? all.filter((i) => i.type === type) : all;
    },
    async waitFor(type, count = 1, predicate = () => true) {
      for (let i = 0; i < 300; i++) {
        const found = ingest.items(type).filter(predicate);
        if (found.length >= count) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`Sentry ingest: expected ${count} ${type} item(s), got ${ingest.items(type).filter(predicate).length}`);
    },
    release() {
      for (const res of held.splice(0)) answer(res, 200);
    },
    clear() {
      ingest.envelopes.length = 0;
      ingest.answered = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        ingest.release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const answer = (res: http.ServerResponse, status: number, headers: Record<string, string> = {}) => {
    ingest.answered += 1;
    res.writeHead(status, { "content-type": "application/json", ...headers }).end("{}");
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      ingest.envelopes.push(Buffer.concat(chunks).toString("utf8"));
      if (ingest.mode === "hang") held.push(res);
      else if (ingest.mode === "reset") req.socket.destroy();
      else if (ingest.mode === "quota")
        answer(res, 429, { "retry-after": "60", "x-sentry-rate-limits": "60:error;transaction;check_in:organization" });
      else answer(res, 200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ingest.dsn = `http://public@127.0.0.1:${(server.address() as AddressInfo).port}/1`;
  return ingest;
}

/** Newline-delimited: the envelope header, then an item header and its payload per item. */
function parseEnvelope(body: string): SentryItem[] {
  const lines = body.split("\n").filter((l) => l.length > 0);
  const items: SentryItem[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    const header = JSON.parse(lines[i]) as Record<string, unknown>;
    items.push({ type: String(header.type), header, payload: JSON.parse(lines[i + 1]) });
  }
  return items;
}
