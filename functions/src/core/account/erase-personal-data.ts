import type { Db } from "mongodb";
import { log } from "../../platform/logger";
import { personalCollections, type PersonalCollection } from "./personal-data";

/** What an anonymized document's owner field is set to (shared content outlives its author). */
export const ANONYMIZED_OWNER = "deleted-user";

/**
 * Removes or anonymizes the user's documents in every registered collection. Each collection is one
 * idempotent step, so a failed deletion is completed by repeating it.
 */
export async function erasePersonalData(db: Db, uid: string, collections: PersonalCollection[] = personalCollections) {
  const counts: Record<string, number> = {};
  for (const c of collections) {
    const filter = { [c.ownerField]: uid };
    if (c.onDelete === "delete" && c.cascade?.length) {
      // Dependants first, so a deletion interrupted half-way is completed by repeating it.
      const ids = (await db.collection(c.collection).find(filter, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      for (const dep of c.cascade) {
        counts[`${c.collection}→${dep.collection}`] = (await db.collection(dep.collection).deleteMany({ [dep.foreignKey]: { $in: ids } })).deletedCount;
      }
    }
    counts[c.collection] =
      c.onDelete === "delete"
        ? (await db.collection(c.collection).deleteMany(filter)).deletedCount
        : (await db.collection(c.collection).updateMany(filter, { $set: { [c.ownerField]: ANONYMIZED_OWNER } })).modifiedCount;
  }
  log.info("personal_data_erased", { uid, counts });
  return counts;
}
