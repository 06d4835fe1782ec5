import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, Db, MongoClient } from "mongodb";
import { getConfig } from "./config";
import { HttpError } from "./http-error";
import { log } from "./logger";
import { databaseUnavailable, isDatabaseUnavailable } from "./mongo-errors";
import { MONGODB_URI } from "./params";
import { observeDbCommand } from "./telemetry";

/**
 * One MongoClient per instance, created on first use and cached as a promise (reset on failure), so
 * concurrent first requests share one connection pool and a failed connect is retried next time.
 * Timeouts are short: a request must fail with 503 well before the function's 30 s deadline, never
 * hang: 5 s to find a server or connect, 10 s of socket silence during an operation.
 */
export const MONGO_TIMEOUTS = { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, socketTimeoutMS: 10_000 };

let clientPromise: Promise<MongoClient> | undefined;
let dbPromise: Promise<Db> | undefined;

export function mongoUri(): string {
  const uri = MONGODB_URI.value();
  if (!uri) throw new HttpError(500, "config_invalid", "The service is misconfigured", { details: undefined });
  return uri;
}

/** The database name: MONGODB_DB, else the URI's path, else "promptforge". */
export function databaseName(uri: string, configured?: string): string {
  if (configured) return configured;
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : "promptforge";
}

export async function getMongoClient(): Promise<MongoClient> {
  if (!clientPromise) {
    const uri = mongoUri();
    clientPromise = (async () => {
      const { MongoClient } = await import("mongodb");
      const client = new MongoClient(uri, {
        ...MONGO_TIMEOUTS,
        appName: "promptforge-functions",
        maxPoolSize: 20,
        ignoreUndefined: true,
        // Command events: the round-trip counts (tests, bench/db-commands.mjs) and the slow-query log.
        monitorCommands: true,
      });
      observeCommands(client);
      await client.connect();
      return client;
    })();
    clientPromise.catch((err) => {
      clientPromise = undefined;
      dbPromise = undefined;
      log.error("mongo_connect_failed", { errorName: (err as Error).name });
    });
  }
  try {
    return await clientPromise;
  } catch (err) {
    throw isDatabaseUnavailable(err) ? databaseUnavailable(err) : err;
  }
}

/** Commands that are the driver's own housekeeping, not the application's queries. */
const HOUSEKEEPING = new Set(["hello", "isMaster", "ismaster", "ping", "endSessions", "buildInfo", "saslStart", "saslContinue"]);
/** Commands started and not finished yet; bounded in case a connection dies without a failure event. */
const MAX_IN_FLIGHT = 10_000;

/**
 * Times every application command from the driver's command monitoring (monitorCommands): a span of a
 * sampled request and the slow-command log (platform/telemetry.ts). Only the collection name is taken
 * from a started command; its filter and documents are never kept.
 */
function observeCommands(client: MongoClient): void {
  const inFlight = new Map<string, string | undefined>();
  const key = (e: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent) => `${String(e.connectionId)}:${e.requestId}`;
  client.on("commandStarted", (e) => {
    if (HOUSEKEEPING.has(e.commandName)) return;
    if (inFlight.size >= MAX_IN_FLIGHT) inFlight.clear();
    const target = e.command?.[e.commandName];
    const collection = typeof target === "string" ? target : typeof e.command?.collection === "string" ? e.command.collection : undefined;
    inFlight.set(key(e), collection);
  });
  const finished = (ok: boolean) => (e: CommandSucceededEvent | CommandFailedEvent) => {
    const k = key(e);
    if (!inFlight.has(k)) return;
    const collection = inFlight.get(k);
    inFlight.delete(k);
    observeDbCommand({ command: e.commandName, collection, database: e.databaseName, durationMs: e.duration, ok });
  };
  client.on("commandSucceeded", finished(true));
  client.on("commandFailed", finished(false));
}

/**
 * The application database. Its indexes are not created here but by `npm run db:migrate`
 * (platform/migrate.ts): a request never pays for them.
 */
export async function getDb(): Promise<Db> {
  if (!dbPromise) {
    dbPromise = (async () => {
      const client = await getMongoClient();
      return client.db(databaseName(mongoUri(), getConfig().mongoDbName));
    })();
    dbPromise.catch(() => {
      dbPromise = undefined;
    });
  }
  try {
    return await dbPromise;
  } catch (err) {
    throw isDatabaseUnavailable(err) ? databaseUnavailable(err) : err;
  }
}

/** Closes the client (tests, scripts and graceful shutdown). */
export async function closeMongo(): Promise<void> {
  const pending = clientPromise;
  clientPromise = undefined;
  dbPromise = undefined;
  if (pending) await pending.then((c) => c.close()).catch(() => undefined);
}
