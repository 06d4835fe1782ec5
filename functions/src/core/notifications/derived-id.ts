import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";

/**
 * An `_id` derived from what identifies a document (a notification's key, a channel, a destination):
 * whoever writes it first wins and every later write is a duplicate-key error, even on an engine
 * that does not enforce unique secondary indexes. This is how deliveries are deduped.
 */
export const derivedId = (namespace: string, ...parts: string[]): ObjectId =>
  new ObjectId(
    createHash("sha256")
      .update([namespace, ...parts].join("\u0000"))
      .digest("hex")
      .slice(0, 24),
  );
