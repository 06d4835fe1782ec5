import type { Collection, Db, FindCursor, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** `vault_keys`: one per user, the data key wrapped by a master key (unique index on uid). */
export interface VaultKeyDoc {
  _id?: ObjectId;
  uid: string;
  version: number;
  master_key_id: string;
  wrapped_key: string;
  wrap_iv: string;
  wrap_tag: string;
  created_at: Date;
  rewrapped_at: Date | null;
}

/** A data key as wrapped by one master key. */
export type Wrapped = Pick<VaultKeyDoc, "master_key_id" | "wrapped_key" | "wrap_iv" | "wrap_tag">;

/** Users' wrapped data keys (core/vault/data-keys.ts wraps and unwraps them). */
export class VaultKeysStore implements HoldsPersonalData {
  private readonly keys: Collection<VaultKeyDoc>;

  constructor(db: Db) {
    this.keys = db.collection<VaultKeyDoc>("vault_keys");
  }

  find(uid: string): Promise<VaultKeyDoc | null> {
    return this.keys.findOne({ uid });
  }

  /** Stores the user's key unless one exists: concurrent first uses agree on the one stored. */
  async insertIfAbsent(doc: Omit<VaultKeyDoc, "_id">): Promise<void> {
    try {
      await this.keys.updateOne({ uid: doc.uid }, { $setOnInsert: doc }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Keys wrapped by another master key than `currentKeyId` (to re-wrap). */
  wrappedByOtherThan(currentKeyId: string): FindCursor<VaultKeyDoc> {
    return this.keys.find({ master_key_id: { $ne: currentKeyId } });
  }

  /** Replaces a key's wrapping only if it is still the one read: true when this call changed it. */
  async rewrap(doc: VaultKeyDoc, wrapped: Wrapped, now: Date): Promise<boolean> {
    const res = await this.keys.updateOne(
      { _id: doc._id, master_key_id: doc.master_key_id, wrapped_key: doc.wrapped_key },
      { $set: { ...wrapped, rewrapped_at: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents without the wrapped keys. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.keys, { ownerField: "uid", onDelete: "delete", excludeFromExport: ["wrapped_key", "wrap_iv", "wrap_tag"] })];
  }
}
