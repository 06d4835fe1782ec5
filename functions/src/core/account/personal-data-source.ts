import type { Collection, Document, Filter, FindCursor, ObjectId } from "mongodb";

/**
 * How a store contributes its collections to account export and deletion (personal-data.ts lists the
 * stores): it implements `HoldsPersonalData`, usually with `ownedBy(collection, rule)`.
 */
export interface PersonalDataRule {
  /** The field holding the owner's uid. */
  ownerField: string;
  /** "delete" removes the documents; "anonymize" keeps them with the owner replaced (shared content). */
  onDelete: "delete" | "anonymize";
  /** Documents that belong to the owned ones, deleted with them (see `dependants`). */
  cascade?: Dependants[];
  /** Fields never exported (hashes, ciphertext, internal keys). */
  excludeFromExport?: string[];
}

/** One collection's share of a user's data, as export and deletion use it. */
export interface PersonalDataSource {
  /** The collection's name: the export lists the documents under it. */
  readonly collection: string;
  readonly ownerField: string;
  readonly onDelete: PersonalDataRule["onDelete"];
  readonly excludeFromExport: readonly string[];
  /** The user's documents in `_id` order, without the excluded fields. */
  find(uid: string, batchSize: number): FindCursor<Document>;
  /** Deletes (dependants first) or anonymizes the user's documents; counts by collection. */
  erase(uid: string): Promise<Record<string, number>>;
}

/** A store that holds data users own. */
export interface HoldsPersonalData {
  personalData(): PersonalDataSource[];
}

/** What an anonymized document's owner field is set to (shared content outlives its author). */
export const ANONYMIZED_OWNER = "deleted-user";

/** Documents of another collection that belong to owned ones. */
export interface Dependants {
  collection: string;
  /** Deletes those belonging to the given owned documents; how many went. */
  deleteOf(ids: ObjectId[]): Promise<number>;
}

/** The documents of `collection` whose `foreignKey` is an owned document's `_id`. */
export function dependants<T extends Document>(collection: Collection<T>, foreignKey: string): Dependants {
  return {
    collection: collection.collectionName,
    deleteOf: async (ids) => (await collection.deleteMany({ [foreignKey]: { $in: ids } } as Filter<T>)).deletedCount,
  };
}

/** The source of a collection whose documents name their owner in one field (stores call this). */
export function ownedBy<T extends Document>(collection: Collection<T>, rule: PersonalDataRule): PersonalDataSource {
  const coll = collection as unknown as Collection<Document>;
  const name = coll.collectionName;
  const excluded = rule.excludeFromExport ?? [];
  return {
    collection: name,
    ownerField: rule.ownerField,
    onDelete: rule.onDelete,
    excludeFromExport: excluded,
    find: (uid, batchSize) =>
      coll
        .find({ [rule.ownerField]: uid }, { projection: Object.fromEntries(excluded.map((f) => [f, 0])) })
        .sort({ _id: 1 })
        .batchSize(batchSize),
    async erase(uid) {
      const counts: Record<string, number> = {};
      const filter = { [rule.ownerField]: uid };
      if (rule.onDelete === "anonymize") {
        counts[name] = (await coll.updateMany(filter, { $set: { [rule.ownerField]: ANONYMIZED_OWNER } })).modifiedCount;
        return counts;
      }
      if (rule.cascade?.length) {
        // Dependants first, so a deletion interrupted half-way is completed by repeating it.
        const ids = (await coll.find(filter, { projection: { _id: 1 } }).toArray()).map((d) => d._id as ObjectId);
        for (const dep of rule.cascade) counts[`${name}→${dep.collection}`] = await dep.deleteOf(ids);
      }
      counts[name] = (await coll.deleteMany(filter)).deletedCount;
      return counts;
    },
  };
}
