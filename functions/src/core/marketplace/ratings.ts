import type { ObjectId } from "mongodb";
import type { Services } from "../../services";

/**
 * Recomputes a listing's rating after a review changed. The listing's review revision is bumped
 * after the review is written, the visible reviews are summed, and the sum is stored only if no
 * computation after a later revision was: the one with the highest revision saw every write before
 * it, so however reviews race, the stored aggregate is exact. A crash in between leaves
 * `reviews_rev > rating_rev`, which the marketplace sweep recomputes.
 */
export async function refreshRating(services: Pick<Services, "store">, listingId: ObjectId): Promise<void> {
  const [listings, reviews] = await Promise.all([services.store("listings"), services.store("reviews")]);
  const rev = await listings.bumpReviews(listingId);
  await listings.setRating(listingId, await reviews.rating(listingId), rev);
}
