import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";

/**
 * An `_id` derived from what a document is about (a purchase's buyer and listing, an earnings line's
 * key): whoever writes it first wins, and every retry or concurrent writer finds the same document,
 * even on an engine that does not enforce unique secondary indexes.
 */
export function derivedId(namespace: string, ...parts: string[]): ObjectId {
  return new ObjectId(
    createHash("sha256")
      .update(`${namespace}:${parts.join(":")}`)
      .digest("hex")
      .slice(0, 24),
  );
}
