import type { Collection, Db, Filter, ObjectId, UpdateFilter } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

/** One listing of a purchase, with its share of the price and that share's split (seller + partner + platform = price). */
export interface PurchaseItem {
  listing_id: ObjectId;
  version: number;
  seller_uid: string;
  title: string;
  /** The listing's price when bought. */
  list_price: number;
  /** What this item cost in this purchase (a bundle's price allocated in proportion to list prices). */
  price: number;
  seller: number;
  partner: number;
  platform: number;
  seller_share_bps: number;
}

export interface RefundRecord {
  id: string;
  listing_ids: ObjectId[];
  /** Credits given back to the buyer (the refunded items' prices). */
  credits: number;
  by: "buyer" | "admin";
  actor: string;
  reason: string;
  at: Date;
}

/**
 * pending: decided (price, split, licences claimed), not paid; paid: the buyer's credits are debited;
 * completed: earnings recorded, licences active; failed: nothing moved (refused, or abandoned by the sweep).
 */
export type PurchaseState = "pending" | "paid" | "completed" | "failed";

export interface PurchaseDoc {
  _id: ObjectId;
  key: string;
  buyer_uid: string;
  target: { kind: "listing" | "bundle"; id: ObjectId };
  /** Purchases of one target by one buyer, numbered: a new one only after the previous failed or was refunded in full. */
  generation: number;
  items: PurchaseItem[];
  price: number;
  partner_uid: string | null;
  commission_bps: number | null;
  state: PurchaseState;
  failure: string | null;
  /** For a failed purchase: the sweep checked that no debit applied (or gave it back). */
  debit_checked: boolean;
  lease_owner: string | null;
  lease_until: Date | null;
  refunds: RefundRecord[];
  /** A refund begun and not finished (one at a time): whoever comes next finishes it. */
  refund_pending: RefundRecord | null;
  refunded_listing_ids: ObjectId[];
  refundable_until: Date;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  completed_at: Date | null;
}

export type NewPurchase = Pick<
  PurchaseDoc,
  "buyer_uid" | "target" | "generation" | "items" | "price" | "partner_uid" | "commission_bps" | "refundable_until"
>;

export const purchaseKeyFor = (buyer: string, target: PurchaseDoc["target"], generation: number) =>
  `${target.kind}:${buyer}:${target.id.toHexString()}:${generation}`;
export const purchaseIdFor = (key: string) => derivedId("purchase", key);

export class PurchasesStore implements HoldsPersonalData {
  private readonly purchases: Collection<PurchaseDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.purchases = db.collection<PurchaseDoc>("purchases");
  }

  get(id: ObjectId): Promise<PurchaseDoc | null> {
    return this.purchases.findOne({ _id: id });
  }

  /** The buyer's latest purchase of a listing or bundle. */
  latest(buyer: string, target: PurchaseDoc["target"]): Promise<PurchaseDoc | null> {
    return this.purchases.findOne({ buyer_uid: buyer, "target.kind": target.kind, "target.id": target.id }, { sort: { generation: -1 } });
  }

  /** Creates the purchase of this key, or returns the one a concurrent request created (same `_id`). */
  async create(p: NewPurchase): Promise<PurchaseDoc> {
    const key = purchaseKeyFor(p.buyer_uid, p.target, p.generation);
    const _id = purchaseIdFor(key);
    const now = this.now();
    try {
      await this.purchases.insertOne({
        _id,
        key,
        ...p,
        state: "pending",
        failure: null,
        debit_checked: false,
        lease_owner: null,
        lease_until: null,
        refunds: [],
        refund_pending: null,
        refunded_listing_ids: [],
        created_at: now,
        updated_at: now,
        paid_at: null,
        completed_at: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await this.purchases.findOne({ _id }))!;
  }

  /**
   * Takes the purchase for one driver (a request or the sweep) while it is unfinished: free, its
   * lease expired, or already this driver's. Only the holder decides a failure.
   */
  lease(id: ObjectId, owner: string, ms: number): Promise<PurchaseDoc | null> {
    const now = this.now();
    return this.purchases.findOneAndUpdate(
      {
        _id: id,
        state: { $in: ["pending", "paid"] },
        $or: [{ lease_until: null }, { lease_until: { $lt: now } }, { lease_owner: owner }],
      },
      { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + ms) } },
      { returnDocument: "after" },
    );
  }

  /** A conditional state change by the lease holder; null when the purchase is no longer in `from` or held by another. */
  advance(id: ObjectId, owner: string | null, from: PurchaseState, set: Partial<PurchaseDoc>): Promise<PurchaseDoc | null> {
    const filter: Filter<PurchaseDoc> = { _id: id, state: from, ...(owner ? { lease_owner: owner } : {}) };
    const update: UpdateFilter<PurchaseDoc> = { $set: { ...set, updated_at: this.now() } };
    return this.purchases.findOneAndUpdate(filter, update, { returnDocument: "after" });
  }

  async markDebitChecked(id: ObjectId): Promise<void> {
    await this.purchases.updateOne({ _id: id, state: "failed" }, { $set: { debit_checked: true, updated_at: this.now() } });
  }

  /** Records a refund before any of its effects (one at a time per purchase); false when another is under way. */
  async beginRefund(id: ObjectId, refund: RefundRecord): Promise<boolean> {
    const r = await this.purchases.updateOne(
      { _id: id, state: "completed", refund_pending: null, refunded_listing_ids: { $nin: refund.listing_ids } },
      { $set: { refund_pending: refund, updated_at: this.now() } },
    );
    return r.matchedCount === 1;
  }

  async finishRefund(id: ObjectId, refund: RefundRecord): Promise<void> {
    await this.purchases.updateOne(
      { _id: id, "refund_pending.id": refund.id },
      {
        $set: { refund_pending: null, updated_at: this.now() },
        $push: { refunds: refund },
        $addToSet: { refunded_listing_ids: { $each: refund.listing_ids } },
      },
    );
  }

  /** Purchases a driver left unfinished (its lease expired), for the sweep. */
  stuck(limit: number): Promise<PurchaseDoc[]> {
    const now = this.now();
    return this.purchases
      .find({ state: { $in: ["pending", "paid"] }, $or: [{ lease_until: null }, { lease_until: { $lt: now } }] })
      .sort({ updated_at: 1 })
      .limit(limit)
      .toArray();
  }

  /** Refunds begun and not finished, untouched for `idleMs`. */
  stuckRefunds(idleMs: number, limit: number): Promise<PurchaseDoc[]> {
    return this.purchases
      .find({ refund_pending: { $ne: null }, updated_at: { $lt: new Date(this.now().getTime() - idleMs) } })
      .limit(limit)
      .toArray();
  }

  failedUnchecked(limit: number): Promise<PurchaseDoc[]> {
    return this.purchases.find({ state: "failed", debit_checked: false }).limit(limit).toArray();
  }

  /** The buyer's purchases, newest first, after (created_at, _id). */
  ofBuyer(buyer: string, after: { t: Date; id: ObjectId } | null, limit: number): Promise<PurchaseDoc[]> {
    const filter: Filter<PurchaseDoc> = { buyer_uid: buyer, state: { $in: ["pending", "paid", "completed"] } };
    if (after) filter.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.purchases
      .find(filter)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** Sales per listing completed since `since`, refunded items left out (the trending sort). */
  async salesSince(since: Date): Promise<Map<string, number>> {
    const rows = await this.purchases
      .aggregate<{ _id: ObjectId; n: number }>([
        { $match: { state: "completed", completed_at: { $gte: since } } },
        { $unwind: "$items" },
        { $match: { $expr: { $not: [{ $in: ["$items.listing_id", "$refunded_listing_ids"] }] } } },
        { $group: { _id: "$items.listing_id", n: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(rows.map((r) => [r._id.toHexString(), r.n]));
  }

  /** Purchases are accounting records: a deleted buyer's are kept without their uid. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.purchases, { ownerField: "buyer_uid", onDelete: "anonymize" })];
  }
}
