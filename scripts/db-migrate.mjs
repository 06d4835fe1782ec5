// `npm run db:migrate`: creates every index the application relies on (functions/src/platform/indexes.ts)
// in the database at MONGODB_URI (database MONGODB_DB, else the URI's path, else "promptforge").
// Idempotent; run it before deploying functions (the deploy guide and the CI workflow do), and
// `npm start` / `npm test` run it on their own databases. Exits non-zero if anything fails.
import { build, requireFromFunctions } from "./lib.mjs";

/** Runs the migrations on one database (the functions must be built). */
export async function migrateDatabase(uri, dbName) {
  const { MongoClient } = requireFromFunctions("mongodb");
  const { migrate } = requireFromFunctions("./lib/platform/migrate.js");
  const { databaseName } = requireFromFunctions("./lib/platform/mongo.js");
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const name = databaseName(uri, dbName || undefined);
    const result = await migrate(client.db(name));
    return { database: name, ...result };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error("Set MONGODB_URI (and MONGODB_DB if the URI names no database) to the database to migrate.");
    process.exit(2);
  }
  try {
    if (!process.argv.includes("--no-build")) await build();
    const { database, collections, indexes } = await migrateDatabase(uri, process.env.MONGODB_DB);
    console.log(`db:migrate: ${indexes} indexes on ${collections} collections are in place in ${database}`);
  } catch (err) {
    console.error(`db:migrate failed: ${err.message}`);
    process.exit(1);
  }
}
