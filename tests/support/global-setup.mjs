// Starts the embedded database once for the whole run, unless MONGODB_URI points at a real MongoDB.
// Each test file then works in a database of its own (see db.ts).
import { startEmbeddedMongo } from "../../scripts/lib.mjs";

export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI ??= process.env.MONGODB_URI;
  }
  if (!process.env.TEST_MONGODB_URI) {
    const mongo = await startEmbeddedMongo(undefined, "promptforge_test");
    globalThis.__EMBEDDED_MONGO__ = mongo;
    process.env.TEST_MONGODB_URI = mongo.uri;
  }
}
