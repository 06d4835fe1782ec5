// `npm test`: builds the functions, starts what the suite needs (the embedded database unless
// MONGODB_URI is set, a redis-server when one is installed) and runs jest inside the Firebase Auth,
// Functions and Hosting emulators (`firebase emulators:exec`), then stops everything.
// Extra arguments go to jest: `npm test -- tests/unit`.
import { spawn, spawnSync } from "node:child_process";
import { rmSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, freePort, portInUse, PROJECT_ID, root, run, startEmbeddedMongo } from "./lib.mjs";
import { migrateDatabase } from "./db-migrate.mjs";
import { FIREBASE_BIN } from "./emulators.mjs";
import { setAsideLocalFiles, writeLocalSecrets } from "./local-secrets.mjs";

const cleanups = [];
const cleanup = async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
};
process.on("SIGINT", async () => {
  await cleanup();
  process.exit(130);
});

async function startRedis() {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim();
  if (!found) {
    const msg =
      "redis-server is not installed: the Redis rate-limit store tests will be skipped (`apt-get install redis-server`; .ci/run installs it).";
    if (process.env.CI) throw new Error(msg);
    console.warn(`WARNING: ${msg}`);
    return;
  }
  const port = await freePort();
  const child = spawn(found, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  cleanups.push(async () => {
    child.kill("SIGTERM");
  });
  for (let i = 0; i < 50 && !(await portInUse(port)); i++) await new Promise((r) => setTimeout(r, 100));
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
}

let code = 1;
try {
  // The whole suite lints too (eslint + prettier); a run focused by jest arguments skips it.
  if (process.argv.length <= 2 && (await run("npm", ["run", "-s", "lint"])) !== 0)
    throw new Error("Lint failed: npm run format fixes layout; see eslint's messages for the rest");
  await build();
  // Type-check the tests too (jest only transpiles them).
  if (
    (await run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tests/tsconfig.json")])) !== 0
  ) {
    throw new Error("The tests do not type-check");
  }
  await startRedis();
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
  } else {
    const mongo = await startEmbeddedMongo(undefined, "promptforge_test");
    cleanups.push(() => mongo.stop());
    process.env.TEST_MONGODB_URI = mongo.uri;
  }
  // The functions emulator (used by the e2e tests) reads its secrets from .secret.local: the demo
  // values only, with your own .secret.local and .env.local set aside and put back afterwards.
  const { uriWithDatabase } = await import("./test-uri.mjs");
  process.env.E2E_MONGODB_URI = uriWithDatabase(process.env.TEST_MONGODB_URI, `pf_test_e2e_${process.pid}`);
  const restoreLocalFiles = setAsideLocalFiles();
  cleanups.push(async () => restoreLocalFiles());
  writeLocalSecrets({ MONGODB_URI: process.env.E2E_MONGODB_URI }, { env: {} });
  // The e2e database gets its indexes the way a deployed one does (each test file's own database is
  // migrated by tests/support/db.ts).
  await migrateDatabase(process.env.E2E_MONGODB_URI);

  // The emulators listen on free ports (firebase.json's fixed ones may be taken by `npm start` or by
  // another checkout's test run): a copy of firebase.json with those ports, removed afterwards.
  const config = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8"));
  for (const name of ["auth", "functions", "hosting", "hub", "logging"]) {
    config.emulators[name] = { ...config.emulators[name], host: "127.0.0.1", port: await freePort() };
  }
  const configPath = path.join(root, `.firebase-test-${process.pid}.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  cleanups.push(async () => rmSync(configPath, { force: true }));
  process.env.E2E_API_BASE = `http://127.0.0.1:${config.emulators.hosting.port}/api/v1`;

  const jestArgs = process.argv.slice(2);
  const jestCmd = [
    JSON.stringify(process.execPath),
    JSON.stringify(path.join(root, "node_modules/jest/bin/jest.js")),
    "--coverage",
    ...jestArgs.map((a) => JSON.stringify(a)),
  ].join(" ");
  code = await run(
    FIREBASE_BIN,
    ["emulators:exec", "--config", configPath, "--only", "auth,functions,hosting", "--project", PROJECT_ID, jestCmd],
    {
      env: { ...process.env, FORCE_COLOR: "0" },
    },
  );
} catch (err) {
  console.error(err.message);
} finally {
  await cleanup();
}
process.exit(code);
