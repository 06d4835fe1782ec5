import { marketplaceSettings } from "../../core/marketplace/marketplace-settings";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { listingMeta, snapshotOf } from "./listing-content";
import { toSellerListing } from "./listing-views";
import type { ListingParams, UpdateListingInput } from "./marketplace.schema";
import { sellerListing } from "./seller-listing";

/**
 * Edits a listing. A draft (or a version still awaiting review) changes in place; a listed or delisted
 * item gets a new pending revision while the approved version stays on sale; a rejected listing gets
 * a new draft. Fields not given are kept from the version edited.
 */
export async function updateListing(ctx: OperationContext<ListingParams, unknown, UpdateListingInput>) {
  const listings = await ctx.services.store("listings");
  const listing = await sellerListing(ctx.services, ctx.caller.uid, ctx.params.listingId);
  if (listing.state === "taken_down") throw new HttpError(409, "listing_taken_down", "This listing was taken down and cannot be edited");
  const editing = listing.draft_version ?? listing.pending_version;
  const base = await listings.version(listing._id, editing ?? listing.live_version ?? listing.next_version);
  if (!base) throw new HttpError(409, "listing_changing", "This listing is changing; retry shortly", { headers: { "Retry-After": "1" } });
  const snapshot =
    ctx.body.promptVersion !== undefined
      ? await snapshotOf(ctx.services, ctx.caller, base.source.prompt_id.toHexString(), ctx.body.promptVersion)
      : { content: base.content, source: base.source };
  const { promptVersion: _, ...fields } = ctx.body;
  const meta = listingMeta({ ...base.meta, ...fields }, snapshot.content);
  let saved;
  if (editing !== null) {
    saved = await listings.editUnreviewed(
      listing,
      editing,
      editing === listing.draft_version ? "draft" : "pending",
      meta,
      snapshot.content,
      snapshot.source,
    );
  } else if (listing.live_version !== null) {
    // A revision goes to the moderation queue: it takes a submission slot like a new listing.
    const accounts = await ctx.services.store("marketplaceAccounts");
    await accounts.takeSubmissionSlot(ctx.caller.uid, marketplaceSettings());
    saved = await listings.addVersion(listing, "pending", meta, snapshot.content, snapshot.source);
  } else {
    saved = await listings.addVersion(listing, "draft", meta, snapshot.content, snapshot.source);
  }
  if (!saved) throw new HttpError(409, "listing_changing", "This listing was reviewed meanwhile; reload it and edit again");
  return toSellerListing((await listings.get(listing._id))!, await listings.lastReviewed(listing._id));
}
