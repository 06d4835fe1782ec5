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

/**
 * E11000: a unique index (or `_id`) rejected a write; callers treat it as "already exists". The
 * embedded development database (CongoDB) answers an upsert that collides on `_id` through
 * findAndModify with code 1 and this message instead: the same fact, so the same answer.
 */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === 11000 || (code === 1 && typeof message === "string" && message.startsWith("Duplicate key error: _id "));
}
