import { getRateLimiter, resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";
import { parseConfig, resetConfigForTests } from "../../functions/src/platform/config";
import { HttpError } from "../../functions/src/platform/http-error";
import { indexSpecs } from "../../functions/src/platform/indexes";
import { missingIndexes, migrate } from "../../functions/src/platform/migrate";
import { closeMongo, databaseName, getDb, getMongoClient, mongoUri } from "../../functions/src/platform/mongo";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  isDatabaseUnavailable,
  isDuplicateKey,
} from "../../functions/src/platform/mongo-errors";
import { useTestDatabase } from "../support/db";

describe("databaseName", () => {
  it("prefers the configured name", () => {
    expect(databaseName("mongodb://h:27017/fromuri", "configured")).toBe("configured");
  });

  it.each([
    ["mongodb://127.0.0.1:27017/app", "app"],
    ["mongodb://u:p@h1:1,h2:2/app?replicaSet=rs0", "app"],
    ["mongodb+srv://user:pa%40ss@cluster0.example.net/prod_db?retryWrites=true", "prod_db"],
    ["mongodb://h/my%2Ddb", "my-db"],
  ])("reads the database from the path of %s", (uri, name) => {
    expect(databaseName(uri)).toBe(name);
  });

  it.each(["mongodb://h:27017", "mongodb://h:27017/", "mongodb://h:27017/?directConnection=true", "mongodb+srv://cluster0.example.net"])(
    "falls back to promptforge for %s",
    (uri) => {
      expect(databaseName(uri)).toBe("promptforge");
      expect(databaseName(uri, "")).toBe("promptforge");
    },
  );
});

describe("mongo-errors", () => {
  const named = (name: string) => Object.assign(new Error("x"), { name });

  it.each([
    "MongoServerSelectionError",
    "MongoNetworkError",
    "MongoNetworkTimeoutError",
    "MongoTopologyClosedError",
    "MongoPoolClearedError",
    "MongoNotConnectedError",
    "MongoOperationTimeoutError",
  ])("classifies %s as the database being unavailable", (name) => {
    expect(isDatabaseUnavailable(named(name))).toBe(true);
  });

  it("does not classify other errors, or non-errors, as unavailability", () => {
    for (const v of [
      named("MongoServerError"),
      named("MongoBulkWriteError"),
      new Error("MongoNetworkError"),
      { name: "MongoNetworkError" },
      "MongoNetworkError",
      null,
    ]) {
      expect(isDatabaseUnavailable(v)).toBe(false);
    }
  });

  it("builds a 503 service_unavailable with Retry-After that keeps the cause", () => {
    const cause = named("MongoNetworkError");
    const err = databaseUnavailable(cause);
    expect(err).toBeInstanceOf(HttpError);
    expect([err.status, err.code]).toEqual([503, "service_unavailable"]);
    expect(err.headers).toEqual({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
    expect(err.cause).toBe(cause);
    expect(err.message).not.toContain("Mongo");
  });

  it("recognises E11000 duplicate key errors only", () => {
    expect(isDuplicateKey(Object.assign(new Error("E11000"), { code: 11000 }))).toBe(true);
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    // The embedded database's findAndModify upsert colliding on _id.
    expect(isDuplicateKey({ code: 1, message: "Duplicate key error: _id 3e960343a1162165655cec16" })).toBe(true);
    expect(isDuplicateKey({ code: 1, message: "Internal error" })).toBe(false);
    for (const v of [{ code: "11000" }, { code: 11001 }, new Error("E11000 duplicate key"), null, undefined, 11000]) {
      expect(isDuplicateKey(v)).toBe(false);
    }
  });
});

describe("the MongoDB connection", () => {
  const testDb = useTestDatabase("unit_mongo");
  const savedDb = process.env.MONGODB_DB;

  afterEach(async () => {
    process.env.MONGODB_DB = "";
    resetConfigForTests();
  });
  afterAll(() => {
    process.env.MONGODB_DB = savedDb;
  });

  it("reads the URI from the MONGODB_URI secret", () => {
    expect(mongoUri()).toBe(testDb.uri);
  });

  it("answers 500 config_invalid when the secret is empty", () => {
    const saved = process.env.MONGODB_URI;
    process.env.MONGODB_URI = "";
    try {
      let thrown: unknown;
      try {
        mongoUri();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(HttpError);
      expect([(thrown as HttpError).status, (thrown as HttpError).code]).toEqual([500, "config_invalid"]);
    } finally {
      process.env.MONGODB_URI = saved;
    }
  });

  it("shares one client between concurrent first calls and reconnects after closeMongo", async () => {
    await closeMongo();
    const [a, b] = await Promise.all([getMongoClient(), getMongoClient()]);
    expect(a).toBe(b);
    expect(await getMongoClient()).toBe(a);
    await closeMongo();
    const c = await getMongoClient();
    expect(c).not.toBe(a);
    expect((await c.db(testDb.name).command({ ping: 1 })).ok).toBe(1);
  });

  it("uses the database named in the URI, with every index ensured", async () => {
    await closeMongo();
    const db = await getDb();
    expect(db.databaseName).toBe(testDb.name);
    expect(await getDb()).toBe(db);
    for (const [collection, specs] of Object.entries(indexSpecs)) {
      const names = (await db.collection(collection).listIndexes().toArray()).map((i) => i.name);
      expect(names).toEqual(expect.arrayContaining(specs.map((s) => s.name)));
    }
  });

  it("uses MONGODB_DB over the URI's database when set", async () => {
    const other = `${testDb.name}_b`.slice(0, 63);
    process.env.MONGODB_DB = other;
    resetConfigForTests();
    await closeMongo();
    const db = await getDb();
    try {
      expect(db.databaseName).toBe(other);
    } finally {
      await db.dropDatabase();
      await closeMongo();
    }
  });

  it("keeps shared rate-limit counters in MongoDB, so a new instance continues the count", async () => {
    const config = () => parseConfig(() => "");
    const rule = { points: 2, durationSeconds: 60 };
    await resetRateLimitersForTests();
    const first = await getRateLimiter("shared", config);
    expect(await first.consume("unit.GET", "uid:shared-1", rule)).toMatchObject({ allowed: true, remaining: 1 });
    await resetRateLimitersForTests(); // what a fresh instance starts from: no in-memory state
    const second = await getRateLimiter("shared", config);
    expect(second).not.toBe(first);
    expect(await second.consume("unit.GET", "uid:shared-1", rule)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await second.consume("unit.GET", "uid:shared-1", rule)).allowed).toBe(false);
    expect((await second.consume("unit.GET", "uid:shared-2", rule)).allowed).toBe(true);
    expect(await (await testDb.db()).collection("rate_limits").countDocuments()).toBeGreaterThan(0);
    await resetRateLimitersForTests();
  });

  it("migrate creates the indexes once (idempotent) and missingIndexes names what a database lacks", async () => {
    const db = await testDb.db();
    const specs = {
      unit_things: [{ key: { sku: 1 }, name: "sku_unique", unique: true }],
      unit_other: [{ key: { at: -1 }, name: "at_desc" }],
    };
    expect(await missingIndexes(db, specs)).toEqual(["unit_other.at_desc", "unit_things.sku_unique"]);
    expect(await migrate(db, specs)).toEqual({ collections: 2, indexes: 2 });
    await migrate(db, specs);
    const names = (await db.collection("unit_things").listIndexes().toArray()).map((i) => i.name);
    expect(names.filter((n) => n === "sku_unique")).toHaveLength(1);
    expect(await missingIndexes(db, specs)).toEqual([]);
  });

  it("never creates indexes on a request's path: getDb() of a new database leaves it without them", async () => {
    const db = await getDb();
    const fresh = db.client.db(`${db.databaseName}_fresh`);
    expect((await missingIndexes(fresh)).length).toBeGreaterThan(20);
  });
});
