import { HttpError } from "./http-error";

/**
 * Driver errors that mean "the database cannot be reached right now". Matched by name so the
 * function factory can classify them without loading the driver (health never loads it).
 */
const unavailableNames = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
  "MongoNotConnectedError",
  "MongoOperationTimeoutError",
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  return err instanceof Error && unavailableNames.has(err.name);
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(cause?: unknown): HttpError {
  return new HttpError(503, "service_unavailable", "The service is temporarily unavailable; retry shortly", {
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    cause,
  });
}

/** E11000: a unique index (or `_id`) rejected a write; callers treat it as "already exists". */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}
