// `npm start`: builds the functions, starts the embedded database (unless MONGODB_URI is set), the
// Auth, Functions and Hosting emulators against it, creates the indexes (db:migrate), seeds demo data and prints how to call the API.
// Ctrl-C stops everything it started.
import { API_BASE, build, portInUse, PROJECT_ID, startEmbeddedMongo } from "./lib.mjs";
import { startEmulators } from "./emulators.mjs";
import { migrateDatabase } from "./db-migrate.mjs";
import { reconcileEnvLocal, restoreSetAsideLocalFiles, writeLocalSecrets } from "./local-secrets.mjs";
import { seed, DEMO_USERS } from "./seed.mjs";

const LOCAL_MONGODB_PORT = Number(process.env.LOCAL_MONGODB_PORT || 27027);

for (const port of [5000, 5001, 9099]) {
  if (await portInUse(port)) {
    console.error(`Port ${port} is in use (another \`npm start\`?). Stop it and try again.`);
    process.exit(1);
  }
}

console.log("Building functions...");
await build();

let mongo;
let uri = process.env.MONGODB_URI;
if (!uri) {
  if (await portInUse(LOCAL_MONGODB_PORT)) {
    console.error(`Port ${LOCAL_MONGODB_PORT} is in use; set LOCAL_MONGODB_PORT or MONGODB_URI.`);
    process.exit(1);
  }
  mongo = await startEmbeddedMongo(LOCAL_MONGODB_PORT);
  uri = mongo.uri;
  console.log(`Embedded MongoDB-compatible server (CongoDB, in memory) on 127.0.0.1:${LOCAL_MONGODB_PORT}`);
} else {
  console.log("Using the MongoDB at MONGODB_URI");
}
// Your local files win over the demo ones, and what you exported wins over both (README, "Configuration").
restoreSetAsideLocalFiles();
const exported = reconcileEnvLocal();
if (exported.length) console.log(`functions/.env.local: ${exported.join(", ")} taken from your environment`);
writeLocalSecrets({ MONGODB_URI: uri });
const migrated = await migrateDatabase(uri, process.env.MONGODB_DB);
console.log(`Indexes in place in ${migrated.database} (${migrated.indexes} on ${migrated.collections} collections)`);

const emulators = startEmulators();
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping emulators and database...");
  await emulators.stop();
  await mongo?.stop();
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  await emulators.ready;
  await seed(uri);
} catch (err) {
  console.error(err.message);
  await shutdown(1);
}

console.log(`
PromptForge API is running (project ${PROJECT_ID})

  API base URL   ${API_BASE}
  Functions      http://127.0.0.1:5001/${PROJECT_ID}/us-central1/<function>
  Auth emulator  http://127.0.0.1:9099
  OpenAPI        ${API_BASE}/openapi.json

Demo users: ${DEMO_USERS.map((u) => `${u.email} / ${u.password}${u.roles.length ? ` (${u.roles.join(",")})` : ""}`).join(", ")}
Try it (in another terminal):
  curl ${API_BASE}/health
  curl -H "Authorization: Bearer $(npm run -s token)" ${API_BASE}/users/me
  curl -H "Authorization: Bearer $(npm run -s token -- --admin)" ${API_BASE}/admin/users/<uid>

Press Ctrl-C to stop.`);
