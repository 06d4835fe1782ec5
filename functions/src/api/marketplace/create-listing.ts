import { Reply, type OperationContext } from "../../platform/operation";
import { listingMeta, snapshotOf } from "./listing-content";
import { toSellerListing } from "./listing-views";
import type { CreateListingInput } from "./marketplace.schema";

/** A draft listing: a snapshot of one version of the caller's prompt, to submit for review. */
export async function createListing(ctx: OperationContext<unknown, unknown, CreateListingInput>) {
  const { content, source } = await snapshotOf(ctx.services, ctx.caller, ctx.body.promptId, ctx.body.version);
  const meta = listingMeta(ctx.body, content);
  const listings = await ctx.services.store("listings");
  const listing = await listings.create(ctx.caller.uid, meta, content, source);
  return new Reply(201, toSellerListing(listing, null));
}
