// Throughput of an authenticated GET /api/v1/users/me served by the real usersMe function (Functions
// Framework, embedded MongoDB, real Auth emulator ID tokens), next to a bare node:http hello world.
//
//   node bench/throughput.mjs [--duration 10] [--connections 10] [--users 50] [--unlimited] [--cpu-prof]
//
// autocannon runs in this process; each server and the embedded MongoDB run in processes of their own;
// the Auth emulator is the `firebase emulators:exec` process this script runs under (it re-runs itself
// inside one when FIREBASE_AUTH_EMULATOR_HOST is unset). Every request rotates over --users tokens,
// because usersMe allows 120 requests/min per user. When some requests are still answered 429, the
// script reports their share and also measures the same pipeline with a limit of 1e9/min
// (`--unlimited` always does). Prints figures, writes bench/results/throughput-<time>.json; asserts
// nothing. --cpu-prof makes each server write a V8 CPU profile to bench/results/ (summarise it with
// `node bench/support/cpuprofile-summary.mjs <file>`). See bench/README.md.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  benchDir,
  checkBuild,
  ensureAuthEmulator,
  functionEnv,
  printTable,
  reportMachineLoad,
  signUp,
  startMongoProcess,
  stopChild,
  cleanupOnExit,
} from "./lib.mjs";

await ensureAuthEmulator(import.meta.url);

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const DURATION = opt("--duration", 10);
const CONNECTIONS = opt("--connections", 10);
const USERS = opt("--users", 50);
const FORCE_UNLIMITED = argv.includes("--unlimited");
const CPU_PROF = argv.includes("--cpu-prof");
const SERVER = path.join(benchDir, "support/throughput-server.cjs");
const ME = "/api/v1/users/me";
const LABELS = {
  hello: "node:http hello world",
  floor: "Functions Framework + empty onRequest",
  usersMe: "usersMe (deployed export)",
  "usersMe-unlimited": "usersMe, GET limit 1e9/min",
};

const { cleanups, cleanup } = cleanupOnExit();

let exitCode = 0;
try {
  checkBuild();
  const mongo = await startMongoProcess("promptforge_bench_tp");
  cleanups.push(mongo.stop);
  const env = functionEnv({ MONGODB_URI: mongo.uri });

  const stamp = Date.now().toString(36);
  const users = [];
  for (let i = 0; i < USERS; i += 10) {
    const batch = Array.from({ length: Math.min(10, USERS - i) }, (_, j) => signUp(`bench-tp-${stamp}-${i + j}@example.com`));
    users.push(...(await Promise.all(batch)));
  }
  const tokens = users.map((u) => `Bearer ${u.idToken}`);

  await reportMachineLoad();
  console.log(
    `Throughput, Node ${process.version}, ${os.cpus().length} CPUs (autocannon, servers, MongoDB and the Auth emulator share them), ` +
      `${CONNECTIONS} connections, ${DURATION} s per run, ENVIRONMENT=${env.ENVIRONMENT}`,
  );
  console.log(
    `usersMe: GET ${ME}, tokens rotated over ${USERS} users per request (limit 120/min/user = ${USERS * 120} requests per minute in all)\n`,
  );

  const emulatorPid = findEmulatorPid();
  const results = {};

  results.hello = await measure("hello", env, { method: "GET", path: "/" }, mongo.pid, emulatorPid);
  results.floor = await measure("floor", env, { method: "GET", path: "/" }, mongo.pid, emulatorPid);
  results.usersMe = await measure("usersMe", env, meRequest(tokens), mongo.pid, emulatorPid, tokens);
  const limited = share429(results.usersMe);
  if (limited > 0 || FORCE_UNLIMITED) {
    results["usersMe-unlimited"] = await measure("usersMe-unlimited", env, meRequest(tokens), mongo.pid, emulatorPid, tokens);
  }

  const rows = Object.entries(results).map(([name, r]) => [
    LABELS[name],
    r.reqPerSec.toFixed(0),
    r.okPerSec.toFixed(0),
    `${(share429(r) * 100).toFixed(1)}%`,
    String(r.otherNon2xx),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.p999.toFixed(2),
    r.cpu,
  ]);
  printTable(["server", "req/s", "2xx/s", "429s", "other non-2xx", "p50 ms", "p99 ms", "p99.9 ms", "CPU use, % of one core"], rows);

  const hello = results.hello;
  console.log("\nRatios to the node:http hello world:");
  printTable(
    ["server", "2xx/s ratio", "i.e. 1 in", "p50 latency x", "p99 latency x"],
    Object.entries(results)
      .filter(([name]) => name !== "hello")
      .map(([name, r]) => [
        LABELS[name],
        (r.okPerSec / hello.okPerSec).toFixed(4),
        (hello.okPerSec / r.okPerSec).toFixed(0),
        (r.p50 / hello.p50).toFixed(0),
        (r.p99 / hello.p99).toFixed(0),
      ]),
  );
  const reported = results["usersMe-unlimited"] ? "usersMe, GET limit 1e9/min" : "usersMe (deployed export)";
  console.log(
    `Headline usersMe figure: "${reported}"${results["usersMe-unlimited"] && !limited ? " (--unlimited; the deployed export had no 429s either)" : ""}.`,
  );
  if (limited > 0) {
    console.log(
      `The deployed usersMe answered ${(limited * 100).toFixed(1)}% of requests 429 (rate limit), so its req/s partly measures the ` +
        `limiter: the headline is the variant with the limit raised.`,
    );
  }
  console.log(
    "\nreq/s: all responses per second; 2xx/s: successful ones. Latencies: of the 2xx responses, request written ->\n" +
      "response read as autocannon times it (full resolution), with all connections busy. CPU: user+system time of each\n" +
      "process during the run / its duration (100 = one core busy).",
  );

  const dir = path.join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `throughput-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { node: process.version, cpus: os.cpus().length, duration: DURATION, connections: CONNECTIONS, users: USERS, results },
      null,
      2,
    ),
  );
  console.log(`\nRaw figures: ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(err.stack ?? err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function share429(r) {
  return r.total ? (r.statusCodes["429"] ?? 0) / r.total : 0;
}

/** One GET /users/me per request, each with the next user's token (shared counter over all connections). */
function meRequest(tokens) {
  let next = 0;
  return {
    method: "GET",
    path: ME,
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: tokens[next++ % tokens.length] } }),
  };
}

async function startServer(mode, env) {
  const nodeArgs = CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${path.join(benchDir, "results")}`, `--cpu-prof-name=${mode}-${Date.now()}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...nodeArgs, SERVER, mode], { stdio: ["ignore", "pipe", "inherit"], env });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /^PORT (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { child, port, stop: () => stopChild(child) };
}

async function measure(mode, env, request, mongoPid, emulatorPid, tokens) {
  process.stdout.write(`${mode}: starting ... `);
  const server = await startServer(mode, env);
  try {
    const url = `http://127.0.0.1:${server.port}`;
    if (tokens) {
      // Each user's first call creates their profile and the first request connects to MongoDB and
      // loads firebase-admin: do those before measuring.
      for (const authorization of tokens) {
        const res = await fetch(url + ME, { headers: { authorization } });
        if (res.status !== 200) throw new Error(`${mode}: warm-up GET ${ME} answered ${res.status}: ${await res.text()}`);
      }
    }
    process.stdout.write("warm-up ... ");
    await autocannon({ url, connections: CONNECTIONS, duration: 2, requests: [request] });
    process.stdout.write(`measuring ${DURATION} s ... `);
    const pids = { server: server.child.pid, autocannon: process.pid, mongodb: mongoPid, "auth emulator": emulatorPid };
    const before = cpuTimes(pids);
    const started = performance.now();
    // autocannon's own histogram keeps whole milliseconds; record each 2xx latency at full resolution too.
    const latencies = [];
    const run = autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests: [request] });
    run.on("response", (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
    });
    const r = await run;
    const elapsed = (performance.now() - started) / 1000;
    const after = cpuTimes(pids);
    const cpu = Object.keys(pids)
      .filter(
        (k) => before[k] !== undefined && after[k] !== undefined && (mode.startsWith("usersMe") || k === "server" || k === "autocannon"),
      )
      .map((k) => `${k} ${Math.round(((after[k] - before[k]) / elapsed) * 100)}`)
      .join(", ");
    console.log("done");
    const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
    const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
    const ok = Object.entries(statusCodes)
      .filter(([c]) => c.startsWith("2"))
      .reduce((a, [, n]) => a + n, 0);
    return {
      reqPerSec: total / r.duration,
      okPerSec: ok / r.duration,
      total,
      statusCodes,
      otherNon2xx: total - ok - (statusCodes["429"] ?? 0),
      errors: r.errors,
      timeouts: r.timeouts,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      p999: percentile(latencies, 0.999),
      autocannonLatency: r.latency,
      requests: r.requests,
      cpu: cpu || "n/a",
    };
  } finally {
    await server.stop();
  }
}

/** The `firebase emulators:exec` process we run under: the Auth emulator runs inside it. */
function findEmulatorPid() {
  let pid = process.ppid;
  for (let i = 0; i < 5 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes("emulators:")) return pid;
      pid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** CPU seconds (user + system) of each process, from /proc (Linux); undefined elsewhere. */
function cpuTimes(pids) {
  const out = {};
  for (const [name, pid] of Object.entries(pids)) {
    if (!pid || !existsSync(`/proc/${pid}/stat`)) continue;
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    out[name] = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  }
  return out;
}
