import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type AnyBulkWriteOperation, type Collection, type Db, type Filter } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import type { Dims, Measures, ScopeKind } from "./series";

/** One series' sums over one 15-minute UTC bucket, for one scope and one combination of dimensions. */
export interface RollupDoc {
  _id: ObjectId;
  series: string;
  scope: ScopeKind;
  scope_id: string | null;
  /** The bucket's start (UTC, a multiple of 15 minutes). */
  bucket: Date;
  dims: Dims;
  m: Measures;
  /** The run that computed it counted every fact recorded up to this time. */
  as_of: Date;
  /** The user a user, seller or partner series belongs to (account export and deletion). */
  uid?: string;
}

export type NewRollup = Omit<RollupDoc, "_id" | "as_of" | "uid">;

/** A rollup document's `_id`: the same series, scope, bucket and dimensions always name the same document. */
export function rollupIdFor(r: Pick<NewRollup, "series" | "scope" | "scope_id" | "bucket" | "dims">): ObjectId {
  const dims = Object.keys(r.dims)
    .sort()
    .map((k) => [k, r.dims[k]]);
  const key = JSON.stringify([r.series, r.scope, r.scope_id, r.bucket.getTime(), dims]);
  return derivedId("rollup", key);
}

export interface RollupQuery {
  series: string;
  scope: ScopeKind;
  /** Undefined: every scope id (distinct-user metrics over all users). */
  scopeId?: string | null;
  from: Date;
  to: Date;
  /** Equality filters on dimensions. */
  dims?: Dims;
}

/** `analytics_rollups`: what the rollup job computed; what the analytics API reads. */
export class RollupsStore implements HoldsPersonalData {
  private readonly rollups: Collection<RollupDoc>;

  constructor(db: Db) {
    this.rollups = db.collection<RollupDoc>("analytics_rollups");
  }

  /**
   * Replaces every document of the buckets in [from, to) with `docs`, computed as of `asOf`: each
   * document is written whole (never incremented), unless a run with a later `asOf` already wrote it;
   * then the documents of those buckets that this run did not write and that no later run wrote are
   * removed (a combination of dimensions that no longer has facts). Two overlapping runs thus leave
   * what the later-as-of one computed, whatever the order of their writes.
   */
  async replaceBuckets(from: Date, to: Date, docs: NewRollup[], asOf: Date): Promise<{ written: number; removed: number }> {
    const ops: AnyBulkWriteOperation<RollupDoc>[] = docs.map((doc) => {
      const _id = rollupIdFor(doc);
      const uid = doc.scope === "user" || doc.scope === "seller" || doc.scope === "partner" ? { uid: doc.scope_id! } : {};
      return {
        replaceOne: {
          filter: { _id, as_of: { $lte: asOf } },
          replacement: { ...doc, ...uid, as_of: asOf },
          upsert: true,
        },
      };
    });
    let written = 0;
    for (let i = 0; i < ops.length; i += 1_000) {
      try {
        const res = await this.rollups.bulkWrite(ops.slice(i, i + 1_000), { ordered: false });
        written += res.upsertedCount + res.matchedCount;
      } catch (err) {
        // A duplicate _id: a run with a later as_of holds that document (the filter did not match it).
        if (!everyWriteErrorIsDuplicate(err)) throw err;
        written += Number((err as { result?: { upsertedCount?: number; matchedCount?: number } }).result?.upsertedCount ?? 0);
      }
    }
    const { deletedCount } = await this.rollups.deleteMany({ bucket: { $gte: from, $lt: to }, as_of: { $lt: asOf } });
    return { written, removed: deletedCount };
  }

  /** The documents of one series and scope in [from, to), with only what a query folds. */
  find(q: RollupQuery): AsyncIterable<Pick<RollupDoc, "bucket" | "dims" | "m" | "scope_id">> {
    const filter: Filter<RollupDoc> = { series: q.series, scope: q.scope, bucket: { $gte: q.from, $lt: q.to } };
    if (q.scopeId !== undefined) filter.scope_id = q.scopeId;
    for (const [k, v] of Object.entries(q.dims ?? {})) (filter as Record<string, unknown>)[`dims.${k}`] = v;
    return this.rollups.find(filter, { projection: { _id: 0, bucket: 1, dims: 1, m: 1, scope_id: 1 } });
  }

  /** The earliest bucket any document is for (null when there are none). */
  async oldestBucket(): Promise<Date | null> {
    const [doc] = await this.rollups
      .find({}, { projection: { bucket: 1 } })
      .sort({ bucket: 1 })
      .limit(1)
      .toArray();
    return doc?.bucket ?? null;
  }

  /** Every document of the buckets in [from, to), all series and scopes (the daily level is summed from them). */
  inRange(from: Date, to: Date): AsyncIterable<Pick<RollupDoc, "series" | "scope" | "scope_id" | "bucket" | "dims" | "m">> {
    return this.rollups.find({ bucket: { $gte: from, $lt: to } }, { projection: { _id: 0, as_of: 0, uid: 0 } });
  }

  /** A user's, seller's or partner's series go with their account (platform and team sums keep counting). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.rollups, { ownerField: "uid", onDelete: "delete" })];
  }
}

export function everyWriteErrorIsDuplicate(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown[] | unknown })?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  // CongoDB (the embedded test server) reports a bulk write's duplicate _id with code 1 and this message.
  return list.length > 0 && list.every((e) => isDuplicateKey(e) || /^Duplicate key error/.test(String((e as { errmsg?: unknown }).errmsg)));
}
