import { type ObjectId, type AnyBulkWriteOperation, type Collection, type Db, type Filter } from "mongodb";
import { derivedId } from "../../platform/derived-id";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { everyWriteErrorIsDuplicate, type RollupQuery } from "./rollups-store";
import type { Dims, Measures, ScopeKind } from "./series";

const DAY_MS = 86_400_000;

/**
 * One series' sums over one UTC day, for one scope and combination of dimensions: the day's total
 * (`m`) and its non-empty 15-minute buckets (`slots`, s = 0-95). A query reads one document per day
 * instead of up to 96: a day lying wholly inside one local period adds `m`; a day a local period
 * boundary cuts (any zone whose midnight is not UTC's, +05:45 included) adds each slot to its own
 * period. Every slot lies in exactly one period, so this is as exact as folding the 15-minute buckets.
 */
export interface DailyRollupDoc {
  _id: ObjectId;
  series: string;
  scope: ScopeKind;
  scope_id: string | null;
  /** The UTC day (midnight). */
  day: Date;
  dims: Dims;
  m: Measures;
  slots: { s: number; m: Measures }[];
  /** Summed from the 15-minute buckets as the run of this as-of left them. */
  as_of: Date;
  uid?: string;
}

export type NewDailyRollup = Omit<DailyRollupDoc, "_id" | "as_of" | "uid">;

export function dailyIdFor(r: Pick<NewDailyRollup, "series" | "scope" | "scope_id" | "day" | "dims">): ObjectId {
  const dims = Object.keys(r.dims)
    .sort()
    .map((k) => [k, r.dims[k]]);
  return derivedId("rollup-day", JSON.stringify([r.series, r.scope, r.scope_id, r.day.getTime(), dims]));
}

/** `analytics_daily`: the rollups summed per UTC day (core/analytics/rollup.ts writes them; the analytics API reads them). */
export class DailyRollupsStore implements HoldsPersonalData {
  private readonly daily: Collection<DailyRollupDoc>;

  constructor(db: Db) {
    this.daily = db.collection<DailyRollupDoc>("analytics_daily");
  }

  /**
   * Replaces every document of these UTC days with `docs`, as `replaceBuckets` does for buckets: each
   * written whole unless a later as-of wrote it, then the days' documents no run of this or a later
   * as-of wrote are removed.
   */
  async replaceDays(days: Date[], docs: NewDailyRollup[], asOf: Date): Promise<{ written: number; removed: number }> {
    const ops: AnyBulkWriteOperation<DailyRollupDoc>[] = docs.map((doc) => ({
      replaceOne: {
        filter: { _id: dailyIdFor(doc), as_of: { $lte: asOf } },
        replacement: { ...doc, ...(doc.scope === "platform" || doc.scope === "team" ? {} : { uid: doc.scope_id! }), as_of: asOf },
        upsert: true,
      },
    }));
    let written = 0;
    for (let i = 0; i < ops.length; i += 1_000) {
      try {
        const res = await this.daily.bulkWrite(ops.slice(i, i + 1_000), { ordered: false });
        written += res.upsertedCount + res.matchedCount;
      } catch (err) {
        if (!everyWriteErrorIsDuplicate(err)) throw err;
        written += Number((err as { result?: { upsertedCount?: number; matchedCount?: number } }).result?.upsertedCount ?? 0);
      }
    }
    const { deletedCount } = await this.daily.deleteMany({ day: { $in: days }, as_of: { $lt: asOf } });
    return { written, removed: deletedCount };
  }

  /** The day documents of one series and scope overlapping [from, to). */
  find(q: RollupQuery): AsyncIterable<Pick<DailyRollupDoc, "day" | "dims" | "m" | "slots" | "scope_id">> {
    const first = new Date(Math.floor(q.from.getTime() / DAY_MS) * DAY_MS);
    const filter: Filter<DailyRollupDoc> = { series: q.series, scope: q.scope, day: { $gte: first, $lt: q.to } };
    if (q.scopeId !== undefined) filter.scope_id = q.scopeId;
    for (const [k, v] of Object.entries(q.dims ?? {})) (filter as Record<string, unknown>)[`dims.${k}`] = v;
    return this.daily.find(filter, { projection: { _id: 0, day: 1, dims: 1, m: 1, slots: 1, scope_id: 1 } });
  }

  personalData(): PersonalDataSource[] {
    return [ownedBy(this.daily, { ownerField: "uid", onDelete: "delete" })];
  }
}
