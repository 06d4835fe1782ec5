import { toObjectId } from "../../core/access/to-object-id";
import { recordEvent } from "../../core/events/record-event";
import { refreshRating } from "../../core/marketplace/ratings";
import { MODERATOR_REMOVED, type ReviewDoc } from "../../core/marketplace/reviews-store";
import { sanitizeReviewText } from "../../core/marketplace/review-text";
import { derivedId } from "../../platform/derived-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { Reply, type OperationContext } from "../../platform/operation";
import type { Services } from "../../services";
import type { ListingParams, PageQuery, ReportReviewInput, ReviewDecisionInput, ReviewInput, ReviewParams } from "./marketplace.schema";

const reviewView = (r: ReviewDoc) => ({
  id: r._id.toHexString(),
  listingId: r.listing_id.toHexString(),
  stars: r.stars,
  text: r.text,
  edited: r.updated_at.getTime() !== r.created_at.getTime(),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const average = (sum: number, count: number) => (count ? Math.round((sum * 100) / count) / 100 : 0);

async function reviewChanged(services: Services, review: ReviewDoc, action: "created" | "updated" | "removed", key: string): Promise<void> {
  // The aggregate first: an event consumer reading the listing sees the rating that includes the change.
  await refreshRating(services, review.listing_id);
  await recordEvent(services, {
    type: "marketplace.review",
    dedupeKey: `mkt:review:${review._id.toHexString()}:${action}:${key}`,
    occurredAt: services.now(),
    subject: { uid: review.seller_uid },
    data: { listingId: review.listing_id.toHexString(), reviewId: review._id.toHexString(), stars: review.stars, action },
  });
}

/**
 * Writes the caller's review of a listing: only a buyer holding an active licence, one review per
 * buyer and listing (its id follows from both), which its author edits by writing it again. The
 * listing's aggregate is recomputed under its review revision (core/marketplace/ratings.ts).
 */
export async function putMyReview(ctx: OperationContext<ListingParams, unknown, ReviewInput>) {
  const [listings, licences, reviews] = await Promise.all([
    ctx.services.store("listings"),
    ctx.services.store("licences"),
    ctx.services.store("reviews"),
  ]);
  const listingId = toObjectId(ctx.params.listingId, "Listing");
  const listing = await listings.get(listingId);
  if (!listing || listing.state === "taken_down" || listing.live_version === null) throw notFound("Listing");
  const licence = await licences.of(ctx.caller.uid, listingId);
  if (licence?.state !== "active") {
    throw new HttpError(403, "not_a_buyer", "Only buyers of this listing (with an active licence) can review it");
  }
  const text = sanitizeReviewText(ctx.body.text);
  if (!text) {
    throw new HttpError(400, "validation_failed", "The review text is empty once sanitized", {
      details: { fields: [{ field: "body.text", code: "too_small", message: "empty once sanitized" }] },
    });
  }
  const { review, created } = await reviews.put({
    listing_id: listingId,
    buyer_uid: ctx.caller.uid,
    seller_uid: listing.seller_uid,
    stars: ctx.body.stars,
    text,
  });
  if (review.state !== "visible") {
    throw new HttpError(409, "review_removed", "A moderator removed your review of this listing; it cannot be edited");
  }
  await reviewChanged(ctx.services, review, created ? "created" : "updated", review.updated_at.toISOString());
  log.info("marketplace_review_written", { listingId: ctx.params.listingId, reviewId: review._id.toHexString(), created });
  return new Reply(created ? 201 : 200, { ...reviewView(review), created });
}

/** A listed item's visible reviews (public), newest first, with the exact aggregate; cursor-paginated. */
export async function listReviews(ctx: OperationContext<ListingParams, PageQuery>) {
  const [listings, reviews] = await Promise.all([ctx.services.store("listings"), ctx.services.store("reviews")]);
  const listing = await listings.get(toObjectId(ctx.params.listingId, "Listing"));
  if (!listing || listing.state !== "listed") throw notFound("Listing");
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await reviews.page(listing._id, after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const last = shown[shown.length - 1];
  return {
    reviews: shown.map(reviewView),
    rating: { average: average(listing.rating_sum, listing.rating_count), count: listing.rating_count },
    nextCursor: page.length > ctx.query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}

async function visibleReview(services: Services, id: string): Promise<ReviewDoc> {
  const reviews = await services.store("reviews");
  const review = await reviews.get(toObjectId(id, "Review"));
  if (!review || review.state !== "visible") throw notFound("Review");
  return review;
}

/** Any signed-in user reports a visible review once; it (re)enters the admins' moderation queue. */
export async function reportReview(ctx: OperationContext<ReviewParams, unknown, ReportReviewInput>) {
  const review = await visibleReview(ctx.services, ctx.params.reviewId);
  if (review.buyer_uid === ctx.caller.uid) throw new HttpError(409, "own_review", "You cannot report your own review");
  const reviews = await ctx.services.store("reviews");
  const reported = await reviews.report(review._id, {
    uid: ctx.caller.uid,
    reason: ctx.body.reason,
    note: ctx.body.note ?? null,
    at: ctx.services.now(),
  });
  log.info("marketplace_review_reported", { reviewId: ctx.params.reviewId, reason: ctx.body.reason, first: reported });
  return { reported };
}

/** Admins: reported reviews awaiting a decision, oldest first, with their reports (reporters stay anonymous). */
export async function reportedReviews(ctx: OperationContext<unknown, PageQuery>) {
  const reviews = await ctx.services.store("reviews");
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await reviews.reported(after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const last = shown[shown.length - 1];
  return {
    reviews: shown.map((r) => ({
      ...reviewView(r),
      buyerUid: r.buyer_uid,
      sellerUid: r.seller_uid,
      reports: r.reports.map((p) => ({ reason: p.note ? `${p.reason}: ${p.note}` : p.reason, at: p.at.toISOString() })),
    })),
    nextCursor: page.length > ctx.query.limit && last ? encodeTimeCursor(last.updated_at, last._id) : null,
  };
}

/**
 * Admins: keep a reported review (new reports reopen it) or remove it (it leaves the listing's
 * aggregate and its author cannot bring it back). Audited; repeating a decision changes nothing.
 */
export async function decideReview(ctx: OperationContext<ReviewParams, unknown, ReviewDecisionInput>) {
  const [reviews, audit] = await Promise.all([ctx.services.store("reviews"), ctx.services.store("auditLog")]);
  const id = toObjectId(ctx.params.reviewId, "Review");
  const review = await reviews.get(id);
  if (!review) throw notFound("Review");
  const now = ctx.services.now();
  let decided: ReviewDoc | null;
  if (ctx.body.decision === "remove") {
    decided = await reviews.remove(id, MODERATOR_REMOVED);
    if (decided) await reviewChanged(ctx.services, decided, "removed", "moderation");
  } else {
    decided = await reviews.keep(id);
  }
  if (!decided) {
    const current = (await reviews.get(id))!;
    const already = ctx.body.decision === "remove" ? current.state === "removed" : current.report_state === "kept";
    if (!already) throw new HttpError(409, "not_reported", "This review is not awaiting moderation");
    return decisionView(current);
  }
  const outcome = ctx.body.decision === "remove" ? "review_removed" : "review_kept";
  await audit.recordOnce(derivedId("audit", "marketplace.review", id.toHexString(), outcome, String(decided.reports.length)), {
    action: `marketplace.${outcome}`,
    actor_uid: ctx.caller.uid,
    target_uid: review.buyer_uid,
    request_id: ctx.requestId,
    reason: ctx.body.note ?? undefined,
    data: { reviewId: id.toHexString(), listingId: review.listing_id.toHexString(), reports: decided.reports.length },
    at: now,
  });
  await recordEvent(ctx.services, {
    type: "marketplace.moderation",
    dedupeKey: `mkt:review-moderation:${id.toHexString()}:${outcome}:${decided.reports.length}`,
    occurredAt: now,
    subject: { uid: review.buyer_uid },
    data: { listingId: review.listing_id.toHexString(), version: null, decision: outcome, reasonCode: null },
  });
  log.info("marketplace_review_decided", { reviewId: ctx.params.reviewId, decision: ctx.body.decision });
  return decisionView(decided);
}

const decisionView = (r: ReviewDoc) => ({
  id: r._id.toHexString(),
  listingId: r.listing_id.toHexString(),
  state: r.state,
  reportState: r.report_state,
});
