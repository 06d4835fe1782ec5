import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { ProviderName } from "./payment-event";
import type { CheckoutResult } from "./payment-provider";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/**
 * The `checkouts` document: every checkout our server created, recorded once the provider created
 * its object. It is what attributes a payment: webhooks find it by the provider object ids the
 * payment names, and take the buyer and the sku from it, never from fields a browser can set.
 * A repeat of a request with a client idempotency key returns it (unique index on uid + key).
 */
export interface CheckoutDoc {
  _id?: ObjectId;
  uid: string;
  /** The client's key, or `server:<uuid>` when it sent none (so the unique index never sees a null). */
  idempotency_key: string;
  provider: ProviderName;
  sku: string;
  /**
   * Provider object ids this checkout created or led to (Stripe session and, once paid, its
   * subscription; Razorpay order or subscription; Paddle transaction and, once paid, its subscription).
   */
  provider_ids: string[];
  /** The provider customer the checkout was opened for, when the provider has customers (Stripe). */
  customer_id?: string;
  /** The catalogue price asked for, in the provider's selling currency. */
  price: { amount: number; currency: string } | null;
  result: CheckoutResult;
  created_at: Date;
}

/** The provider object ids a checkout result names: what later webhooks carry. */
export function providerIdsOf(result: CheckoutResult): string[] {
  switch (result.kind) {
    case "redirect":
      return [result.id];
    case "razorpay_order":
      return [result.orderId];
    case "razorpay_subscription":
      return [result.subscriptionId];
    case "paddle_transaction":
      return [result.transactionId];
  }
}

export class CheckoutsStore implements HoldsPersonalData {
  private readonly checkouts: Collection<CheckoutDoc>;

  constructor(db: Db) {
    this.checkouts = db.collection<CheckoutDoc>("checkouts");
  }

  find(uid: string, idempotencyKey: string): Promise<CheckoutDoc | null> {
    return this.checkouts.findOne({ uid, idempotency_key: idempotencyKey });
  }

  /** The checkout that created (or led to) one of these provider objects, if ours. */
  findByProviderId(provider: ProviderName, ids: string[]): Promise<CheckoutDoc | null> {
    const wanted = ids.filter(Boolean);
    if (wanted.length === 0) return Promise.resolve(null);
    return this.checkouts.findOne({ provider, provider_ids: { $in: wanted } });
  }

  /** Records a provider object a checkout led to (the subscription its first payment started). */
  async link(doc: CheckoutDoc, providerId: string): Promise<void> {
    if (doc.provider_ids.includes(providerId)) return;
    await this.checkouts.updateOne({ _id: doc._id }, { $addToSet: { provider_ids: providerId } });
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

  /** Account export and deletion (core/account/personal-data.ts): the user's documents. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.checkouts, { ownerField: "uid", onDelete: "delete" })];
  }
}
