// A server for bench/throughput.mjs, in its own process: node throughput-server.cjs <mode>
//   usersMe            the real exported usersMe function (functions/lib/index.js) in the Functions Framework
//   usersMe-unlimited  the same request pipeline built with createRequestHandler(), GET rate limit 1e9/min
//   floor              the Functions Framework serving an onRequest (firebase-functions) that answers {} at once
//   hello              a bare node:http server answering {"hello":"world"}
// Listens on a free loopback port and prints "PORT <n>".
"use strict";
const http = require("node:http");
const path = require("node:path");

const mode = process.argv[2];
const lib = path.resolve(__dirname, "../../functions/lib");

let server;
if (mode === "hello") {
  const body = JSON.stringify({ hello: "world" });
  server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
} else {
  const ff = require("@google-cloud/functions-framework");
  const { getTestServer } = require("@google-cloud/functions-framework/testing");
  let fn;
  if (mode === "floor") {
    const { onRequest } = require(require.resolve("firebase-functions/v2/https", { paths: [lib] }));
    fn = onRequest({ region: "us-central1", cors: false, invoker: "public", concurrency: 80 }, (_req, res) => {
      res.status(200).json({});
    });
  } else if (mode === "usersMe") {
    fn = require(path.join(lib, "index.js")).usersMe;
  } else if (mode === "usersMe-unlimited") {
    const { createRequestHandler, REGION } = require(path.join(lib, "platform/define-endpoint.js"));
    const { routes } = require(path.join(lib, "routes.js"));
    const { onRequest } = require(require.resolve("firebase-functions/v2/https", { paths: [lib] }));
    const spec = {
      ...routes.usersMe,
      operations: {
        ...routes.usersMe.operations,
        GET: { ...routes.usersMe.operations.GET, rateLimit: { points: 1e9, durationSeconds: 60, store: "shared" } },
      },
    };
    // Wrapped in onRequest like defineEndpoint() does, so the pipeline is the deployed one but for the limit.
    fn = onRequest({ region: REGION, cors: false, invoker: "public", concurrency: 80 }, createRequestHandler("usersMe", spec));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  ff.http(mode, fn);
  server = getTestServer(mode);
}

server.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${server.address().port}\n`));
const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
setInterval(() => {
  if (process.ppid === 1) process.exit(0);
}, 1_000).unref();
