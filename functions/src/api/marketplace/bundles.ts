import { toObjectId } from "../../core/access/to-object-id";
import type { BundleDoc } from "../../core/marketplace/bundles-store";
import type { ListingDoc } from "../../core/marketplace/listings-store";
import { allocate } from "../../core/marketplace/money";
import { failureError, purchase } from "../../core/marketplace/purchase-saga";
import { sanitizeDescription } from "../../core/prompts/sanitize-description";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { Reply, type OperationContext } from "../../platform/operation";
import { toPurchaseView } from "./listing-views";
import type { AvailabilityInput, BundleParams, BuyListingInput, CreateBundleInput, PageQuery } from "./marketplace.schema";

const onSale = (l: ListingDoc | undefined): l is ListingDoc => !!l && l.state === "listed" && l.live_version !== null;

/** A bundle with its items' current prices and each one's share of the bundle price (as a purchase now would split it). */
function bundleView(b: BundleDoc, listings: ListingDoc[]) {
  const items = b.listing_ids.map((id) => listings.find((l) => l._id.equals(id)));
  const available = items.every(onSale);
  const prices = items.map((l) => l?.price ?? 0);
  const shares = allocate(b.price, prices);
  return {
    id: b._id.toHexString(),
    sellerUid: b.seller_uid,
    title: b.title,
    description: b.description,
    price: b.price,
    listPrice: prices.reduce((s, p) => s + p, 0),
    available,
    items: b.listing_ids.map((id, i) => ({
      listingId: id.toHexString(),
      title: items[i]?.title ?? "",
      price: prices[i],
      share: shares[i],
    })),
    state: b.state,
    createdAt: b.created_at.toISOString(),
  };
}

/**
 * A seller bundles their own listed items at one price. Every problem is reported at once: an item
 * twice, an item that is not theirs or not on sale, a price above what the items cost one by one.
 */
export async function createBundle(ctx: OperationContext<unknown, unknown, CreateBundleInput>) {
  const [listings, bundles] = await Promise.all([ctx.services.store("listings"), ctx.services.store("bundles")]);
  const ids = ctx.body.listingIds.map((id) => toObjectId(id, "Listing"));
  const issues: { path: string; code: string; message: string }[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id.toHexString())) issues.push({ path: `listingIds.${i}`, code: "duplicate", message: "listed twice" });
    seen.add(id.toHexString());
  });
  const found = await listings.many(ids);
  ids.forEach((id, i) => {
    const l = found.find((f) => f._id.equals(id));
    // Someone else's listing reads as missing: a bundle request does not reveal what exists.
    if (!l || l.seller_uid !== ctx.caller.uid)
      issues.push({ path: `listingIds.${i}`, code: "not_found", message: "not one of your listings" });
    else if (!onSale(l)) issues.push({ path: `listingIds.${i}`, code: "not_listed", message: "not on sale (approved and listed)" });
  });
  const listPrice = ids.reduce((sum, id) => sum + (found.find((f) => f._id.equals(id))?.price ?? 0), 0);
  if (issues.length === 0 && ctx.body.price > listPrice) {
    issues.push({ path: "price", code: "too_big", message: `must not exceed the items' total price (${listPrice})` });
  }
  if (issues.length) {
    throw new HttpError(400, "invalid_bundle", "The bundle cannot be created as given", { details: { issues } });
  }
  const description = sanitizeDescription(ctx.body.description);
  if (description.replace(/<[^>]*>/g, "").trim().length < 20) {
    throw new HttpError(400, "invalid_bundle", "The description must have at least 20 characters of text", {
      details: { issues: [{ path: "description", code: "too_small", message: "too short once sanitized" }] },
    });
  }
  const bundle = await bundles.create({
    seller_uid: ctx.caller.uid,
    title: ctx.body.title,
    description,
    listing_ids: ids,
    price: ctx.body.price,
  });
  log.info("marketplace_bundle_created", { bundleId: bundle._id.toHexString(), items: ids.length, price: bundle.price });
  return new Reply(201, bundleView(bundle, found));
}

/** Listed bundles (public), newest first; cursor over (created_at, _id). */
export async function browseBundles(ctx: OperationContext<unknown, PageQuery>) {
  const [listings, bundles] = await Promise.all([ctx.services.store("listings"), ctx.services.store("bundles")]);
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await bundles.page({}, after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const items = await listings.many(shown.flatMap((b) => b.listing_ids));
  const last = shown[shown.length - 1];
  return {
    bundles: shown.map((b) => bundleView(b, items)),
    nextCursor: page.length > ctx.query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}

/** One listed bundle (public): its items, their prices and each one's share of the bundle price. */
export async function getBundle(ctx: OperationContext<BundleParams>) {
  const [listings, bundles] = await Promise.all([ctx.services.store("listings"), ctx.services.store("bundles")]);
  const bundle = await bundles.get(toObjectId(ctx.params.bundleId, "Bundle"));
  if (!bundle || bundle.state !== "listed") throw notFound("Bundle");
  return bundleView(bundle, await listings.many(bundle.listing_ids));
}

/**
 * Buys a bundle with credits through the purchase saga: the price is split across the items in
 * proportion to their prices (items the buyer owns already are neither charged nor licensed again).
 */
export async function buyBundle(ctx: OperationContext<BundleParams, unknown, BuyListingInput>) {
  const id = toObjectId(ctx.params.bundleId, "Bundle");
  const owner = `req:${ctx.requestId}:${ctx.services.newId()}`;
  const out = await purchase(ctx.services, ctx.caller.uid, { kind: "bundle", id }, owner, ctx.body.expectedPrice);
  if (out.purchase.state === "failed") throw failureError(out.purchase);
  log.info("marketplace_bundle_purchase_answered", { purchaseId: out.purchase._id.toHexString(), state: out.purchase.state });
  return new Reply(out.created ? 201 : 200, { purchase: toPurchaseView(out.purchase), alreadyOwned: !out.created });
}

/**
 * The seller takes a bundle off sale (buyers keep what they bought) or puts it back. Back on sale
 * only while every item is: a bundle that could not be bought is not listed.
 */
export async function setBundleAvailability(ctx: OperationContext<BundleParams, unknown, AvailabilityInput>) {
  const [listings, bundles] = await Promise.all([ctx.services.store("listings"), ctx.services.store("bundles")]);
  const bundle = await bundles.get(toObjectId(ctx.params.bundleId, "Bundle"));
  // Someone else's bundle reads as missing, as their listings do.
  if (!bundle || bundle.seller_uid !== ctx.caller.uid) throw notFound("Bundle");
  const items = await listings.many(bundle.listing_ids);
  const wanted = ctx.body.listed ? "listed" : "delisted";
  if (bundle.state === wanted) return bundleView(bundle, items);
  if (ctx.body.listed && !bundle.listing_ids.every((id) => onSale(items.find((l) => l._id.equals(id))))) {
    throw new HttpError(409, "bundle_unavailable", "An item of this bundle is no longer on sale");
  }
  // Null: a concurrent call changed it first; what it made is the answer.
  const changed = (await bundles.setListed(bundle._id, ctx.body.listed)) ?? (await bundles.get(bundle._id))!;
  log.info("marketplace_bundle_availability", { bundleId: bundle._id.toHexString(), state: changed.state });
  return bundleView(changed, items);
}
