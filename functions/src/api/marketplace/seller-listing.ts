import { toObjectId } from "../../core/access/to-object-id";
import type { ListingDoc } from "../../core/marketplace/listings-store";
import { notFound } from "../../platform/http-error";
import type { Services } from "../../services";

/** The caller's own listing; anyone else's is 404 (its existence is not revealed). */
export async function sellerListing(services: Pick<Services, "store">, uid: string, listingId: string): Promise<ListingDoc> {
  const listings = await services.store("listings");
  const listing = await listings.get(toObjectId(listingId, "Listing"));
  if (!listing || listing.seller_uid !== uid) throw notFound("Listing");
  return listing;
}
