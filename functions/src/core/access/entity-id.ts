import { z } from "zod";

/** A resource id in a path, query or body: the hex form of a MongoDB ObjectId. (No driver import: schemas load with index.js.) */
export const EntityId = z.string().regex(/^[0-9a-f]{24}$/, "must be a 24-character lowercase hex id");
