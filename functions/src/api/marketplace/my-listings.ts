import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import { toSellerListing } from "./listing-views";
import type { PageQuery } from "./marketplace.schema";

/** The caller's listings in every state, newest first. */
export async function myListings(ctx: OperationContext<unknown, PageQuery>) {
  const listings = await ctx.services.store("listings");
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await listings.ofSeller(ctx.caller.uid, after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const last = shown[shown.length - 1];
  return {
    listings: await Promise.all(shown.map(async (l) => toSellerListing(l, await listings.lastReviewed(l._id)))),
    nextCursor: page.length > ctx.query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}
