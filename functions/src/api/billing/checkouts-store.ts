import type { Collection, Db, ObjectId } from "mongodb";
import type { ProviderName } from "../../core/payments/payment-event";
import type { CheckoutResult } from "../../core/payments/payment-provider";
import { isDuplicateKey } from "../../platform/mongo-errors";

/**
 * The `checkouts` document: a checkout created with a client idempotency key, so that repeating the
 * request returns the same provider object (unique index on uid + idempotency_key).
 */
export interface CheckoutDoc {
  _id?: ObjectId;
  uid: string;
  idempotency_key: string;
  provider: ProviderName;
  sku: string;
  result: CheckoutResult;
  created_at: Date;
}

export class CheckoutsStore {
  private readonly checkouts: Collection<CheckoutDoc>;

  constructor(db: Db) {
    this.checkouts = db.collection<CheckoutDoc>("checkouts");
  }

  find(uid: string, idempotencyKey: string): Promise<CheckoutDoc | null> {
    return this.checkouts.findOne({ uid, idempotency_key: idempotencyKey });
  }

  /** Stores the checkout unless one with the key exists, and returns the stored one (first writer wins). */
  async save(doc: Omit<CheckoutDoc, "_id">): Promise<CheckoutDoc> {
    try {
      const stored = await this.checkouts.findOneAndUpdate(
        { uid: doc.uid, idempotency_key: doc.idempotency_key },
        { $setOnInsert: doc },
        { upsert: true, returnDocument: "after" },
      );
      if (stored) return stored;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const winner = await this.find(doc.uid, doc.idempotency_key);
    if (!winner) throw new Error("checkout vanished after a concurrent save");
    return winner;
  }
}
