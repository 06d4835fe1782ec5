import type {
  RateLimiterAbstract,
  RateLimiterMemory as MemoryLimiter,
  RateLimiterMongo as MongoLimiter,
  RateLimiterRedis as RedisLimiter,
} from "rate-limiter-flexible";
import type { Config } from "../../platform/config";
import { log } from "../../platform/logger";
import { flexibleRateLimiter, type RateLimiter } from "./rate-limiter";

/**
 * Where counters live:
 * - `local`: process memory. For public operations that need no database (health, catalog, OpenAPI):
 *   per-instance limits are enough there and cost nothing.
 * - `shared`: Redis when REDIS_URL is set (one counter across all instances, ~1 ms), otherwise the
 *   MongoDB `rate_limits` collection. Both are insured by a memory limiter: if the store fails, limits
 *   fall back to per-instance counting instead of failing the request.
 */
export type RateLimitStore = "local" | "shared";

let localLimiter: RateLimiter | undefined;
let sharedLimiter: Promise<RateLimiter> | undefined;

// Each limiter class is imported from its own file: the package index loads every store adapter
// (16 ms), the memory limiter alone takes 2 ms.
const memoryLimiter = (): Promise<typeof MemoryLimiter> =>
  import("rate-limiter-flexible/lib/RateLimiterMemory").then((m) => (m.default ?? m) as typeof MemoryLimiter);

export async function getRateLimiter(store: RateLimitStore, config: () => Config): Promise<RateLimiter> {
  const RateLimiterMemory = await memoryLimiter();
  if (store === "local") {
    localLimiter ??= flexibleRateLimiter((o) => new RateLimiterMemory(o));
    return localLimiter;
  }
  sharedLimiter ??= buildSharedLimiter(config()).catch((err) => {
    sharedLimiter = undefined;
    throw err;
  });
  return sharedLimiter;
}

async function buildSharedLimiter(config: Config): Promise<RateLimiter> {
  const RateLimiterMemory = await memoryLimiter();
  const insurance = (o: { keyPrefix: string; points: number; duration: number }) => new RateLimiterMemory(o);
  if (config.redisUrl) {
    const redis = await getRedisClient(config.redisUrl);
    const RateLimiterRedis = await import("rate-limiter-flexible/lib/RateLimiterRedis").then(
      (m) => (m.default ?? m) as typeof RedisLimiter,
    );
    log.debug("rate_limit_store_selected", { store: "redis" });
    return flexibleRateLimiter(
      (o) => new RateLimiterRedis({ ...o, storeClient: redis, insuranceLimiter: insurance(o) }) as RateLimiterAbstract,
    );
  }
  const { getMongoClient, databaseName, mongoUri } = await import("../../platform/mongo");
  const client = await getMongoClient();
  const RateLimiterMongo = await import("rate-limiter-flexible/lib/RateLimiterMongo").then((m) => (m.default ?? m) as typeof MongoLimiter);
  const dbName = databaseName(mongoUri(), config.mongoDbName);
  log.debug("rate_limit_store_selected", { store: "mongo" });
  return flexibleRateLimiter(
    (o) =>
      new RateLimiterMongo({
        ...o,
        storeClient: client,
        dbName,
        tableName: "rate_limits",
        // Created by `npm run db:migrate` (platform/indexes.ts), never on a request's path.
        disableIndexesCreation: true,
        insuranceLimiter: insurance(o),
      }) as RateLimiterAbstract,
  );
}

let redisPromise: Promise<import("ioredis").Redis> | undefined;

/** One ioredis connection per instance; commands fail fast instead of queueing while it is down. */
export function getRedisClient(url: string): Promise<import("ioredis").Redis> {
  redisPromise ??= import("ioredis").then(({ Redis }) => {
    const client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 500,
    });
    client.on("error", (err) => log.warn("redis_error", { errorName: err.name, errorMessage: err.message }));
    // Without an offline queue, commands sent before the connection is up fail; wait for it once
    // (bounded by connectTimeout). If Redis is down, the insurance limiter takes over.
    return new Promise<import("ioredis").Redis>((resolve) => {
      client.once("ready", () => resolve(client));
      client.once("error", () => resolve(client));
    });
  });
  return redisPromise;
}

/** Tests and scripts close connections and start over. */
export async function resetRateLimitersForTests(): Promise<void> {
  localLimiter = undefined;
  sharedLimiter = undefined;
  const pending = redisPromise;
  redisPromise = undefined;
  if (pending) await pending.then((r) => r.quit()).catch(() => undefined);
}
