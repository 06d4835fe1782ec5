// One cold start, run by bench/cold-start.mjs in a fresh `node` process:
//   node cold-start-child.cjs <target>
// <target> is an export of functions/lib/index.js, or "floor" (the platform imports plus an empty
// onRequest handler), or "bare" (the Functions Framework with a plain handler and nothing else).
// It loads the Functions Framework, then the function code, mounts the one function the way the
// framework does in production, listens on a free loopback port and tells the parent (IPC). After the
// parent's first request has been answered it reports its phase timings and which heavy modules
// were loaded, then exits. With BENCH_PROFILE=1 it also attributes synchronous require() time to
// packages (self time, children excluded), which adds overhead: never used for the timed runs.
"use strict";
const scriptStart = performance.now();
const path = require("node:path");
const Module = require("node:module");

const target = process.argv[2];
const root = path.resolve(__dirname, "../..");
const lib = path.join(root, "functions/lib");

const profile = process.env.BENCH_PROFILE === "1" ? startRequireProfile() : undefined;

let t = performance.now();
const ff = require("@google-cloud/functions-framework");
const { getTestServer } = require("@google-cloud/functions-framework/testing");
const frameworkMs = performance.now() - t;

t = performance.now();
const modulesBefore = Object.keys(require.cache).length;
let fn;
if (target === "bare") {
  fn = (_req, res) => res.status(200).json({});
} else if (target === "handwritten") {
  // The smallest real entry: onRequest, firebase-admin/app and zod, an empty handler (issue 9's yardstick).
  const { onRequest } = require(require.resolve("firebase-functions/v2/https", { paths: [lib] }));
  require(require.resolve("firebase-admin/app", { paths: [lib] }));
  require(require.resolve("zod", { paths: [lib] }));
  fn = onRequest({ region: "us-central1", cors: false, invoker: "public", concurrency: 80 }, (_req, res) => {
    res.status(200).json({});
  });
} else if (target === "handwritten-db" || target === "handwritten-db-zod") {
  // A minimal authenticated, database-backed function written by hand: verify the ID token (revocation
  // checked) with firebase-admin, run one MongoDB query with the same driver, answer JSON.
  const { onRequest } = require(require.resolve("firebase-functions/v2/https", { paths: [lib] }));
  const { initializeApp } = require(require.resolve("firebase-admin/app", { paths: [lib] }));
  const { getAuth } = require(require.resolve("firebase-admin/auth", { paths: [lib] }));
  const { MongoClient } = require(require.resolve("mongodb", { paths: [lib] }));
  // "handwritten-db-zod": the same function checking its answer with a zod schema, loading the same
  // one-file zod our functions load (lib/vendor/zod.js, built by npm run build): the yardstick plus zod,
  // so that the ratio to it is what our own code adds.
  const z = target === "handwritten-db-zod" ? require(path.join(lib, "vendor/zod.js")).z : undefined;
  const Answer = z?.object({ uid: z.string().min(1).max(128), found: z.boolean() });
  const app = initializeApp();
  let db;
  fn = onRequest({ region: "us-central1", cors: false, invoker: "public", concurrency: 80 }, async (req, res) => {
    const token = (req.header("authorization") || "").replace(/^Bearer /, "");
    const [decoded, database] = await Promise.all([
      getAuth(app).verifyIdToken(token, true),
      (db ??= new MongoClient(process.env.MONGODB_URI).connect().then((c) => c.db())),
    ]);
    const user = await database.collection("users").findOne({ uid: decoded.uid });
    const answer = { uid: decoded.uid, found: !!user };
    res.status(200).json(Answer ? Answer.parse(answer) : answer);
  });
} else if (target === "floor") {
  // The same platform imports as every function (firebase-functions/v2/https and /params, zod, the
  // operation table with its schemas, the endpoint factory), and an onRequest that does nothing.
  require(path.join(lib, "routes.js"));
  require(path.join(lib, "platform/define-endpoint.js"));
  const { onRequest } = require(require.resolve("firebase-functions/v2/https", { paths: [lib] }));
  require(require.resolve("firebase-functions/params", { paths: [lib] }));
  require(require.resolve("zod", { paths: [lib] }));
  fn = onRequest({ region: "us-central1", cors: false, invoker: "public", concurrency: 80 }, (_req, res) => {
    res.status(200).json({});
  });
} else {
  // As Cloud Functions starts a deployed function: FUNCTION_TARGET names it (set by the parent), and
  // BENCH_INDEX may name a synthetic manifest (the slope check).
  const exported = require(path.join(lib, process.env.BENCH_INDEX || "index.js"));
  fn = exported[target];
  if (typeof fn !== "function") throw new Error(`functions/lib/index.js has no export ${target}`);
}
const requireMs = performance.now() - t;
const modulesAfterRequire = Object.keys(require.cache).length - modulesBefore;

t = performance.now();
ff.http(target, fn);
const server = getTestServer(target);
let firstRequest;
server.prependListener("request", (req, res) => {
  if (firstRequest) return;
  const started = performance.now();
  firstRequest = { started };
  res.on("finish", () => {
    firstRequest.ms = performance.now() - started;
    firstRequest.status = res.statusCode;
    // Let the response leave before reporting.
    setImmediate(report);
  });
});
server.listen(0, "127.0.0.1", () => {
  const listenMs = performance.now() - t;
  process.send({ type: "listening", port: server.address().port, listenMs });
});

/** Heavy modules the brief wants watched: loaded only when some request needs them. */
const HEAVY = {
  mongodb: /[\\/]node_modules[\\/]mongodb[\\/]/,
  "firebase-admin/auth": /[\\/]node_modules[\\/]firebase-admin[\\/]lib[\\/]auth[\\/]/,
  "@sentry/*": /[\\/]node_modules[\\/]@sentry[\\/]/,
  "rate-limiter-flexible": /[\\/]node_modules[\\/]rate-limiter-flexible[\\/]/,
  ioredis: /[\\/]node_modules[\\/]ioredis[\\/]/,
  "zod-to-openapi": /[\\/]node_modules[\\/]@asteasolutions[\\/]zod-to-openapi[\\/]/,
};

function report() {
  const files = Object.keys(require.cache);
  const heavy = Object.entries(HEAVY)
    .filter(([, re]) => files.some((f) => re.test(f)))
    .map(([name]) => name);
  process.send(
    {
      type: "done",
      timeOrigin: performance.timeOrigin,
      scriptStart,
      frameworkMs,
      requireMs,
      firstRequestMs: firstRequest.ms,
      // CPU time of this process so far (user + system): what a busy machine inflates least.
      cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
      status: firstRequest.status,
      modulesAfterRequire,
      modulesTotal: files.length,
      heavy,
      profile: profile?.(),
    },
    () => process.exit(0),
  );
}

/** Wraps Module._load: self time of each synchronous require, summed per package. */
function startRequireProfile() {
  const origLoad = Module._load;
  const selfMs = new Map();
  const directMs = new Map();
  const stack = [];
  const packageOf = (request, parent) => {
    if (request.startsWith("node:") || Module.isBuiltin(request)) return "(node builtins)";
    if (request.startsWith(".") || path.isAbsolute(request)) {
      const file = path.isAbsolute(request) ? request : (parent?.filename ?? "");
      const m = /.*[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
      if (m) return m[1].replace(/\\/g, "/");
      if (file.startsWith(lib)) return "(functions/lib: app code)";
      return "(other)";
    }
    const parts = request.split("/");
    return request.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  };
  Module._load = function (request, parent) {
    const started = performance.now();
    stack.push(0);
    try {
      return origLoad.apply(this, arguments);
    } finally {
      const total = performance.now() - started;
      const nested = stack.pop();
      if (stack.length) stack[stack.length - 1] += total;
      const key = packageOf(request, parent);
      selfMs.set(key, (selfMs.get(key) ?? 0) + (total - nested));
      // What the app code imports directly, with everything those imports pull in.
      if (parent?.filename?.startsWith(lib) && !request.startsWith(".") && !Module.isBuiltin(request)) {
        directMs.set(request, (directMs.get(request) ?? 0) + total);
      }
    }
  };
  const sorted = (m) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));
  return () => ({ selfMs: sorted(selfMs), directMs: sorted(directMs) });
}
