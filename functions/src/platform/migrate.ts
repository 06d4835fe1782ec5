import type { Db, IndexDescription } from "mongodb";
import { indexSpecs } from "./indexes";

/**
 * The database's migrations: today, every index the application relies on (platform/indexes.ts).
 * Run by `npm run db:migrate` (before a deploy, by `npm start` and by the tests' setup), never on a
 * request's path. createIndexes is idempotent: an index that exists with the same spec is left alone;
 * one that exists with another spec fails loudly, which stops a deploy.
 */
export async function migrate(
  db: Db,
  specs: Record<string, IndexDescription[]> = indexSpecs,
): Promise<{ collections: number; indexes: number }> {
  let indexes = 0;
  for (const [collection, wanted] of Object.entries(specs)) {
    await db.collection(collection).createIndexes(wanted);
    indexes += wanted.length;
  }
  return { collections: Object.keys(specs).length, indexes };
}

/** `collection.index` names the migrations would create that the database lacks (readiness reports them). */
export async function missingIndexes(db: Db, specs: Record<string, IndexDescription[]> = indexSpecs): Promise<string[]> {
  const missing: string[] = [];
  await Promise.all(
    Object.entries(specs).map(async ([collection, wanted]) => {
      const existing = new Set(
        await db
          .collection(collection)
          .listIndexes()
          .toArray()
          .then((list) => list.map((i) => i.name as string))
          // A collection that does not exist yet has no indexes.
          .catch((err: { codeName?: string; code?: number }) => {
            if (err.codeName === "NamespaceNotFound" || err.code === 26) return [];
            throw err;
          }),
      );
      for (const index of wanted) if (!existing.has(index.name!)) missing.push(`${collection}.${index.name}`);
    }),
  );
  return missing.sort();
}
