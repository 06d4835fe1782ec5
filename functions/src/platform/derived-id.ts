import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";

/**
 * An ObjectId derived from a key: the same key always names the same document, so an insert keyed by
 * it is first-writer-wins (a duplicate `_id` fails with E11000 on any MongoDB, no unique secondary
 * index needed). The namespace keeps ids of different kinds apart; parts are joined with ":" (ledger
 * entries and reservations have been named `entry:<key>` / `reservation:<key>` from the start).
 */
export const derivedId = (namespace: string, ...parts: string[]): ObjectId =>
  new ObjectId(
    createHash("sha256")
      .update(`${namespace}:${parts.join(":")}`)
      .digest("hex")
      .slice(0, 24),
  );
