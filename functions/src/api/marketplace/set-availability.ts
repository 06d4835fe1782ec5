import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toSellerListing } from "./listing-views";
import type { AvailabilityInput, ListingParams } from "./marketplace.schema";
import { sellerListing } from "./seller-listing";

/** The seller delists an item (buyers keep their licences) or puts a delisted one back on sale. */
export async function setAvailability(ctx: OperationContext<ListingParams, unknown, AvailabilityInput>) {
  const listings = await ctx.services.store("listings");
  const listing = await sellerListing(ctx.services, ctx.caller.uid, ctx.params.listingId);
  const wanted = ctx.body.listed ? "listed" : "delisted";
  if (listing.state === wanted) return toSellerListing(listing, await listings.lastReviewed(listing._id));
  const changed = await listings.setListed(listing._id, ctx.body.listed);
  if (!changed) {
    throw new HttpError(409, "invalid_listing_state", `A ${listing.state} listing cannot be ${ctx.body.listed ? "listed" : "delisted"}`, {
      details: { state: listing.state },
    });
  }
  return toSellerListing(changed, await listings.lastReviewed(listing._id));
}
