// Helpers shared by the benchmarks (cold-start.mjs, throughput.mjs). Figures only: nothing here asserts.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, portInUse, PROJECT_ID, requireFromFunctions, root } from "../scripts/lib.mjs";

export { freePort, PROJECT_ID, requireFromFunctions, root };

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const libIndex = path.join(root, "functions/lib/index.js");
const FIREBASE_JS = path.join(root, "node_modules/firebase-tools/lib/bin/firebase.js");

/** Environment of every process that runs function code (the children read it, like Cloud Run would). */
export function functionEnv(extra = {}) {
  return {
    ...process.env,
    GCLOUD_PROJECT: PROJECT_ID,
    ENVIRONMENT: process.env.BENCH_ENVIRONMENT || "production",
    LOG_LEVEL: "error",
    // As on Cloud Functions' Node.js runtime.
    NODE_ENV: "production",
    ...extra,
  };
}

/**
 * Makes sure the Firebase Auth emulator is running: if FIREBASE_AUTH_EMULATOR_HOST is not set, re-runs
 * this script inside `firebase emulators:exec --only auth` and exits with its code (never returns then).
 * The CLI runs with this Node binary (the system `node` may be older). If port 9099 is taken (e.g. a
 * test run), a temporary firebase.json under bench/results/ puts the emulator on a free port.
 */
export async function ensureAuthEmulator(scriptUrl) {
  if (process.env.FIREBASE_AUTH_EMULATOR_HOST) return;
  const script = fileURLToPath(scriptUrl);
  const cmd = [process.execPath, script, ...process.argv.slice(2)].map((a) => JSON.stringify(a)).join(" ");
  const args = [FIREBASE_JS, "emulators:exec", "--only", "auth", "--project", PROJECT_ID];
  let config;
  if (await portInUse(9099)) {
    const dir = path.join(benchDir, "results");
    mkdirSync(dir, { recursive: true });
    config = path.join(dir, `firebase.bench.${process.pid}.json`);
    writeFileSync(
      config,
      JSON.stringify(
        { emulators: { auth: { host: "127.0.0.1", port: await freePort() }, ui: { enabled: false }, singleProjectMode: true } },
        null,
        2,
      ),
    );
    args.push("--config", config);
    console.log("(port 9099 is in use: starting the Auth emulator on a free port)");
  }
  args.push(cmd);
  console.log("Starting the Firebase Auth emulator (firebase emulators:exec --only auth), ~10 s ...");
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...process.env, FORCE_COLOR: "0", PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` },
  });
  // Pass through the script's own output, not the CLI's status lines ("i  auth: ...", "✔  ...").
  const cliLine =
    /^\s*((i|\u2714)\s+(emulators|auth|hub|logging|ui|Script|Running|Detected|Shutting|functions)|\u26a0\s+Unable to fetch the CLI MOTD)/i;
  let pending = "";
  child.stdout.on("data", (chunk) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop();
    for (const line of lines) {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
      if (!cliLine.test(plain)) process.stdout.write(line + "\n");
    }
  });
  child.stdout.on("end", () => pending && process.stdout.write(pending + "\n"));
  const forward = (sig) => child.kill(sig);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));
  if (config) rmSync(config, { force: true });
  process.exit(code);
}

/** Warns when functions/lib is older than functions/src (then the figures describe old code). */
export function checkBuild() {
  if (!existsSync(libIndex)) {
    throw new Error("functions/lib/index.js is missing: build first (npm run build)");
  }
  const newest = (dir, ext) => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) t = Math.max(t, newest(p, ext));
      else if (p.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
    }
    return t;
  };
  const src = newest(path.join(root, "functions/src"), ".ts");
  const lib = newest(path.join(root, "functions/lib"), ".js");
  if (src > lib) console.warn("WARNING: functions/src has changes newer than functions/lib; run `npm run build` for current figures.\n");
}

/**
 * CongoDB (the embedded MongoDB of scripts/lib.mjs) in its own process, so its CPU work does not
 * share an event loop with the process that measures.
 */
export async function startMongoProcess(dbName) {
  const child = spawn(process.execPath, [path.join(benchDir, "support/mongo-process.mjs"), dbName], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const uri = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /^URI (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`embedded MongoDB exited with ${code}`)));
  });
  return { uri, pid: child.pid, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the child is gone. */
export function stopChild(child, graceMs = 5_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
  });
}

const authHost = () => process.env.FIREBASE_AUTH_EMULATOR_HOST;

async function identityToolkit(method, body) {
  const res = await fetch(`http://${authHost()}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=bench`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`accounts:${method}: ${json.error?.message ?? res.status}`);
  return json;
}

/** Creates an emulator user and returns { uid, email, password, idToken }. */
export async function signUp(email, password = "bench-password-1") {
  const json = await identityToolkit("signUp", { email, password, returnSecureToken: true });
  return { uid: json.localId, email, password, idToken: json.idToken };
}

export async function signIn(email, password) {
  const json = await identityToolkit("signInWithPassword", { email, password, returnSecureToken: true });
  return json.idToken;
}

/** Gives a user custom claims through firebase-admin (the emulator accepts it without credentials). */
export async function setClaims(uid, claims) {
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  const { getApps, initializeApp } = requireFromFunctions("firebase-admin/app");
  const { getAuth } = requireFromFunctions("firebase-admin/auth");
  const app = getApps()[0] ?? initializeApp({ projectId: PROJECT_ID });
  await getAuth(app).setCustomUserClaims(uid, claims);
}

/**
 * How busy the machine is before we start (share of all CPUs over `ms`, from /proc/stat; Linux only).
 * Other work on the machine (a test run, a build) skews every figure here, so the scripts print it.
 */
export async function machineLoad(ms = 1_000) {
  const read = () => {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, ms));
    const b = read();
    return 1 - (b.idle - a.idle) / (b.total - a.total);
  } catch {
    return undefined;
  }
}

export async function reportMachineLoad() {
  const load = await machineLoad();
  if (load === undefined) return;
  const line = `Machine busy before start: ${(load * 100).toFixed(0)}% of all CPUs (1-min loadavg ${os.loadavg()[0].toFixed(2)})`;
  console.log(load > 0.15 ? `${line}  WARNING: something else is running; figures will be low and noisy.` : line);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Prints rows (arrays of cells) as an aligned text table; numbers are right-aligned. */
export function printTable(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = (c) => /^-?[\d.,]+( ?[%x])?$/.test(c);
  const line = (r, isHeader) =>
    r
      .map((c, i) => (!isHeader && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  console.log(line(cells[0], true));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r, false));
}

/** Things to stop when the script ends or is interrupted, last started first. */
export function cleanupOnExit() {
  const cleanups = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  process.on("SIGINT", async () => {
    await cleanup();
    process.exit(130);
  });
  return { cleanups, cleanup };
}
