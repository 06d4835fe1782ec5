import type { Collection, Db, Filter, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ANONYMIZED_OWNER, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

export interface ReviewReport {
  uid: string;
  reason: string;
  note?: string | null;
  at: Date;
}

/** `removed_reason` of a review a moderator removed: its author cannot bring it back by editing it. */
export const MODERATOR_REMOVED = "moderation";

/** `reviews`: one per buyer and listing (`_id` derived from both), editable; removed ones stay for the record. */
export interface ReviewDoc {
  _id: ObjectId;
  listing_id: ObjectId;
  buyer_uid: string;
  seller_uid: string;
  stars: number;
  /** Sanitized plain text. */
  text: string;
  state: "visible" | "removed";
  removed_reason: string | null;
  reports: ReviewReport[];
  /** open: in the moderation queue; kept: a moderator kept it (new reports reopen it). */
  report_state: "open" | "kept" | null;
  /** Set when a review changed without its listing's rating being recomputed (account deletion). */
  rating_dirty: boolean;
  created_at: Date;
  updated_at: Date;
}

export const reviewIdFor = (listingId: ObjectId, buyer: string) => derivedId("review", listingId.toHexString(), buyer);

const REPORTS_KEPT = 20;

export class ReviewsStore implements HoldsPersonalData {
  private readonly reviews: Collection<ReviewDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.reviews = db.collection<ReviewDoc>("reviews");
  }

  get(id: ObjectId): Promise<ReviewDoc | null> {
    return this.reviews.findOne({ _id: id });
  }

  of(listingId: ObjectId, buyer: string): Promise<ReviewDoc | null> {
    return this.reviews.findOne({ _id: reviewIdFor(listingId, buyer) });
  }

  /**
   * Writes the buyer's review of a listing (created, or edited: one its author or a refund removed comes
   * back). A review a moderator removed stays removed: the write changes nothing and the review is
   * returned as it is (`state: "removed"`).
   */
  async put(
    r: Pick<ReviewDoc, "listing_id" | "buyer_uid" | "seller_uid" | "stars" | "text">,
  ): Promise<{ review: ReviewDoc; created: boolean }> {
    const _id = reviewIdFor(r.listing_id, r.buyer_uid);
    const now = this.now();
    const editable = { _id, removed_reason: { $ne: MODERATOR_REMOVED } };
    const edit = { $set: { stars: r.stars, text: r.text, state: "visible" as const, removed_reason: null, updated_at: now } };
    for (;;) {
      const before = await this.reviews.findOneAndUpdate(editable, edit, { returnDocument: "before" });
      if (before) return { review: (await this.reviews.findOne({ _id }))!, created: before.state === "removed" };
      const existing = await this.reviews.findOne({ _id });
      if (existing) return { review: existing, created: false };
      const doc: ReviewDoc = {
        _id,
        ...r,
        state: "visible",
        removed_reason: null,
        reports: [],
        report_state: null,
        rating_dirty: false,
        created_at: now,
        updated_at: now,
      };
      try {
        await this.reviews.insertOne(doc);
        return { review: doc, created: true };
      } catch (err) {
        // Two first writes at once: the loser applies its write as an edit of the winner's review.
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Hides a review (its author deleted it, a refund, or a moderator); null when there was none visible. */
  remove(id: ObjectId, reason: string): Promise<ReviewDoc | null> {
    return this.reviews.findOneAndUpdate(
      { _id: id, state: "visible" },
      { $set: { state: "removed", removed_reason: reason, report_state: null, updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  /** The exact aggregate of a listing's visible reviews. */
  async rating(listingId: ObjectId): Promise<{ sum: number; count: number }> {
    const [row] = await this.reviews
      .aggregate<{ sum: number; count: number }>([
        { $match: { listing_id: listingId, state: "visible" } },
        { $group: { _id: null, sum: { $sum: "$stars" }, count: { $sum: 1 } } },
      ])
      .toArray();
    return { sum: row?.sum ?? 0, count: row?.count ?? 0 };
  }

  /** Visible reviews of a listing, newest first, after (created_at, _id): an edit does not move a review between pages. */
  page(listingId: ObjectId, after: { t: Date; id: ObjectId } | null, limit: number): Promise<ReviewDoc[]> {
    const filter: Filter<ReviewDoc> = { listing_id: listingId, state: "visible" };
    if (after) filter.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.reviews
      .find(filter, { projection: { reports: 0 } })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** One report per user and review; the review (re)enters the moderation queue. False when this user had reported it. */
  async report(id: ObjectId, report: ReviewReport): Promise<boolean> {
    const r = await this.reviews.updateOne(
      { _id: id, state: "visible", "reports.uid": { $ne: report.uid } },
      { $push: { reports: { $each: [report], $slice: -REPORTS_KEPT } }, $set: { report_state: "open" } },
    );
    return r.matchedCount === 1;
  }

  async keep(id: ObjectId): Promise<ReviewDoc | null> {
    return this.reviews.findOneAndUpdate(
      { _id: id, report_state: "open" },
      { $set: { report_state: "kept" } },
      { returnDocument: "after" },
    );
  }

  /** Reported reviews waiting for a moderator, oldest change first. */
  reported(after: { t: Date; id: ObjectId } | null, limit: number): Promise<ReviewDoc[]> {
    const filter: Filter<ReviewDoc> = { report_state: "open", state: "visible" };
    if (after) filter.$or = [{ updated_at: { $gt: after.t } }, { updated_at: after.t, _id: { $gt: after.id } }];
    return this.reviews
      .find(filter)
      .sort({ updated_at: 1, _id: 1 })
      .limit(limit + 1)
      .toArray();
  }

  /** Listings with reviews changed outside the rating's bookkeeping. */
  async dirtyListings(limit: number): Promise<ObjectId[]> {
    const docs = await this.reviews
      .find({ rating_dirty: true }, { projection: { listing_id: 1 } })
      .limit(limit)
      .toArray();
    return [...new Map(docs.map((d) => [d.listing_id.toHexString(), d.listing_id])).values()];
  }

  async clearDirty(listingId: ObjectId): Promise<void> {
    await this.reviews.updateMany({ listing_id: listingId, rating_dirty: true }, { $set: { rating_dirty: false } });
  }

  /**
   * A deleted user's reviews are removed (their text is theirs) and marked for the sweep, which
   * recomputes the listings' ratings; their reports of others' reviews stay, anonymized.
   */
  personalData(): PersonalDataSource[] {
    const reviews = this.reviews;
    return [
      {
        collection: reviews.collectionName,
        ownerField: "buyer_uid",
        onDelete: "anonymize",
        excludeFromExport: [],
        find: (uid, batchSize) => reviews.find({ buyer_uid: uid }).sort({ _id: 1 }).batchSize(batchSize) as never,
        async erase(uid) {
          const gone = await reviews.updateMany(
            { buyer_uid: uid },
            { $set: { buyer_uid: ANONYMIZED_OWNER, text: "", state: "removed", removed_reason: "account deleted", rating_dirty: true } },
          );
          return { [reviews.collectionName]: gone.modifiedCount };
        },
      },
    ];
  }
}
