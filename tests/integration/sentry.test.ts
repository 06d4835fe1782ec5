import http from "node:http";
import { platformDeps } from "../../functions/src/services";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { createRequestHandler } from "../../functions/src/platform/define-endpoint";
import { operation, type FunctionSpec } from "../../functions/src/platform/operation";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { serveHandler, type ApiServer } from "../support/api-server";
import { expectErrorBody, request } from "../support/http";

/**
 * Error capture through the real @sentry/google-cloud-serverless SDK, posting to a loopback "Sentry"
 * that records envelopes. The platform's default dependencies are used (lazy import on first error).
 */
let sentry: http.Server;
const envelopes: string[] = [];
let api: ApiServer;

const spec: FunctionSpec = {
  path: "/boom",
  secrets: [],
  operations: {
    GET: operation({
      operationId: "boom",
      summary: "always fails",
      tag: "test",
      auth: "public",
      rateLimit: { points: 100, durationSeconds: 60, store: "local" },
      response: z.object({}),
      handler: async () => async () => {
        throw new Error("kaboom: secret driver detail");
      },
    }),
  },
};

beforeAll(async () => {
  sentry = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      envelopes.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => sentry.listen(0, "127.0.0.1", r));
  process.env.SENTRY_DSN = `http://public@127.0.0.1:${(sentry.address() as AddressInfo).port}/1`;
  resetConfigForTests();
  api = await serveHandler(createRequestHandler("boomFunction", spec, platformDeps()));
});

afterAll(async () => {
  process.env.SENTRY_DSN = "";
  resetConfigForTests();
  await api.close();
  await new Promise((r) => sentry.close(r));
});

it("answers a generic 500 and reports the error to Sentry with request id and function name", async () => {
  const res = await request(api.baseUrl, "GET", "/boom");
  expectErrorBody(res, 500, "internal_error");
  expect(res.text).not.toContain("kaboom");
  const requestId = res.headers.get("x-request-id");

  const events = envelopes
    .flatMap((e) => e.split("\n"))
    .filter((line) => line.includes('"exception"'))
    .map((line) => JSON.parse(line));
  expect(events).toHaveLength(1);
  const event = events[0];
  expect(event.exception.values[0].value).toBe("kaboom: secret driver detail");
  expect(event.tags).toMatchObject({ function: "boomFunction", operation: "boom", request_id: requestId });
  expect(event.environment).toBe("development");
});
