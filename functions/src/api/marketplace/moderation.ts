import { toObjectId } from "../../core/access/to-object-id";
import { recordEvent } from "../../core/events/record-event";
import { derivedId } from "../../platform/derived-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import { toSellerListing } from "./listing-views";
import type { ListingParams, ListingVersionParams, ModerationDecisionInput, PageQuery, TakedownInput } from "./marketplace.schema";

/** Admins: versions awaiting review (new listings and revisions), oldest submission first, with the content to judge. */
export async function moderationQueue(ctx: OperationContext<unknown, PageQuery>) {
  const listings = await ctx.services.store("listings");
  const after = ctx.query.cursor ? decodeTimeCursor(ctx.query.cursor) : null;
  const page = await listings.pendingVersions(after, ctx.query.limit);
  const shown = page.slice(0, ctx.query.limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map((v) => ({
      listingId: v.listing_id.toHexString(),
      version: v.version,
      sellerUid: v.seller_uid,
      title: v.meta.title,
      description: v.meta.description,
      category: v.meta.category,
      price: v.meta.price,
      revision: v.version > 1,
      submittedAt: v.submitted_at?.toISOString() ?? null,
    })),
    nextCursor: page.length > ctx.query.limit && last?.submitted_at ? encodeTimeCursor(last.submitted_at, last._id) : null,
  };
}

/** Admins: approve (the version goes on sale) or reject (a reason code and note for the seller) a pending version. */
export async function decideListing(ctx: OperationContext<ListingVersionParams, unknown, ModerationDecisionInput>) {
  const [listings, accounts, audit] = await Promise.all([
    ctx.services.store("listings"),
    ctx.services.store("marketplaceAccounts"),
    ctx.services.store("auditLog"),
  ]);
  const listing = await listings.get(toObjectId(ctx.params.listingId, "Listing"));
  if (!listing) throw notFound("Listing");
  if (listing.state === "taken_down") throw new HttpError(409, "listing_taken_down", "This listing was taken down");
  const decision = ctx.body.decision === "approve" ? "approved" : "rejected";
  const now = ctx.services.now();
  const decided = await listings.decide(listing, ctx.params.version, {
    by: ctx.caller.uid,
    at: now,
    decision,
    reason_code: ctx.body.reasonCode ?? null,
    note: ctx.body.note ?? null,
  });
  if (!decided) throw new HttpError(409, "not_pending", `Version ${ctx.params.version} is not awaiting review`);
  if (decided.firstApproval) await accounts.noteApproved(listing.seller_uid);
  const key = `${listing._id.toHexString()}:${ctx.params.version}:${decision}`;
  await audit.recordOnce(derivedId("audit", "marketplace.moderation", key), {
    action: `marketplace.${decision}`,
    actor_uid: ctx.caller.uid,
    target_uid: listing.seller_uid,
    request_id: ctx.requestId,
    reason: ctx.body.reasonCode ?? undefined,
    data: { listingId: listing._id.toHexString(), version: ctx.params.version, note: ctx.body.note ?? null },
    at: now,
  });
  await recordEvent(ctx.services, {
    type: "marketplace.moderation",
    dedupeKey: `mkt:moderation:${key}`,
    occurredAt: now,
    subject: { uid: listing.seller_uid },
    data: { listingId: listing._id.toHexString(), version: ctx.params.version, decision, reasonCode: ctx.body.reasonCode ?? null },
  });
  log.info("marketplace_listing_decided", { listingId: listing._id.toHexString(), version: ctx.params.version, decision });
  return toSellerListing((await listings.get(listing._id))!, await listings.lastReviewed(listing._id));
}

/** Admins: take a listing off sale for good (reason audited); its seller is paced like a new one from now on. */
export async function takeDownListing(ctx: OperationContext<ListingParams, unknown, TakedownInput>) {
  const [listings, accounts, audit] = await Promise.all([
    ctx.services.store("listings"),
    ctx.services.store("marketplaceAccounts"),
    ctx.services.store("auditLog"),
  ]);
  const id = toObjectId(ctx.params.listingId, "Listing");
  const listing = await listings.get(id);
  if (!listing) throw notFound("Listing");
  if (listing.state === "taken_down") return toSellerListing(listing, await listings.lastReviewed(id));
  const now = ctx.services.now();
  const down = await listings.takeDown(id, { reason_code: ctx.body.reasonCode, note: ctx.body.note, by: ctx.caller.uid, at: now });
  if (!down) return toSellerListing((await listings.get(id))!, await listings.lastReviewed(id));
  await accounts.flag(listing.seller_uid, `listing ${id.toHexString()} taken down (${ctx.body.reasonCode})`);
  await audit.recordOnce(derivedId("audit", "marketplace.takedown", id.toHexString()), {
    action: "marketplace.takedown",
    actor_uid: ctx.caller.uid,
    target_uid: listing.seller_uid,
    request_id: ctx.requestId,
    reason: ctx.body.reasonCode,
    data: { listingId: id.toHexString(), note: ctx.body.note },
    at: now,
  });
  await recordEvent(ctx.services, {
    type: "marketplace.moderation",
    dedupeKey: `mkt:takedown:${id.toHexString()}`,
    occurredAt: now,
    subject: { uid: listing.seller_uid },
    data: { listingId: id.toHexString(), version: listing.live_version, decision: "taken_down", reasonCode: ctx.body.reasonCode },
  });
  log.info("marketplace_listing_taken_down", { listingId: id.toHexString(), reasonCode: ctx.body.reasonCode });
  return toSellerListing(down, await listings.lastReviewed(id));
}
