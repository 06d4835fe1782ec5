import type { Collection, Db, Filter, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

/**
 * void: claimable (never bought, or a purchase that failed); pending: claimed by a purchase being paid;
 * active: bought; revoked: refunded.
 */
export type LicenceState = "void" | "pending" | "active" | "revoked";

/** `licences`: one per buyer and listing (`_id` derived from both), reused by a purchase after a refund. */
export interface LicenceDoc {
  _id: ObjectId;
  buyer_uid: string;
  listing_id: ObjectId;
  seller_uid: string;
  state: LicenceState;
  /** The purchase that holds (or last held) it. */
  purchase_id: ObjectId;
  /** The listing version bought: it and every later approved revision are the buyer's. */
  purchased_version: number;
  /** The version the buyer chose to stay on (null: the latest approved). */
  pinned_version: number | null;
  title: string;
  created_at: Date;
  updated_at: Date;
  activated_at: Date | null;
  revoked_at: Date | null;
}

export const licenceIdFor = (buyer: string, listingId: ObjectId) => derivedId("licence", buyer, listingId.toHexString());

export type ClaimResult = { ok: true; licence: LicenceDoc } | { ok: false; licence: LicenceDoc };

export class LicencesStore implements HoldsPersonalData {
  private readonly licences: Collection<LicenceDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.licences = db.collection<LicenceDoc>("licences");
  }

  get(id: ObjectId): Promise<LicenceDoc | null> {
    return this.licences.findOne({ _id: id });
  }

  of(buyer: string, listingId: ObjectId): Promise<LicenceDoc | null> {
    return this.licences.findOne({ _id: licenceIdFor(buyer, listingId) });
  }

  /** Active licences of the buyer for any of these listings. */
  activeOf(buyer: string, listingIds: ObjectId[]): Promise<LicenceDoc[]> {
    return this.licences.find({ _id: { $in: listingIds.map((l) => licenceIdFor(buyer, l)) }, state: "active" }).toArray();
  }

  /**
   * Claims the buyer's licence of a listing for a purchase before any credit moves: one conditional
   * upsert. A licence active or claimed by another purchase is not taken (the buyer owns it, or another
   * purchase — a bundle and a single item at once — is paying for it): `ok: false` with that licence.
   */
  async claim(
    buyer: string,
    item: { listing_id: ObjectId; seller_uid: string; version: number; title: string },
    purchaseId: ObjectId,
  ): Promise<ClaimResult> {
    const _id = licenceIdFor(buyer, item.listing_id);
    const now = this.now();
    // A licence this purchase already claimed (or activated) is left as it is: a retried step must
    // not take an active licence back to pending.
    const filter: Filter<LicenceDoc> = { _id, state: { $in: ["void", "revoked"] } };
    try {
      const claimed = await this.licences.findOneAndUpdate(
        filter,
        {
          $set: {
            state: "pending",
            purchase_id: purchaseId,
            purchased_version: item.version,
            pinned_version: null,
            title: item.title,
            seller_uid: item.seller_uid,
            updated_at: now,
            revoked_at: null,
          },
          $setOnInsert: { buyer_uid: buyer, listing_id: item.listing_id, created_at: now, activated_at: null },
        },
        { upsert: true, returnDocument: "after" },
      );
      if (claimed) return { ok: true, licence: claimed };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const current = (await this.licences.findOne({ _id }))!;
    return { ok: current.purchase_id.equals(purchaseId), licence: current };
  }

  /** The purchase is paid: its licences become active (idempotent). */
  async activate(purchaseId: ObjectId, listingIds: ObjectId[], buyer: string): Promise<void> {
    const now = this.now();
    await this.licences.updateMany(
      { _id: { $in: listingIds.map((l) => licenceIdFor(buyer, l)) }, purchase_id: purchaseId, state: "pending" },
      { $set: { state: "active", activated_at: now, updated_at: now } },
    );
  }

  /** A purchase failed: the licences it claimed are free again. */
  async release(purchaseId: ObjectId, buyer: string, listingIds: ObjectId[]): Promise<void> {
    await this.licences.updateMany(
      { _id: { $in: listingIds.map((l) => licenceIdFor(buyer, l)) }, purchase_id: purchaseId, state: "pending" },
      { $set: { state: "void", updated_at: this.now() } },
    );
  }

  /** A refund: the purchase's licences of these listings are revoked (idempotent). */
  async revoke(purchaseId: ObjectId, buyer: string, listingIds: ObjectId[]): Promise<void> {
    const now = this.now();
    await this.licences.updateMany(
      { _id: { $in: listingIds.map((l) => licenceIdFor(buyer, l)) }, purchase_id: purchaseId, state: { $in: ["active", "pending"] } },
      { $set: { state: "revoked", revoked_at: now, updated_at: now } },
    );
  }

  pin(id: ObjectId, version: number | null): Promise<LicenceDoc | null> {
    return this.licences.findOneAndUpdate(
      { _id: id, state: "active" },
      { $set: { pinned_version: version, updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  /** The buyer's licences (active, or revoked when asked), newest first, after (created_at, _id). */
  ofBuyer(buyer: string, states: LicenceState[], after: { t: Date; id: ObjectId } | null, limit: number): Promise<LicenceDoc[]> {
    const filter: Filter<LicenceDoc> = { buyer_uid: buyer, state: { $in: states } };
    if (after) filter.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.licences
      .find(filter)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** Licences are records of purchases: a deleted buyer's are kept without their uid. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.licences, { ownerField: "buyer_uid", onDelete: "anonymize" })];
  }
}
