import { toObjectId } from "../../core/access/to-object-id";
import { failureError, purchase, refund } from "../../core/marketplace/purchase-saga";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { Reply, type OperationContext } from "../../platform/operation";
import { toPurchaseView } from "./listing-views";
import type { BuyListingInput, ListingParams, PageQuery, PurchaseParams, RefundInput } from "./marketplace.schema";

/**
 * Buys a listed item with credits, exactly once: the buyer's request, any duplicate of it and the
 * sweep all drive the one purchase of (buyer, listing) (core/marketplace/purchase-saga.ts). Owning it
 * already answers the existing purchase (200); a new purchase answers 201.
 */
export async function buyListing(ctx: OperationContext<ListingParams, unknown, BuyListingInput>) {
  const id = toObjectId(ctx.params.listingId, "Listing");
  const owner = `req:${ctx.requestId}:${ctx.services.newId()}`;
  const out = await purchase(ctx.services, ctx.caller.uid, { kind: "listing", id }, owner, ctx.body.expectedPrice);
  if (out.purchase.state === "failed") throw failureError(out.purchase);
  log.info("marketplace_purchase_answered", {
    purchaseId: out.purchase._id.toHexString(),
    state: out.purchase.state,
    created: out.created,
  });
  const body = { purchase: toPurchaseView(out.purchase), alreadyOwned: !out.created };
  return new Reply(out.created ? 201 : 200, body);
}

/** The caller's purchases, newest first. */
export async function listPurchases(ctx: OperationContext<unknown, PageQuery>) {
  const purchases = await ctx.services.store("purchases");
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await purchases.ofBuyer(ctx.caller.uid, after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const last = shown[shown.length - 1];
  return {
    purchases: shown.map(toPurchaseView),
    nextCursor: page.length > ctx.query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}

/**
 * Refunds a purchase: its buyer within the refund window, an admin any time. A repeated request is
 * the same refund (its id follows from the purchase and the items), answered as it is or finished.
 */
export async function refundPurchase(ctx: OperationContext<PurchaseParams, unknown, RefundInput>) {
  const purchases = await ctx.services.store("purchases");
  const p = await purchases.get(toObjectId(ctx.params.purchaseId, "Purchase"));
  const isAdmin = ctx.caller.roles.includes("admin");
  if (!p || (p.buyer_uid !== ctx.caller.uid && !isAdmin)) throw notFound("Purchase");
  const by = p.buyer_uid === ctx.caller.uid ? "buyer" : "admin";
  const out = await refund(ctx.services, p._id, {
    by,
    actor: ctx.caller.uid,
    reason: ctx.body.reason,
    listingIds: ctx.body.listingIds?.map((l) => toObjectId(l, "Listing")),
  });
  if (by === "admin" && !out.duplicate) {
    const audit = await ctx.services.store("auditLog");
    await audit.record({
      action: "marketplace.refund",
      actor_uid: ctx.caller.uid,
      target_uid: p.buyer_uid,
      request_id: ctx.requestId,
      reason: ctx.body.reason,
      data: { purchaseId: p._id.toHexString(), refundId: out.refund.id, credits: out.refund.credits },
      at: ctx.services.now(),
    });
  }
  log.info("marketplace_refund_answered", { purchaseId: p._id.toHexString(), refundId: out.refund.id, by, duplicate: out.duplicate });
  return {
    purchase: toPurchaseView(out.purchase),
    refund: { id: out.refund.id, credits: out.refund.credits, listingIds: out.refund.listing_ids.map((l) => l.toHexString()) },
  };
}
