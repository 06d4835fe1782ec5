import type { Db, MongoClient } from "mongodb";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { migrate } from "../../functions/src/platform/migrate";
import { closeMongo, getMongoClient } from "../../functions/src/platform/mongo";
import { resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";

/** The test run's MongoDB URI (embedded, or the real one given in MONGODB_URI) with another database. */
export function uriWithDatabase(uri: string, dbName: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`Unexpected MongoDB URI: ${uri}`);
  return `${m[1]}/${dbName}${m[2] ?? ""}`;
}

/**
 * Gives a test file a database of its own (dropped afterwards) and points the platform at it, the
 * way a deployed function is configured: through the MONGODB_URI secret's environment variable.
 */
export function useTestDatabase(label: string) {
  const name = `pf_test_${label.replace(/[^A-Za-z0-9_]/g, "_")}_${process.pid}`.slice(0, 60);
  const uri = uriWithDatabase(process.env.TEST_MONGODB_URI!, name);
  let client: MongoClient | undefined;

  beforeAll(async () => {
    process.env.MONGODB_URI = uri;
    process.env.MONGODB_DB = "";
    resetConfigForTests();
    await closeMongo();
    await resetRateLimitersForTests();
    // As `npm run db:migrate` does before a deploy: the code relies on these (unique) indexes.
    await migrate((await getMongoClient()).db(name));
  });

  afterAll(async () => {
    try {
      client = await getMongoClient();
      await client.db(name).dropDatabase();
    } catch {
      // The database may be unreachable on purpose in some tests.
    }
    await resetRateLimitersForTests();
    await closeMongo();
  });

  return {
    name,
    uri,
    async db(): Promise<Db> {
      return (await getMongoClient()).db(name);
    },
    /**
     * Every collection's documents, to prove a rejected request changed nothing. `except` leaves out
     * collections an accepted request writes by design whatever it does (`user_activity`: the DAU marker).
     */
    async snapshot(options: { except?: string[] } = {}): Promise<Record<string, unknown[]>> {
      const db = (await getMongoClient()).db(name);
      const out: Record<string, unknown[]> = {};
      for (const { name: coll } of await db.listCollections().toArray()) {
        if (coll === "rate_limits" || options.except?.includes(coll)) continue;
        out[coll] = await db.collection(coll).find({}).sort({ _id: 1 }).toArray();
      }
      return out;
    },
  };
}
