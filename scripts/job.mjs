// `npm run job <name> [--at <ISO time>]`: runs one scheduled function (functions/src/schedules.ts) once,
// locally, against the database of `npm start` (functions/.secret.local) or MONGODB_URI: the Pub/Sub and
// Scheduler emulators cannot run here. The exported function's own handler runs (`fn.run`, what Cloud
// Scheduler's trigger calls); `--at` sets the services' clock for that run (e.g. to replay a missed
// analytics window) and is its schedule time.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { build, functionsDir, requireFromFunctions } from "./lib.mjs";
import { parseDotenv } from "./local-secrets.mjs";

const [name, ...rest] = process.argv.slice(2);
const atIndex = rest.indexOf("--at");
const at = atIndex >= 0 ? new Date(rest[atIndex + 1] ?? "") : null;
if (!name || (at && Number.isNaN(at.getTime()))) {
  console.error("usage: npm run job <scheduleName> [--at <ISO time>]");
  process.exit(2);
}
const secretFile = path.join(functionsDir, ".secret.local");
if (!process.env.MONGODB_URI && existsSync(secretFile)) {
  process.env.MONGODB_URI = parseDotenv(readFileSync(secretFile, "utf8")).MONGODB_URI;
}
if (!process.env.MONGODB_URI) {
  console.error("Set MONGODB_URI, or run `npm start` first (it writes functions/.secret.local).");
  process.exit(2);
}
if (!process.argv.includes("--no-build")) await build();
const { schedules } = requireFromFunctions("./lib/schedules.js");
if (!schedules[name]) {
  console.error(`No scheduled function "${name}"; there are: ${Object.keys(schedules).join(", ")}`);
  process.exit(2);
}
const fn = requireFromFunctions("./lib/index.js")[name];
const { overrideServicesForTests } = requireFromFunctions("./lib/services.js");
const { closeMongo } = requireFromFunctions("./lib/platform/mongo.js");
const restore = at ? overrideServicesForTests({ now: () => new Date(at) }) : () => undefined;
let code = 0;
try {
  await fn.run({ scheduleTime: (at ?? new Date()).toISOString(), jobName: name });
  console.log(`job ${name}: done (its schedule_run log line has the figures)`);
} catch (err) {
  console.error(`job ${name} failed: ${err.message}`);
  code = 1;
} finally {
  restore();
  await closeMongo();
}
process.exit(code);
