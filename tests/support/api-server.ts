import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import * as ff from "@google-cloud/functions-framework";

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;
interface Rewrite {
  source: string;
  function: { functionId: string };
}

const root = path.resolve(__dirname, "../..");

/** Hosting's glob: `*` is one path segment, `**` any number. */
function globToRegExp(glob: string): RegExp {
  const re = glob
    .split("/")
    .map((seg) => (seg === "**" ? ".*" : seg === "*" ? "[^/]+" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${re}/?$`);
}

export interface ApiServer {
  baseUrl: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the exported Cloud Functions over real HTTP the way production does: each function runs in
 * the Functions Framework (the same express app, body parsers and raw body as Cloud Run), and requests
 * are routed to them by the Hosting rewrites in firebase.json.
 */
export async function startApi(functions: Record<string, unknown> = require("../../functions/src/index")): Promise<ApiServer> {
  const firebaseJson = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8"));
  const rewrites: Rewrite[] = firebaseJson.hosting.rewrites;
  const apps = new Map<string, Listener>();
  for (const [name, fn] of Object.entries(functions)) {
    apps.set(name, frameworkApp(fn as ff.HttpFunction));
  }
  const routes = rewrites.map((r) => ({ re: globToRegExp(r.source), app: apps.get(r.function.functionId) }));
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    const route = routes.find((r) => r.re.test(pathname));
    if (!route?.app) {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Page Not Found</h1>");
      return;
    }
    route.app(req, res);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The Functions Framework's express app for one function. Cloud Functions runs it with
 * NODE_ENV=production, which decides what express' own error pages (e.g. for malformed JSON, answered
 * before our code runs) reveal; build it the same way.
 */
function frameworkApp(fn: ff.HttpFunction): Listener {
  const id = `fn_${Math.random().toString(36).slice(2)}`;
  ff.http(id, fn);
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    return getTestServer(id).listeners("request")[0] as Listener;
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/** Serves one request handler (for factory tests with fake dependencies) in the Functions Framework. */
export async function serveHandler(handler: (req: never, res: never) => unknown): Promise<ApiServer> {
  const server = http.createServer(frameworkApp(handler as unknown as ff.HttpFunction));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
