import type { ObjectId } from "mongodb";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { Services } from "../../services";
import { recordEvent } from "../events/record-event";
import { derivedId } from "../../platform/derived-id";
import { PLATFORM_PAYEE, type EarningKind } from "./earnings-store";
import type { LicenceDoc } from "./licences-store";
import type { ListingDoc } from "./listings-store";
import { holdUntil, marketplaceSettings, type MarketplaceSettings } from "./marketplace-settings";
import type { PurchaseStep, RefundStep } from "./marketplace-steps";
import { allocate, splitSale } from "./money";
import type { NewPurchase, PurchaseDoc, PurchaseItem, RefundRecord } from "./purchases-store";
import { refreshRating } from "./ratings";

/**
 * Buying with credits, as a saga of idempotent single-document steps with the state recorded on the
 * purchase (no multi-document transaction):
 *
 *   pending ─ claim the licences ─ debit the buyer (ledger `transfer`) ─▶ paid
 *   paid ─ earnings lines (seller, partner, platform) ─ licences active ─ sales counted ─ events ─▶ completed
 *
 * Everything is decided when the purchase is created (versions, price, each item's split), so every
 * step repeats identically. One driver holds the purchase at a time (a lease); whoever comes next — a
 * duplicate request once the lease ran out, or the marketplace sweep — finishes a paid purchase or,
 * when the debit never happened, abandons it (failed, licences released). A refund is a second saga
 * recorded on the purchase (`refund_pending`), finished by whoever comes next the same way.
 */

export type PurchaseTarget = { kind: "listing" | "bundle"; id: ObjectId };

/** Longer than any function's timeout: only a dead driver loses its purchase. */
export const PURCHASE_LEASE_MS = 150_000;
/** How long a duplicate request waits for the purchase another one is completing. */
const WAIT_MS = 10_000;

export const debitKeyOf = (purchaseId: ObjectId) => `mkt:purchase:${purchaseId.toHexString()}:debit`;
const lineKey = (p: PurchaseDoc, item: PurchaseItem, role: "seller" | "partner" | "platform") =>
  `purchase:${p._id.toHexString()}:${item.listing_id.toHexString()}:${role}`;

type Fault = (step: `purchase:${PurchaseStep}` | `refund:${RefundStep}`) => void;
const faultOf =
  (services: Pick<Services, "faults">): Fault =>
  (step) =>
    services.faults?.at(`mkt:${step}`);

export interface PurchaseOutcome {
  purchase: PurchaseDoc;
  /** False when the buyer already owned it (the existing purchase is returned). */
  created: boolean;
}

/** Buys a listing or a bundle for `buyer` (exactly once: concurrent identical requests share one purchase). */
export async function purchase(
  services: Services,
  buyer: string,
  target: PurchaseTarget,
  owner: string,
  expectedPrice?: number,
): Promise<PurchaseOutcome> {
  const [purchases, licences] = await Promise.all([services.store("purchases"), services.store("licences")]);
  if (target.kind === "listing") {
    const owned = await licences.of(buyer, target.id);
    if (owned?.state === "active") {
      const bought = (await purchases.get(owned.purchase_id))!;
      // Licensed but not finished (its driver died after activating the licence): finish it now.
      return { purchase: bought.state === "paid" ? await drive(services, bought._id, owner, "request") : bought, created: false };
    }
  }
  const latest = await purchases.latest(buyer, target);
  if (latest && (latest.state === "pending" || latest.state === "paid")) {
    return { purchase: await drive(services, latest._id, owner, "request"), created: true };
  }
  if (latest?.state === "completed" && latest.refunded_listing_ids.length < latest.items.length) {
    return { purchase: latest, created: false };
  }
  const terms = await decide(services, buyer, target, marketplaceSettings());
  // Checked before anything is written: the buyer agreed to the price they were shown, not to a
  // revision approved since.
  if (expectedPrice !== undefined && terms.price !== expectedPrice) {
    throw new HttpError(409, "price_changed", `The price is now ${terms.price} credits`, {
      details: { price: terms.price, expectedPrice },
    });
  }
  const created = await purchases.create({ ...terms, generation: latest ? latest.generation + 1 : 0 });
  return { purchase: await drive(services, created._id, owner, "request"), created: true };
}

/** Everything a purchase will do, decided once: the versions sold, the price and each item's split. */
async function decide(services: Services, buyer: string, target: PurchaseTarget, s: MarketplaceSettings): Promise<NewPurchase> {
  const [listings, bundles, licences, accounts, partners] = await Promise.all([
    services.store("listings"),
    services.store("bundles"),
    services.store("licences"),
    services.store("marketplaceAccounts"),
    services.store("partners"),
  ]);
  let items: { listing: ListingDoc; price: number }[];
  if (target.kind === "listing") {
    const listing = await listings.require(target.id);
    if (listing.state !== "listed" || listing.live_version === null) throw notFound("Listing");
    items = [{ listing, price: listing.price }];
  } else {
    const bundle = await bundles.get(target.id);
    if (!bundle || bundle.state !== "listed") throw notFound("Bundle");
    const found = await listings.many(bundle.listing_ids);
    const ordered = bundle.listing_ids.map((id) => found.find((l) => l._id.equals(id)));
    if (ordered.some((l) => !l || l.state !== "listed" || l.live_version === null)) {
      throw new HttpError(409, "bundle_unavailable", "An item of this bundle is no longer on sale");
    }
    const all = ordered as ListingDoc[];
    const shares = allocate(
      bundle.price,
      all.map((l) => l.price),
    );
    // Items the buyer already owns are neither charged again nor licensed twice.
    const owned = new Set((await licences.activeOf(buyer, bundle.listing_ids)).map((l) => l.listing_id.toHexString()));
    items = all.map((listing, i) => ({ listing, price: shares[i] })).filter((it) => !owned.has(it.listing._id.toHexString()));
    if (items.length === 0) throw new HttpError(409, "already_owned", "You already own every item of this bundle");
  }
  if (items.some((it) => it.listing.seller_uid === buyer)) throw new HttpError(403, "self_purchase", "You cannot buy your own listing");

  const now = services.now();
  const referral = await partners.referralOf(buyer);
  const partner = referral && now < referral.commission_until ? referral.partner_uid : null;
  const commissionBps = partner ? ((await accounts.get(partner))?.commission_bps ?? s.commissionBps) : null;
  const shares = new Map<string, number>();
  for (const seller of new Set(items.map((it) => it.listing.seller_uid))) {
    shares.set(seller, (await accounts.get(seller))?.seller_share_bps ?? s.sellerShareBps);
  }
  const decided: PurchaseItem[] = items.map(({ listing, price }) => {
    const bps = shares.get(listing.seller_uid)!;
    const split = splitSale(price, bps, commissionBps);
    return {
      listing_id: listing._id,
      version: listing.live_version!,
      seller_uid: listing.seller_uid,
      title: listing.title,
      list_price: listing.price,
      price,
      seller: split.seller,
      partner: split.partner,
      platform: split.platform,
      seller_share_bps: bps,
    };
  });
  return {
    buyer_uid: buyer,
    target,
    generation: 0,
    items: decided,
    price: decided.reduce((sum, it) => sum + it.price, 0),
    partner_uid: partner,
    commission_bps: commissionBps,
    refundable_until: holdUntil(now, s),
  };
}

/**
 * Takes the purchase and runs its remaining steps; when another driver holds it, waits for it to end.
 * `sweep`: a driver that never debits (the buyer's request is gone): a pending purchase whose debit
 * did not happen is abandoned.
 */
export async function drive(services: Services, id: ObjectId, owner: string, mode: "request" | "sweep"): Promise<PurchaseDoc> {
  const purchases = await services.store("purchases");
  let p = await purchases.lease(id, owner, PURCHASE_LEASE_MS);
  if (!p) return waitForEnd(services, id);
  if (p.state === "pending") p = await pay(services, p, owner, mode);
  if (p.state === "paid") p = await complete(services, p);
  return p;
}

async function waitForEnd(services: Services, id: ObjectId): Promise<PurchaseDoc> {
  const purchases = await services.store("purchases");
  // Elapsed time on this instance: the wait must end whatever the clock says.
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const p = await purchases.get(id);
    if (!p) throw notFound("Purchase");
    if (p.state === "completed" || p.state === "failed") return p;
    if (performance.now() > deadline) {
      throw new HttpError(409, "purchase_in_progress", "This purchase is being completed; retry shortly", {
        headers: { "Retry-After": "2" },
      });
    }
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function fail(services: Services, p: PurchaseDoc, owner: string, failure: string): Promise<PurchaseDoc> {
  const [purchases, licences] = await Promise.all([services.store("purchases"), services.store("licences")]);
  const failed = await purchases.advance(p._id, owner, "pending", { failure, lease_owner: null, lease_until: null, state: "failed" });
  // Only the holder fails it: a purchase another driver took over is that driver's to finish.
  if (failed)
    await licences.release(
      p._id,
      p.buyer_uid,
      p.items.map((i) => i.listing_id),
    );
  return failed ?? (await purchases.get(p._id))!;
}

async function pay(services: Services, p: PurchaseDoc, owner: string, mode: "request" | "sweep"): Promise<PurchaseDoc> {
  const fault = faultOf(services);
  const [purchases, licences, ledger] = await Promise.all([services.store("purchases"), services.store("licences"), services.ledger()]);
  if (mode === "sweep") {
    // The request that started it is gone: finish it only if the buyer's credits did move.
    if (p.price > 0 && !(await ledger.appliedEntry(p.buyer_uid, debitKeyOf(p._id)))) return fail(services, p, owner, "abandoned");
  } else {
    for (const item of p.items) {
      const claim = await licences.claim(p.buyer_uid, item, p._id);
      if (!claim.ok) {
        const failed = await fail(services, p, owner, claim.licence.state === "active" ? "already_owned" : "purchase_in_progress");
        if (failed.state === "failed") throw conflictFor(claim.licence);
        return failed;
      }
    }
    fault("purchase:licences_claimed");
    if (p.price > 0) {
      try {
        await ledger.transferOut({
          uid: p.buyer_uid,
          amount: p.price,
          idempotencyKey: debitKeyOf(p._id),
          purpose: "marketplace.purchase",
          actor: p.buyer_uid,
          reason: p.items.length === 1 ? `bought "${p.items[0].title}"` : `bought a bundle of ${p.items.length} prompts`,
          cause: { kind: "marketplace_purchase", id: p._id.toHexString() },
          meta: { listing_ids: p.items.map((i) => i.listing_id.toHexString()) },
        });
      } catch (err) {
        if (err instanceof HttpError && (err.status === 402 || err.status === 403)) {
          await fail(services, p, owner, err.code);
          throw err;
        }
        throw err;
      }
    }
    fault("purchase:debited");
  }
  const paid = await purchases.advance(p._id, null, "pending", { state: "paid", paid_at: services.now() });
  fault("purchase:paid");
  return paid ?? (await purchases.get(p._id))!;
}

function conflictFor(licence: LicenceDoc): HttpError {
  return licence.state === "active"
    ? new HttpError(409, "already_owned", "You already own this listing", { details: { listingId: licence.listing_id.toHexString() } })
    : new HttpError(409, "purchase_in_progress", "Another purchase of this listing is under way; retry shortly", {
        headers: { "Retry-After": "2" },
        details: { listingId: licence.listing_id.toHexString() },
      });
}

async function complete(services: Services, p: PurchaseDoc): Promise<PurchaseDoc> {
  const fault = faultOf(services);
  const [purchases, licences, earnings, listings] = await Promise.all([
    services.store("purchases"),
    services.store("licences"),
    services.store("earnings"),
    services.store("listings"),
  ]);
  // Held until the buyer's refund window closes (decided with the purchase).
  const availableAt = p.refundable_until;
  const id = p._id.toHexString();
  for (const item of p.items) {
    const source = { type: "purchase" as const, id, listing_id: item.listing_id };
    if (item.seller > 0)
      await earnings.record({
        key: lineKey(p, item, "seller"),
        payee_uid: item.seller_uid,
        kind: "sale",
        amount: item.seller,
        available_at: availableAt,
        source,
      });
    if (item.partner > 0 && p.partner_uid)
      await earnings.record({
        key: lineKey(p, item, "partner"),
        payee_uid: p.partner_uid,
        kind: "commission",
        amount: item.partner,
        available_at: availableAt,
        source: { ...source, referred_uid: p.buyer_uid },
      });
    if (item.platform > 0)
      await earnings.record({
        key: lineKey(p, item, "platform"),
        payee_uid: PLATFORM_PAYEE,
        kind: "fee",
        amount: item.platform,
        available_at: availableAt,
        source,
      });
  }
  fault("purchase:earnings_recorded");
  await licences.activate(
    p._id,
    p.items.map((i) => i.listing_id),
    p.buyer_uid,
  );
  fault("purchase:licences_activated");
  for (const item of p.items) await listings.countSale(item.listing_id, `purchase:${id}`, 1);
  fault("purchase:counted");
  const at = p.paid_at ?? services.now();
  await recordEvent(services, {
    type: "marketplace.purchase",
    dedupeKey: `mkt:purchase:${id}`,
    occurredAt: at,
    subject: { uid: p.buyer_uid },
    data: {
      purchaseId: id,
      listingIds: p.items.map((i) => i.listing_id.toHexString()),
      bundleId: p.target.kind === "bundle" ? p.target.id.toHexString() : null,
      credits: p.price,
    },
  });
  for (const item of p.items) {
    await recordEvent(services, {
      type: "marketplace.sale",
      dedupeKey: `mkt:sale:${id}:${item.listing_id.toHexString()}`,
      occurredAt: at,
      subject: { uid: item.seller_uid },
      data: {
        purchaseId: id,
        listingId: item.listing_id.toHexString(),
        version: item.version,
        price: item.price,
        earned: item.seller,
        availableAt,
      },
    });
  }
  const commission = p.items.reduce((sum, i) => sum + i.partner, 0);
  if (p.partner_uid && commission > 0) {
    await recordEvent(services, {
      type: "partner.commission",
      dedupeKey: `mkt:commission:${id}`,
      occurredAt: at,
      subject: { uid: p.partner_uid },
      data: { source: "marketplace", sourceId: id, credits: commission, availableAt },
    });
  }
  fault("purchase:events_recorded");
  const done = await purchases.advance(p._id, null, "paid", {
    state: "completed",
    completed_at: services.now(),
    lease_owner: null,
    lease_until: null,
  });
  return done ?? (await purchases.get(p._id))!;
}

/** What a failed purchase answers. */
export function failureError(p: PurchaseDoc): HttpError {
  switch (p.failure) {
    case "insufficient_credits":
      return new HttpError(402, "insufficient_credits", `Your balance is below the ${p.price} credits this costs`, {
        details: { required: p.price },
      });
    case "account_restricted":
      return new HttpError(403, "account_restricted", "Spending is blocked on this account; contact support");
    case "already_owned":
      return new HttpError(409, "already_owned", "You already own this listing");
    default:
      return new HttpError(409, "purchase_failed", "This purchase did not complete and nothing was charged; try again");
  }
}

// ---- Refunds -----------------------------------------------------------------------------------

export interface RefundRequest {
  /** Some items of a bundle (default: every item not refunded yet). */
  listingIds?: ObjectId[];
  by: "buyer" | "admin";
  actor: string;
  reason: string;
}

/**
 * Refunds a completed purchase (or some items of a bundle): the buyer's credits back, each item's
 * seller, partner and platform lines reversed by negative lines (a paid line is never edited: a
 * reversal after payout leaves a negative balance for the next payout), licences revoked, the buyer's
 * reviews removed and the prompts made from the licences deleted. Buyers within the refund window,
 * admins any time. The refund's id follows from the purchase and the items, so a repeated request is
 * the same refund (answered as it is, or finished).
 */
export async function refund(
  services: Services,
  purchaseId: ObjectId,
  req: RefundRequest,
): Promise<{ purchase: PurchaseDoc; refund: RefundRecord; duplicate: boolean }> {
  const purchases = await services.store("purchases");
  const p = await purchases.get(purchaseId);
  if (!p) throw notFound("Purchase");
  if (p.state !== "completed") throw new HttpError(409, "purchase_not_completed", "Only a completed purchase can be refunded");
  if (!req.listingIds) {
    // "Refund this purchase" again (a retry, a double click): the refund under way or the last one.
    if (p.refund_pending) {
      await continueRefund(services, p, p.refund_pending);
      return { purchase: (await purchases.get(p._id))!, refund: p.refund_pending, duplicate: true };
    }
    const last = p.refunds[p.refunds.length - 1];
    if (last && p.refunded_listing_ids.length >= p.items.length) return { purchase: p, refund: last, duplicate: true };
  }
  const refunded = new Set(p.refunded_listing_ids.map((id) => id.toHexString()));
  const wanted = req.listingIds ?? p.items.map((i) => i.listing_id).filter((id) => !refunded.has(id.toHexString()));
  const unknown = wanted.filter((id) => !p.items.some((i) => i.listing_id.equals(id)));
  if (unknown.length) {
    throw new HttpError(400, "not_in_purchase", "These listings are not part of the purchase", {
      details: { listingIds: unknown.map((i) => i.toHexString()) },
    });
  }
  const ids = [...new Map(wanted.map((id) => [id.toHexString(), id])).values()].sort((a, b) =>
    a.toHexString().localeCompare(b.toHexString()),
  );
  const id = derivedId("refund", p._id.toHexString(), ...ids.map((i) => i.toHexString())).toHexString();
  const done = p.refunds.find((r) => r.id === id);
  if (done) return { purchase: p, refund: done, duplicate: true };
  if (ids.length === 0 || ids.some((i) => refunded.has(i.toHexString()))) {
    throw new HttpError(409, "already_refunded", "This purchase (or one of these items) was already refunded");
  }
  if (p.refund_pending?.id === id) {
    await continueRefund(services, p, p.refund_pending);
    return { purchase: (await purchases.get(p._id))!, refund: p.refund_pending, duplicate: true };
  }
  if (req.by === "buyer" && services.now() > p.refundable_until) {
    throw new HttpError(403, "refund_window_closed", `Purchases can be refunded until ${p.refundable_until.toISOString()}`);
  }
  const record: RefundRecord = {
    id,
    listing_ids: ids,
    credits: p.items.filter((i) => ids.some((l) => l.equals(i.listing_id))).reduce((sum, i) => sum + i.price, 0),
    by: req.by,
    actor: req.actor,
    reason: req.reason,
    at: services.now(),
  };
  if (!(await purchases.beginRefund(p._id, record))) {
    const current = (await purchases.get(p._id))!;
    if (current.refund_pending?.id === id) return refund(services, purchaseId, req);
    if (current.refunds.some((r) => r.id === id)) return refund(services, purchaseId, req);
    throw new HttpError(409, "refund_in_progress", "Another refund of this purchase is under way; retry shortly", {
      headers: { "Retry-After": "2" },
    });
  }
  faultOf(services)("refund:refund_begun");
  await continueRefund(services, p, record);
  return { purchase: (await purchases.get(p._id))!, refund: record, duplicate: false };
}

const REVERSAL: Record<string, EarningKind> = { sale: "sale_reversal", commission: "commission_reversal", fee: "fee_reversal" };

/** The refund's steps, each idempotent: run by the request, or by whoever finds it unfinished. */
export async function continueRefund(services: Services, p: PurchaseDoc, r: RefundRecord): Promise<void> {
  const fault = faultOf(services);
  const [purchases, licences, earnings, listings, reviews, prompts, ledger] = await Promise.all([
    services.store("purchases"),
    services.store("licences"),
    services.store("earnings"),
    services.store("listings"),
    services.store("reviews"),
    services.store("prompts"),
    services.ledger(),
  ]);
  const now = services.now();
  const items = p.items.filter((i) => r.listing_ids.some((l) => l.equals(i.listing_id)));
  const pid = p._id.toHexString();
  const reversedBy = new Map<string, number>();
  for (const item of items) {
    for (const role of ["seller", "partner", "platform"] as const) {
      const line = await earnings.find(lineKey(p, item, role));
      if (!line) continue;
      await earnings.record({
        key: `${line.key}:reversal`,
        payee_uid: line.payee_uid,
        kind: REVERSAL[line.kind],
        amount: -line.amount,
        // Still held: the reversal matures with it (they cancel out); otherwise it counts now.
        available_at: line.available_at > now ? line.available_at : now,
        source: line.source,
      });
      if (role !== "platform")
        reversedBy.set(`${role}:${line.payee_uid}`, (reversedBy.get(`${role}:${line.payee_uid}`) ?? 0) + line.amount);
    }
  }
  fault("refund:earnings_reversed");
  await licences.revoke(p._id, p.buyer_uid, r.listing_ids);
  fault("refund:licences_revoked");
  for (const listingId of r.listing_ids) {
    const review = await reviews.of(listingId, p.buyer_uid);
    if (review?.state === "visible") {
      await reviews.remove(review._id, "purchase refunded");
      await refreshRating(services, listingId);
      await recordEvent(services, {
        type: "marketplace.review",
        dedupeKey: `mkt:review:${review._id.toHexString()}:removed:${r.id}`,
        occurredAt: now,
        subject: { uid: review.seller_uid },
        data: { listingId: listingId.toHexString(), reviewId: review._id.toHexString(), stars: review.stars, action: "removed" },
      });
    }
  }
  fault("refund:reviews_removed");
  const licenceIds = (await Promise.all(r.listing_ids.map((l) => licences.of(p.buyer_uid, l)))).filter((l) => !!l).map((l) => l!._id);
  const forks = await prompts.deleteLicensed(licenceIds);
  if (forks) log.info("marketplace_refund_forks_deleted", { purchaseId: pid, refundId: r.id, forks });
  fault("refund:forks_removed");
  if (r.credits > 0) {
    await ledger.transferBack({
      uid: p.buyer_uid,
      amount: r.credits,
      idempotencyKey: `mkt:refund:${r.id}:credit`,
      reverses: debitKeyOf(p._id),
      purpose: "marketplace.refund",
      actor: r.actor,
      reason: `refund: ${r.reason}`.slice(0, 300),
      cause: { kind: "marketplace_refund", id: r.id },
      meta: { purchase_id: pid, listing_ids: r.listing_ids.map((l) => l.toHexString()), by: r.by },
    });
  }
  fault("refund:buyer_credited");
  for (const listingId of r.listing_ids) await listings.countSale(listingId, `refund:${r.id}`, -1);
  fault("refund:counted");
  const listingIds = r.listing_ids.map((l) => l.toHexString());
  await recordEvent(services, {
    type: "marketplace.refund",
    dedupeKey: `mkt:refund:${r.id}:buyer`,
    occurredAt: r.at,
    subject: { uid: p.buyer_uid },
    data: { purchaseId: pid, refundId: r.id, listingIds, role: "buyer", credits: r.credits, by: r.by },
  });
  for (const [key, amount] of reversedBy) {
    const [role, uid] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    if (role === "seller") {
      await recordEvent(services, {
        type: "marketplace.refund",
        dedupeKey: `mkt:refund:${r.id}:seller:${uid}`,
        occurredAt: r.at,
        subject: { uid },
        data: { purchaseId: pid, refundId: r.id, listingIds, role: "seller", credits: -amount, by: r.by },
      });
    } else {
      await recordEvent(services, {
        type: "partner.commission",
        dedupeKey: `mkt:commission:${pid}:refund:${r.id}`,
        occurredAt: r.at,
        subject: { uid },
        data: { source: "marketplace", sourceId: pid, credits: -amount, availableAt: now },
      });
    }
  }
  fault("refund:events_recorded");
  await purchases.finishRefund(p._id, r);
}
