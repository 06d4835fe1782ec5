// A server for bench/webhooks.mjs, in its own process: node webhook-server.cjs
// Serves the three deployed webhook functions (functions/lib/index.js: stripeWebhook, razorpayWebhook,
// paddleWebhook) in the Functions Framework, routed by path like Hosting's rewrites. Reads MONGODB_URI
// and the *_WEBHOOK_SECRET variables from its environment (as Cloud Run injects bound secrets).
// Listens on a free loopback port and prints "PORT <n>".
"use strict";
const http = require("node:http");
const path = require("node:path");
const ff = require("@google-cloud/functions-framework");
const { getTestServer } = require("@google-cloud/functions-framework/testing");

const index = require(path.resolve(__dirname, "../../functions/lib/index.js"));
const listeners = {};
for (const provider of ["stripe", "razorpay", "paddle"]) {
  ff.http(provider, index[`${provider}Webhook`]);
  listeners[provider] = getTestServer(provider).listeners("request")[0];
}

const server = http.createServer((req, res) => {
  const m = /^\/api\/v1\/webhooks\/(stripe|razorpay|paddle)\/?(\?.*)?$/.exec(req.url ?? "");
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  listeners[m[1]](req, res);
});
server.keepAliveTimeout = 5_000;
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
