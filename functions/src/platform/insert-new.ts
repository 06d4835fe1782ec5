import type { Collection, Document, OptionalUnlessRequiredId } from "mongodb";
import { isDuplicateKey } from "./mongo-errors";

interface BulkInsertFailure {
  insertedCount?: number;
  writeErrors?: unknown[] | unknown;
  writeConcernError?: unknown;
  result?: { insertedCount?: number };
}

/**
 * Inserts documents whose `_id` derives from what they are (first writer wins), in one round trip and
 * unordered: a document whose `_id` exists already is left as it is (E11000 means "already there",
 * e.g. written by a dispatcher that died before it could say so); any other failure throws.
 * Returns how many this call inserted.
 */
export async function insertManyNew<T extends Document>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await collection.insertMany(docs, { ordered: false })).insertedCount;
  } catch (err) {
    const bulk = err as BulkInsertFailure;
    const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [err];
    if (bulk.writeConcernError || !errors.every(isDuplicateKey)) throw err;
    return bulk.insertedCount ?? bulk.result?.insertedCount ?? 0;
  }
}
