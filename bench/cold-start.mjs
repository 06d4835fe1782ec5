// Cold start of every deployed function: time from spawning a fresh `node` process (FUNCTION_TARGET set,
// as Cloud Functions starts it) to that function's first HTTP response, next to hand-written yardsticks:
// "handwritten" (onRequest + firebase-admin/app + zod, an empty handler) and "handwritten-db" (verifies
// the same ID token with firebase-admin and runs one MongoDB query with the same driver), and
// "handwritten-db-zod" (the same, checking its answer with a schema of the one-file zod our functions
// load: the ratio to it is what our own code adds). Also the
// slope: the health function loaded through synthetic manifests with 2x and 4x the functions.
//
//   node bench/cold-start.mjs [--runs 5] [--no-profile] [--only health,usersMe]
//
// Needs the Auth emulator (usersMe and the admin functions verify real ID tokens): without
// FIREBASE_AUTH_EMULATOR_HOST the script re-runs itself inside `firebase emulators:exec --only auth`.
// Starts an embedded MongoDB (CongoDB) in its own process, shared by every child. Prints figures and
// writes them to bench/results/cold-start-<time>.json; asserts nothing. See bench/README.md.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import {
  benchDir,
  checkBuild,
  ensureAuthEmulator,
  functionEnv,
  libIndex,
  median,
  printTable,
  reportMachineLoad,
  requireFromFunctions,
  setClaims,
  signIn,
  signUp,
  startMongoProcess,
  stopChild,
  cleanupOnExit,
} from "./lib.mjs";

await ensureAuthEmulator(import.meta.url);

const argv = process.argv.slice(2);
const RUNS = Number(argv[argv.indexOf("--runs") + 1]) > 0 && argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 5;
const PROFILE = !argv.includes("--no-profile");
const CHILD = path.join(benchDir, "support/cold-start-child.cjs");
const RUN_TIMEOUT_MS = 30_000;

checkBuild();
const { routes } = requireFromFunctions(path.join(path.dirname(libIndex), "routes.js"));
const exportNames = Object.keys(requireFromFunctions(libIndex));

const { cleanups, cleanup } = cleanupOnExit();

let exitCode = 0;
try {
  const mongo = await startMongoProcess("promptforge_bench_cold");
  cleanups.push(mongo.stop);
  const env = functionEnv({ MONGODB_URI: mongo.uri });

  // A plain user and an admin (custom claim roles:["admin"]; signing in again puts it in the token).
  const stamp = Date.now().toString(36);
  const user = await signUp(`bench-user-${stamp}@example.com`);
  const admin = await signUp(`bench-admin-${stamp}@example.com`);
  await setClaims(admin.uid, { roles: ["admin"] });
  admin.idToken = await signIn(admin.email, admin.password);

  /** The first request each function gets, and the status it should answer. */
  const firstRequest = (name) => {
    const bearer = (u) => ({ authorization: `Bearer ${u.idToken}` });
    switch (name.split("@")[0]) {
      case "bare":
      case "handwritten":
        return { method: "GET", path: "/", expect: 200 };
      case "handwritten-db":
      case "handwritten-db-zod":
        return { method: "GET", path: "/", headers: bearer(user), expect: 200 };
      case "health":
        return { method: "GET", path: "/api/v1/health", expect: 200 };
      case "usersMe":
        return { method: "GET", path: "/api/v1/users/me", headers: bearer(user), expect: 200 };
      case "adminUser":
        return { method: "GET", path: `/api/v1/admin/users/${admin.uid}`, headers: bearer(admin), expect: 200 };
      case "adminUserRoles":
        return {
          method: "POST",
          path: `/api/v1/admin/users/${admin.uid}/roles`,
          headers: { ...bearer(admin), "content-type": "application/json" },
          body: JSON.stringify({ roles: ["admin"], reason: "bench" }),
          expect: 200,
        };
      case "apiNotFound":
        return { method: "GET", path: "/api/v1/no-such-endpoint", expect: 404 };
      default: {
        // A function added since this script was written: its first GET (or first) operation.
        const spec = routes[name];
        const method = spec.operations.GET ? "GET" : (Object.keys(spec.operations)[0] ?? "GET");
        const op = spec.operations[method];
        const p = spec.path.replace(/\{[^}]+\}/g, admin.uid).replace("**", "no-such-endpoint");
        const who = op?.roles?.length ? admin : user;
        return { method, path: `/api/v1${p}`, headers: op?.auth === "user" ? bearer(who) : {}, expect: undefined };
      }
    }
  };

  // HTTP functions only (scheduled jobs have no request to time). A function whose first request
  // needs an id that does not exist answers 4xx (shown in the status column): its figure then
  // covers the platform and auth, not its handler's imports.
  const manifests = writeSyntheticManifests([2, 4]);
  cleanups.push(async () => manifests.forEach((m) => rmSync(m.file, { force: true })));
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : undefined;
  const targets = [
    "bare",
    "handwritten",
    "handwritten-db",
    "handwritten-db-zod",
    ...manifests.map((m) => `health@${m.factor}`),
    ...exportNames.filter((n) => routes[n] && (!only || only.includes(n))),
  ];
  await reportMachineLoad();
  console.log(
    `Cold start, Node ${process.version}, ${os.cpus().length} CPUs, ENVIRONMENT=${env.ENVIRONMENT}, ${RUNS} runs per function (median), runs interleaved`,
  );
  console.log(`Functions: ${exportNames.join(", ")}\n`);

  await runOnce("handwritten", firstRequest("handwritten"), env); // warm-up (file cache), discarded
  const results = Object.fromEntries(targets.map((t) => [t, []]));
  process.stdout.write("Rounds:");
  for (let i = 0; i < RUNS; i++) {
    for (const target of targets) results[target].push(await runOnce(target, firstRequest(target), env));
    process.stdout.write(` ${i + 1}`);
  }
  process.stdout.write("\n\n");

  const med = (target, key) => median(results[target].map((r) => r[key]));
  const floorTotal = med("handwritten", "totalMs");
  const dbFloorTotal = med("handwritten-db", "totalMs");
  const dbFloorCpu = med("handwritten-db", "cpuMs");
  const dbZodTotal = med("handwritten-db-zod", "totalMs");
  const f = (n) => n.toFixed(1);
  const yardstickLabels = {
    bare: "bare (Functions Framework only)",
    handwritten: "handwritten (onRequest + admin/app + zod, empty)",
    "handwritten-db": "handwritten-db (verifyIdToken + 1 query)",
    "handwritten-db-zod": "handwritten-db + zod (checks its answer)",
  };
  printTable(
    [
      "function",
      "status",
      "total ms",
      "node boot",
      "framework",
      "require",
      "listen",
      "1st request",
      "x handwritten",
      "x handwritten-db",
      "x hw-db+zod",
      "cpu ms",
      "cpu x hw-db",
      "min..max total",
    ],
    targets.map((t) => {
      const statuses = [...new Set(results[t].map((r) => r.status))].join("/");
      const expected = firstRequest(t).expect;
      const totals = results[t].map((r) => r.totalMs);
      return [
        yardstickLabels[t] ?? t,
        statuses + (expected && statuses !== String(expected) ? ` (expected ${expected}!)` : ""),
        f(med(t, "totalMs")),
        f(med(t, "bootMs")),
        f(med(t, "frameworkMs")),
        f(med(t, "requireMs")),
        f(med(t, "listenMs")),
        f(med(t, "firstRequestMs")),
        (med(t, "totalMs") / floorTotal).toFixed(2),
        (med(t, "totalMs") / dbFloorTotal).toFixed(2),
        (med(t, "totalMs") / dbZodTotal).toFixed(2),
        f(med(t, "cpuMs")),
        (med(t, "cpuMs") / dbFloorCpu).toFixed(2),
        `${f(Math.min(...totals))}..${f(Math.max(...totals))}`,
      ];
    }),
  );
  console.log(
    "\ntotal: parent spawns `node` -> parent has read the whole first response. node boot: spawn -> first line of the child\n" +
      "script. framework: require the Functions Framework. require: require functions/lib/index.js and read the target's\n" +
      "export (FUNCTION_TARGET set). listen: mount + listen. 1st request: in the child, request event -> response\n" +
      "finished (includes lazy imports, SDK init, token check, DB connect). Parent-side IPC/HTTP overhead is the rest.\n" +
      "cpu ms: the child's own CPU time (user + system) from its start to the first response; on a busy machine it moves\n" +
      "far less than the wall-clock total (which stays the figure the goals are stated in).\n",
  );

  console.log("Heavy modules in require.cache after the first response (modules loaded: after require / after 1st response):");
  printTable(
    ["function", "heavy modules loaded", "modules"],
    targets.map((t) => {
      const last = results[t][results[t].length - 1];
      return [t, last.heavy.join(", ") || "(none)", `${last.modulesAfterRequire} / ${last.modulesTotal}`];
    }),
  );

  let profiles;
  if (PROFILE) {
    console.log("\nWhere the time goes: one extra run per function with a Module._load hook (adds overhead; not in the table");
    console.log("above). Synchronous require() time from loading the Functions Framework to the first response, as self");
    console.log("time per package (nested requires excluded), and per bare import made by functions/lib (inclusive), in ms:");
    profiles = {};
    for (const target of targets) {
      const r = await runOnce(target, firstRequest(target), { ...env, BENCH_PROFILE: "1" });
      profiles[target] = r.profile;
      const top = (o, n) =>
        Object.entries(o)
          .filter(([, ms]) => ms >= 1)
          .slice(0, n)
          .map(([pkg, ms]) => `${pkg} ${ms.toFixed(0)}`)
          .join(", ");
      const sum = Object.values(r.profile.selfMs).reduce((a, b) => a + b, 0);
      console.log(`  ${target}: ${sum.toFixed(0)} ms in require()`);
      console.log(`      self time by package: ${top(r.profile.selfMs, 8)}`);
      if (Object.keys(r.profile.directMs).length) console.log(`      app's direct imports, inclusive: ${top(r.profile.directMs, 8)}`);
    }
  }

  const dir = path.join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `cold-start-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ node: process.version, cpus: os.cpus().length, environment: env.ENVIRONMENT, runs: RUNS, results, profiles }, null, 2),
  );
  console.log(`\nRaw figures: ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(err.stack ?? err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

/** Spawns one child for `target`, sends its first request, returns the timings. */
async function runOnce(target, request, env) {
  const t0 = performance.now();
  const [name, factor] = target.split("@");
  const childEnv = { ...env, FUNCTION_TARGET: name, ...(factor ? { BENCH_INDEX: `__bench_index_${factor}.js` } : {}) };
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of every child (summarise with support/cpuprofile-summary.mjs).
  const cpuProf = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${target}-${Date.now()}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...cpuProf, CHILD, name], { stdio: ["ignore", "pipe", "pipe", "ipc"], env: childEnv });
  const spawnEpoch = performance.timeOrigin + t0;
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const messages = [];
  const waiters = [];
  child.on("message", (m) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const next = (type) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = messages.find((x) => x.type === type);
        if (m) return resolve(m);
        waiters.push(check);
      };
      exited.then(() => setTimeout(() => reject(new Error(`${target}: child exited before "${type}":\n${output}`)), 50));
      check();
    });
  const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  try {
    const { port, listenMs } = await next("listening");
    const status = await send(port, request);
    const totalMs = performance.now() - t0;
    const done = await next("done");
    await exited;
    if (request.expect && status !== request.expect) {
      console.warn(`\n${target}: first request answered ${status}, expected ${request.expect}${output ? `:\n${output}` : ""}`);
    }
    return {
      totalMs,
      bootMs: done.timeOrigin + done.scriptStart - spawnEpoch,
      frameworkMs: done.frameworkMs,
      requireMs: done.requireMs,
      listenMs,
      firstRequestMs: done.firstRequestMs,
      cpuMs: done.cpuMs,
      status,
      modulesAfterRequire: done.modulesAfterRequire,
      modulesTotal: done.modulesTotal,
      heavy: done.heavy,
      profile: done.profile,
    };
  } finally {
    clearTimeout(timer);
    await stopChild(child);
  }
}

function send(port, { method, path: p, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: p,
        agent: false,
        headers: { ...headers, ...(body ? { "content-length": Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Copies of the built manifest with every function repeated `factor` times under other names (each
 * copy with its own loader), next to index.js: loading one function through them shows whether the
 * entry's cost grows with the number of functions.
 */
function writeSyntheticManifests(factors) {
  const source = readFileSync(libIndex, "utf8");
  const open = source.indexOf("exportLazily)(exports, {");
  const close = source.indexOf("});", open);
  const entries = source
    .slice(open + "exportLazily)(exports, {".length, close)
    .split("\n")
    .filter((l) => /^\s+\w+: \w+,$/.test(l));
  const loaders = source.split("\n").filter((l) => /^const \w+ = \(0, lazy_exports_1\.(endpointsOf|schedulesOf)\)/.test(l));
  return factors.map((factor) => {
    let extraLoaders = "";
    let extraEntries = "";
    for (let copy = 1; copy < factor; copy++) {
      for (const l of loaders) extraLoaders += l.replace(/^const (\w+) =/, `const $1_copy${copy} =`) + "\n";
      for (const e of entries) extraEntries += e.replace(/^(\s+)(\w+): (\w+),$/, `$1$2_copy${copy}: $3_copy${copy},`) + "\n";
    }
    const lineStart = source.lastIndexOf("\n", open) + 1;
    const text = source.slice(0, lineStart) + extraLoaders + source.slice(lineStart, close) + extraEntries + source.slice(close);
    const file = path.join(path.dirname(libIndex), `__bench_index_${factor}x.js`);
    writeFileSync(file, text);
    return { factor: `${factor}x`, file, functions: entries.length * factor };
  });
}
