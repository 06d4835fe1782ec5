import { marketplaceSettings } from "../../core/marketplace/marketplace-settings";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import { toSellerListing } from "./listing-views";
import type { ListingParams } from "./marketplace.schema";
import { sellerListing } from "./seller-listing";

/** Sends the draft to the moderation queue (new and flagged sellers are paced: a daily cap and a cool-down). */
export async function submitListing(ctx: OperationContext<ListingParams>) {
  const [listings, accounts] = await Promise.all([ctx.services.store("listings"), ctx.services.store("marketplaceAccounts")]);
  const listing = await sellerListing(ctx.services, ctx.caller.uid, ctx.params.listingId);
  if (listing.draft_version === null) throw new HttpError(409, "not_a_draft", "This listing has no draft to submit");
  await accounts.takeSubmissionSlot(ctx.caller.uid, marketplaceSettings());
  const submitted = await listings.submitDraft(listing, listing.draft_version);
  if (!submitted) throw new HttpError(409, "not_a_draft", "This draft was submitted meanwhile");
  log.info("marketplace_listing_submitted", { listingId: listing._id.toHexString(), version: listing.draft_version });
  return toSellerListing(submitted, await listings.lastReviewed(listing._id));
}
