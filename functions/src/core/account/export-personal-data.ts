import type { Db } from "mongodb";
import { personalCollections, type PersonalCollection } from "./personal-data";

/** Stated in every export, so the user knows what is left out and why. */
export const EXPORT_NOTES = [
  "Each collection lists the documents you own; secrets are left out: API key hashes, vault ciphertext and wrapped vault keys.",
  "Vault items are exported as metadata only (kind, title, size, dates). Reveal an item to read its content.",
];

/** Plain JSON: ObjectIds as hex, Dates as ISO strings, binary data dropped. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === "ObjectId") return (value as { toHexString(): string }).toHexString();
  if (bsonType || Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]).filter(([, v]) => v !== undefined));
}

/** Everything the user owns, per registered collection, without the fields each one excludes. */
export async function exportPersonalData(db: Db, uid: string, collections: PersonalCollection[] = personalCollections) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const c of collections) {
    const projection = Object.fromEntries((c.excludeFromExport ?? []).map((f) => [f, 0]));
    const docs = await db.collection(c.collection).find({ [c.ownerField]: uid }, { projection }).sort({ _id: 1 }).toArray();
    out[c.collection] = docs.map((d) => toJsonValue(d) as Record<string, unknown>);
  }
  return out;
}
