import { z } from "zod";
import { toObjectId } from "../../core/access/to-object-id";
import { sortValueOf, type BrowseSort } from "../../core/marketplace/listings-store";
import { searchTerms } from "../../core/search/search-terms";
import { cursorField, decodeCursor, encodeCursor } from "../../platform/cursor";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toListingPreview } from "./listing-views";
import type { BrowseQuery, ListingParams } from "./marketplace.schema";

/** A cursor is valid only for the sort it was issued for: (sort, its value at the last listing, id). */
const cursorOf = (sort: BrowseSort) =>
  z.object({ s: z.literal(sort), v: sort === "newest" ? cursorField.date : z.number(), id: cursorField.objectId });

/** Listed items (public): words, category, tag, model, price range and rating filters, sorted, cursor-paginated. */
export async function browseListings(ctx: OperationContext<unknown, BrowseQuery>) {
  const listings = await ctx.services.store("listings");
  const q = ctx.query;
  const c = q.cursor ? decodeCursor(q.cursor, cursorOf(q.sort), "The cursor is not one this API returned for this sort") : null;
  const page = await listings.browse({
    terms: searchTerms(q.q).slice(0, 10),
    category: q.category,
    tag: q.tag,
    model: q.model,
    minPrice: q.minPrice,
    maxPrice: q.maxPrice,
    minRating: q.minRating === undefined ? undefined : Math.round(q.minRating * 100),
    sort: q.sort,
    after: c && { value: c.v, id: c.id },
    limit: q.limit,
  });
  const shown = page.slice(0, q.limit);
  const last = shown[shown.length - 1];
  return {
    listings: shown.map(toListingPreview),
    nextCursor: page.length > q.limit && last ? encodeCursor({ s: q.sort, v: sortValueOf(last, q.sort), id: last._id }) : null,
  };
}

/** One listed item's public preview (never its template). */
export async function getListing(ctx: OperationContext<ListingParams>) {
  const listings = await ctx.services.store("listings");
  const listing = await listings.get(toObjectId(ctx.params.listingId, "Listing"));
  if (!listing || listing.state !== "listed") throw notFound("Listing");
  return toListingPreview(listing);
}
