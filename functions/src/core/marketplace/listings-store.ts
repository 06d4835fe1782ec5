import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import type { ModelSettings, Template, VariableSpec } from "../prompts/template.schema";
import { notFound } from "../../platform/http-error";
import { ANONYMIZED_OWNER, ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { searchTerms } from "../search/search-terms";

export const LISTING_CATEGORIES = [
  "writing",
  "marketing",
  "coding",
  "data",
  "education",
  "business",
  "creative",
  "productivity",
  "research",
  "other",
] as const;
export type ListingCategory = (typeof LISTING_CATEGORIES)[number];

/** Why a moderator rejects a version or takes a listing down. */
export const REASON_CODES = ["too_short", "low_quality", "not_llm_instruction", "infringing", "misleading", "other"] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * draft: not submitted yet; pending: its first version awaits review; rejected: its first version was
 * rejected; listed: on sale (its approved version; a revision may be pending meanwhile); delisted: taken
 * off sale by the seller (buyers keep their licences); taken_down: removed by an admin.
 */
export type ListingState = "draft" | "pending" | "rejected" | "listed" | "delisted" | "taken_down";
export type VersionState = "draft" | "pending" | "approved" | "rejected";

/** A sample run the seller shows in the preview: inputs and the output they got. */
export interface ListingSample {
  inputs: Record<string, string | number | boolean | null>;
  output: string;
}

/** What a buyer gets: a snapshot of one prompt version, copied when the seller listed or revised it. */
export interface ListingContent {
  type: "text" | "chat";
  template: Template;
  variables: VariableSpec[];
  settings: ModelSettings;
}

/** What the listing shows; each version carries its own (an edit of a listed item is a revision). */
export interface ListingMeta {
  title: string;
  /** Sanitized rich text. */
  description: string;
  category: ListingCategory;
  tags: string[];
  models: string[];
  price: number;
  samples: ListingSample[];
}

export interface ModerationNote {
  by: string;
  at: Date;
  decision: "approved" | "rejected";
  reason_code: ReasonCode | null;
  note: string | null;
}

export interface ListingVersionDoc {
  _id: ObjectId;
  listing_id: ObjectId;
  seller_uid: string;
  version: number;
  state: VersionState;
  meta: ListingMeta;
  content: ListingContent;
  source: { prompt_id: ObjectId; version: number };
  review: ModerationNote | null;
  submitted_at: Date | null;
  created_at: Date;
}

/**
 * Measured stats of a listing, from our own metered try runs (never the seller's claims): sums kept
 * on the listing and moved by each successful run of someone other than its seller, once per usage
 * record (`keys` remembers the recent ones), so a browse reads them without touching usage records.
 */
export interface ListingStats {
  runs: number;
  credits: number;
  latency_ms: number;
  models: string[];
  keys: string[];
  at: Date | null;
}

export const EMPTY_STATS: ListingStats = { runs: 0, credits: 0, latency_ms: 0, models: [], keys: [], at: null };
const STATS_KEYS_KEPT = 200;

export interface ListingDoc extends ListingMeta {
  _id: ObjectId;
  seller_uid: string;
  state: ListingState;
  type: "text" | "chat";
  /** The approved version on sale (null until the first approval). */
  live_version: number | null;
  /** A version awaiting review. */
  pending_version: number | null;
  /** The version the seller is editing before its first submission (or after a rejection). */
  draft_version: number | null;
  next_version: number;
  /** The live (or, before approval, the draft) version's variables: the preview shows them, never the template. */
  variables: VariableSpec[];
  search_terms: string[];
  rating_sum: number;
  rating_count: number;
  /** Average stars × 100, rounded: the rating sort. */
  rating_avg: number;
  /** Bumped by every review change; `rating_rev` says which change the stored rating includes. */
  reviews_rev: number;
  rating_rev: number;
  sales: number;
  /** The last sales counted (guards `sales` against a step applied twice). */
  sale_keys: string[];
  /** Sales in the last 7 days (the trending sort), recomputed by the marketplace sweep. */
  sales_7d: number;
  stats: ListingStats;
  takedown: { reason_code: ReasonCode; note: string | null; by: string; at: Date } | null;
  listed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const BROWSE_SORTS = ["newest", "sales", "rating", "trending", "price_asc", "price_desc"] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

const SORT_FIELDS: Record<BrowseSort, { field: keyof ListingDoc; dir: 1 | -1 }> = {
  newest: { field: "listed_at", dir: -1 },
  sales: { field: "sales", dir: -1 },
  rating: { field: "rating_avg", dir: -1 },
  trending: { field: "sales_7d", dir: -1 },
  price_asc: { field: "price", dir: 1 },
  price_desc: { field: "price", dir: -1 },
};

export interface BrowseRequest {
  terms: string[];
  category?: ListingCategory;
  tag?: string;
  model?: string;
  minPrice?: number;
  maxPrice?: number;
  /** Average stars × 100. */
  minRating?: number;
  sort: BrowseSort;
  after: { value: number | Date; id: ObjectId } | null;
  limit: number;
}

const SALE_KEYS_KEPT = 1_000;

export const sortValueOf = (l: ListingDoc, sort: BrowseSort): number | Date => {
  const v = l[SORT_FIELDS[sort].field];
  return v instanceof Date ? v : Number(v ?? 0);
};

export const listingTerms = (meta: Pick<ListingMeta, "title" | "description" | "tags" | "category" | "models">) =>
  searchTerms(meta.title, meta.description.replace(/<[^>]*>/g, " "), ...meta.tags, meta.category, ...meta.models);

/**
 * `listings` and `listing_versions`: one aggregate (a listing, and the immutable-once-reviewed
 * snapshots it sells). The listing document mirrors its live version for browsing; versions hold the
 * templates and are read only for licence holders, moderators and try runs (never a browse).
 */
export class ListingsStore implements HoldsPersonalData {
  private readonly listings: Collection<ListingDoc>;
  private readonly versions: Collection<ListingVersionDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.listings = db.collection<ListingDoc>("listings");
    this.versions = db.collection<ListingVersionDoc>("listing_versions");
  }

  async get(id: ObjectId): Promise<ListingDoc | null> {
    return this.listings.findOne({ _id: id });
  }

  async require(id: ObjectId): Promise<ListingDoc> {
    const listing = await this.get(id);
    if (!listing) throw notFound("Listing");
    return listing;
  }

  many(ids: ObjectId[]): Promise<ListingDoc[]> {
    return this.listings.find({ _id: { $in: ids } }).toArray();
  }

  version(listingId: ObjectId, version: number): Promise<ListingVersionDoc | null> {
    return this.versions.findOne({ listing_id: listingId, version });
  }

  /** The latest version a moderator decided on (the seller sees why it was rejected). */
  lastReviewed(listingId: ObjectId): Promise<ListingVersionDoc | null> {
    return this.versions.findOne({ listing_id: listingId, review: { $ne: null } }, { sort: { version: -1 }, projection: { content: 0 } });
  }

  /** Approved versions from `from` on, oldest first (what a licence bought at `from` gives access to). */
  approvedFrom(listingId: ObjectId, from: number): Promise<ListingVersionDoc[]> {
    return this.versions
      .find({ listing_id: listingId, version: { $gte: from }, state: "approved" })
      .sort({ version: 1 })
      .toArray();
  }

  /** A new listing with its first version as a draft (the version first: a crash leaves only an unreachable version). */
  async create(seller: string, meta: ListingMeta, content: ListingContent, source: ListingVersionDoc["source"]): Promise<ListingDoc> {
    const now = this.now();
    const listing: ListingDoc = {
      _id: new ObjectId(),
      seller_uid: seller,
      state: "draft",
      ...meta,
      type: content.type,
      live_version: null,
      pending_version: null,
      draft_version: 1,
      next_version: 1,
      variables: content.variables,
      search_terms: listingTerms(meta),
      rating_sum: 0,
      rating_count: 0,
      rating_avg: 0,
      reviews_rev: 0,
      rating_rev: 0,
      sales: 0,
      sale_keys: [],
      sales_7d: 0,
      stats: EMPTY_STATS,
      takedown: null,
      listed_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.versions.insertOne(this.newVersion(listing._id, seller, 1, "draft", meta, content, source, now));
    await this.listings.insertOne(listing);
    return listing;
  }

  private newVersion(
    listingId: ObjectId,
    seller: string,
    version: number,
    state: VersionState,
    meta: ListingMeta,
    content: ListingContent,
    source: ListingVersionDoc["source"],
    now: Date,
  ): ListingVersionDoc {
    return {
      _id: new ObjectId(),
      listing_id: listingId,
      seller_uid: seller,
      version,
      state,
      meta,
      content,
      source,
      review: null,
      submitted_at: state === "pending" ? now : null,
      created_at: now,
    };
  }

  /** Replaces the content of a version nobody reviewed yet (a draft, or a pending revision): null if it is no longer so. */
  async editUnreviewed(
    listing: ListingDoc,
    version: number,
    state: "draft" | "pending",
    meta: ListingMeta,
    content: ListingContent,
    source: ListingVersionDoc["source"],
  ): Promise<ListingVersionDoc | null> {
    const now = this.now();
    const updated = await this.versions.findOneAndUpdate(
      { listing_id: listing._id, version, state: { $in: ["draft", "pending"] } },
      { $set: { meta, content, source, state, ...(state === "pending" ? { submitted_at: now } : {}) } },
      { returnDocument: "after" },
    );
    if (!updated) return null;
    if (state === "draft" || listing.live_version === null) await this.mirror(listing._id, meta, content, { draft: version });
    else await this.listings.updateOne({ _id: listing._id }, { $set: { pending_version: version, updated_at: now } });
    return updated;
  }

  /** A new version: a draft again after a rejection, or a pending revision of a listed item. */
  async addVersion(
    listing: ListingDoc,
    state: "draft" | "pending",
    meta: ListingMeta,
    content: ListingContent,
    source: ListingVersionDoc["source"],
  ): Promise<ListingVersionDoc | null> {
    const now = this.now();
    const allocated = await this.listings.findOneAndUpdate(
      { _id: listing._id },
      { $inc: { next_version: 1 } },
      { returnDocument: "after" },
    );
    if (!allocated) return null;
    const version = this.newVersion(listing._id, listing.seller_uid, allocated.next_version, state, meta, content, source, now);
    await this.versions.insertOne(version);
    if (state === "pending") {
      await this.listings.updateOne({ _id: listing._id }, { $set: { pending_version: version.version, updated_at: now } });
    } else {
      await this.mirror(listing._id, meta, content, { draft: version.version });
      if (allocated.state === "rejected")
        await this.listings.updateOne({ _id: listing._id, state: "rejected" }, { $set: { state: "draft" } });
    }
    return version;
  }

  /** Submits the draft for review (draft or rejected listing → pending). Null if it was not a draft. */
  async submitDraft(listing: ListingDoc, version: number): Promise<ListingDoc | null> {
    const now = this.now();
    const v = await this.versions.updateOne(
      { listing_id: listing._id, version, state: "draft" },
      { $set: { state: "pending", submitted_at: now } },
    );
    if (v.matchedCount === 0) return null;
    return this.listings.findOneAndUpdate(
      { _id: listing._id, draft_version: version },
      { $set: { state: "pending", pending_version: version, draft_version: null, updated_at: now } },
      { returnDocument: "after" },
    );
  }

  private async mirror(id: ObjectId, meta: ListingMeta, content: ListingContent, which: { draft?: number }): Promise<void> {
    await this.listings.updateOne(
      { _id: id },
      {
        $set: {
          ...meta,
          type: content.type,
          variables: content.variables,
          search_terms: listingTerms(meta),
          ...(which.draft !== undefined ? { draft_version: which.draft } : {}),
          updated_at: this.now(),
        },
      },
    );
  }

  /**
   * A moderator's decision on a pending version. The version's state changes first (one conditional
   * update: two moderators cannot both decide), then the listing follows; repeating the same decision
   * finishes an interrupted one. Returns the version as decided, or null when it was not pending and
   * not already decided that way.
   */
  async decide(
    listing: ListingDoc,
    version: number,
    note: ModerationNote,
  ): Promise<{ version: ListingVersionDoc; firstApproval: boolean } | null> {
    const state: VersionState = note.decision === "approved" ? "approved" : "rejected";
    let decided = await this.versions.findOneAndUpdate(
      { listing_id: listing._id, version, state: "pending" },
      { $set: { state, review: note } },
      { returnDocument: "after" },
    );
    decided ??= await this.versions.findOne({ listing_id: listing._id, version, state });
    if (!decided) return null;
    const now = this.now();
    if (state === "approved") {
      const before = await this.listings.findOneAndUpdate(
        { _id: listing._id, $or: [{ live_version: null }, { live_version: { $lt: version } }] },
        {
          $set: {
            ...decided.meta,
            type: decided.content.type,
            variables: decided.content.variables,
            search_terms: listingTerms(decided.meta),
            live_version: version,
            updated_at: now,
          },
        },
        { returnDocument: "before" },
      );
      await this.listings.updateOne({ _id: listing._id, pending_version: version }, { $set: { pending_version: null } });
      await this.listings.updateOne({ _id: listing._id, state: { $in: ["draft", "pending", "rejected"] } }, { $set: { state: "listed" } });
      await this.listings.updateOne({ _id: listing._id, listed_at: null }, { $set: { listed_at: now } });
      return { version: decided, firstApproval: !!before && before.live_version === null };
    }
    await this.listings.updateOne({ _id: listing._id, pending_version: version }, { $set: { pending_version: null, updated_at: now } });
    await this.listings.updateOne({ _id: listing._id, state: "pending", live_version: null }, { $set: { state: "rejected" } });
    return { version: decided, firstApproval: false };
  }

  /** The seller's delist / relist (only between listed and delisted); null when the listing is in another state. */
  setListed(id: ObjectId, listed: boolean): Promise<ListingDoc | null> {
    return this.listings.findOneAndUpdate(
      listed ? { _id: id, state: "delisted", live_version: { $ne: null } } : { _id: id, state: "listed" },
      { $set: { state: listed ? "listed" : "delisted", updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  takeDown(id: ObjectId, takedown: NonNullable<ListingDoc["takedown"]>): Promise<ListingDoc | null> {
    return this.listings.findOneAndUpdate(
      { _id: id, state: { $ne: "taken_down" } },
      { $set: { state: "taken_down", takedown, pending_version: null, updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  /** Counts a sale once per key (`sale_keys` remembers the recent ones); a refund's key takes it back. */
  async countSale(id: ObjectId, key: string, delta: 1 | -1): Promise<void> {
    await this.listings.updateOne(
      { _id: id, sale_keys: { $ne: key } },
      { $inc: { sales: delta }, $push: { sale_keys: { $each: [key], $slice: -SALE_KEYS_KEPT } } },
    );
  }

  /** Sales in the last 7 days, per listing (from the purchases): listings absent from `counts` have none. */
  async setTrending(counts: Map<string, number>): Promise<void> {
    for (const [id, n] of counts) await this.listings.updateOne({ _id: new ObjectId(id) }, { $set: { sales_7d: n } });
    await this.listings.updateMany(
      { sales_7d: { $gt: 0 }, _id: { $nin: [...counts.keys()].map((id) => new ObjectId(id)) } },
      { $set: { sales_7d: 0 } },
    );
  }

  /** A review changed: the listing's review revision moves on; the caller recomputes the rating under it. */
  async bumpReviews(id: ObjectId): Promise<number> {
    const after = await this.listings.findOneAndUpdate({ _id: id }, { $inc: { reviews_rev: 1 } }, { returnDocument: "after" });
    return after?.reviews_rev ?? 0;
  }

  /**
   * Stores a rating computed after review revision `rev` unless one computed after a later revision is
   * stored: the computation that saw the most changes wins, so concurrent reviews leave the exact aggregate.
   */
  async setRating(id: ObjectId, rating: { sum: number; count: number }, rev: number): Promise<void> {
    const avg = rating.count ? Math.round((rating.sum * 100) / rating.count) : 0;
    await this.listings.updateOne(
      { _id: id, rating_rev: { $lt: rev } },
      { $set: { rating_sum: rating.sum, rating_count: rating.count, rating_avg: avg, rating_rev: rev } },
    );
  }

  /** Listings whose rating was not recomputed after their last review change (a crash in between). */
  staleRatings(limit: number): Promise<ListingDoc[]> {
    return this.listings
      .find({ $expr: { $gt: ["$reviews_rev", "$rating_rev"] } })
      .limit(limit)
      .toArray();
  }

  /** Counts one measured run (once per usage record key); false when that key was counted already. */
  async recordRun(id: ObjectId, key: string, run: { credits: number; latencyMs: number; model: string }): Promise<boolean> {
    // Listings written before stats were sums hold null there.
    await this.listings.updateOne({ _id: id, stats: null as never }, { $set: { stats: EMPTY_STATS } });
    const r = await this.listings.updateOne(
      { _id: id, "stats.keys": { $ne: key } },
      {
        $inc: { "stats.runs": 1, "stats.credits": run.credits, "stats.latency_ms": run.latencyMs },
        $push: { "stats.keys": { $each: [key], $slice: -STATS_KEYS_KEPT } },
        // Model ids come from the catalogue (a few dozen), never from the request.
        $addToSet: { "stats.models": run.model },
        $set: { "stats.at": this.now() },
      },
    );
    return r.modifiedCount === 1;
  }

  /** One page of listed items (one more than `limit`, to tell if there is a next page). */
  browse(req: BrowseRequest): Promise<ListingDoc[]> {
    const and: Filter<ListingDoc>[] = [{ state: "listed" }];
    if (req.terms.length) and.push({ search_terms: { $all: req.terms } });
    if (req.category) and.push({ category: req.category });
    if (req.tag) and.push({ tags: req.tag });
    if (req.model) and.push({ models: req.model });
    if (req.minPrice !== undefined) and.push({ price: { $gte: req.minPrice } });
    if (req.maxPrice !== undefined) and.push({ price: { $lte: req.maxPrice } });
    if (req.minRating !== undefined) and.push({ rating_avg: { $gte: req.minRating } });
    const { field, dir } = SORT_FIELDS[req.sort];
    if (req.after) {
      const beyond = dir === 1 ? "$gt" : "$lt";
      const { value, id } = req.after;
      and.push({ $or: [{ [field]: { [beyond]: value } }, { [field]: value, _id: { [beyond]: id } }] } as Filter<ListingDoc>);
    }
    return this.listings
      .find({ $and: and }, { projection: { sale_keys: 0, "stats.keys": 0 } })
      .sort({ [field]: dir, _id: dir })
      .limit(req.limit + 1)
      .toArray();
  }

  /** A seller's listings, newest first, after (created_at, _id). */
  ofSeller(seller: string, after: { t: Date; id: ObjectId } | null, limit: number): Promise<ListingDoc[]> {
    const filter: Filter<ListingDoc> = { seller_uid: seller };
    if (after) filter.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.listings
      .find(filter, { projection: { sale_keys: 0, "stats.keys": 0 } })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** The moderation queue: versions awaiting review, oldest submission first. */
  pendingVersions(after: { t: Date; id: ObjectId } | null, limit: number): Promise<ListingVersionDoc[]> {
    const filter: Filter<ListingVersionDoc> = { state: "pending" };
    if (after) filter.$or = [{ submitted_at: { $gt: after.t } }, { submitted_at: after.t, _id: { $gt: after.id } }];
    return this.versions
      .find(filter, { projection: { content: 0 } })
      .sort({ submitted_at: 1, _id: 1 })
      .limit(limit + 1)
      .toArray();
  }

  /**
   * A deleted seller's listings come off sale and lose their owner; the versions stay (buyers keep what
   * they bought, and refunds still find what they reverse).
   */
  personalData(): PersonalDataSource[] {
    const listings = this.listings;
    return [
      {
        collection: listings.collectionName,
        ownerField: "seller_uid",
        onDelete: "anonymize",
        excludeFromExport: ["search_terms", "sale_keys"],
        find: (uid, batchSize) =>
          listings
            .find({ seller_uid: uid }, { projection: { search_terms: 0, sale_keys: 0 } })
            .sort({ _id: 1 })
            .batchSize(batchSize) as never,
        async erase(uid) {
          const off = await listings.updateMany(
            { seller_uid: uid },
            { $set: { seller_uid: ANONYMIZED_OWNER, state: "delisted", pending_version: null, draft_version: null } },
          );
          return { [listings.collectionName]: off.modifiedCount };
        },
      },
      ownedBy(this.versions, { ownerField: "seller_uid", onDelete: "anonymize" }),
    ];
  }
}
