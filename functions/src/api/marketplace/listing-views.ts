import type { ListingDoc, ListingVersionDoc } from "../../core/marketplace/listings-store";
import type { PurchaseDoc } from "../../core/marketplace/purchases-store";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What anyone may see of a listing: the live version's metadata and variables, never a template. */
export const toListingPreview = (l: ListingDoc) => ({
  id: l._id.toHexString(),
  sellerUid: l.seller_uid,
  title: l.title,
  description: l.description,
  category: l.category,
  tags: l.tags,
  models: l.models,
  price: l.price,
  type: l.type,
  variables: l.variables,
  samples: l.samples,
  rating: { average: l.rating_count ? Math.round((l.rating_sum * 100) / l.rating_count) / 100 : 0, count: l.rating_count },
  sales: l.sales,
  salesLast7Days: l.sales_7d,
  stats: l.stats?.runs
    ? {
        runs: l.stats.runs,
        avgCredits: Math.round(l.stats.credits / l.stats.runs),
        avgLatencyMs: Math.round(l.stats.latency_ms / l.stats.runs),
        models: l.stats.models,
      }
    : null,
  version: l.live_version,
  listedAt: iso(l.listed_at),
});

/** The seller's view: the preview of what the listing shows now, and where each version stands. */
export const toSellerListing = (l: ListingDoc, lastReviewed: ListingVersionDoc | null) => ({
  ...toListingPreview(l),
  state: l.state,
  liveVersion: l.live_version,
  pendingVersion: l.pending_version,
  draftVersion: l.draft_version,
  lastReview: lastReviewed?.review
    ? {
        version: lastReviewed.version,
        decision: lastReviewed.review.decision,
        reasonCode: lastReviewed.review.reason_code,
        note: lastReviewed.review.note,
      }
    : null,
  takedown: l.takedown ? { reasonCode: l.takedown.reason_code, note: l.takedown.note, at: l.takedown.at.toISOString() } : null,
  createdAt: l.created_at.toISOString(),
  updatedAt: l.updated_at.toISOString(),
});

export const toPurchaseView = (p: PurchaseDoc) => {
  const refunded = new Set(p.refunded_listing_ids.map((id) => id.toHexString()));
  return {
    id: p._id.toHexString(),
    state: p.state,
    price: p.price,
    items: p.items.map((i) => ({
      listingId: i.listing_id.toHexString(),
      version: i.version,
      title: i.title,
      price: i.price,
      refunded: refunded.has(i.listing_id.toHexString()),
    })),
    refundableUntil: p.refundable_until.toISOString(),
    refunds: p.refunds.map((r) => ({
      id: r.id,
      listingIds: r.listing_ids.map((l) => l.toHexString()),
      credits: r.credits,
      by: r.by,
      at: r.at.toISOString(),
    })),
    createdAt: p.created_at.toISOString(),
    completedAt: iso(p.completed_at),
  };
};
