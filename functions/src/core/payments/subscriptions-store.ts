import type { Collection, Db, ObjectId } from "mongodb";
import type { TierId } from "../billing/catalog";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { ProviderName, SubscriptionStatus } from "./payment-event";

/** One `subscriptions` document per provider subscription (unique `(provider, subscription_id)`). */
export interface SubscriptionDoc {
  _id?: ObjectId;
  provider: ProviderName;
  subscription_id: string;
  uid: string;
  /** Our sku for the price billed; null when the subscription is on a price that is not ours (it then entitles to nothing). */
  sku: string | null;
  /** The provider's price or plan id the subscription is on. */
  price_id?: string;
  tier: TierId;
  status: SubscriptionStatus;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  /** The provider's ordering of states: only a newer version replaces the stored one. */
  version: number;
  customer_id?: string;
  updated_at: Date;
}

export type SubscriptionUpdate = Omit<SubscriptionDoc, "_id" | "updated_at">;

/** Statuses that entitle the user to the subscription's tier (past_due: the provider is still retrying). */
export const ENTITLED_STATUSES: readonly SubscriptionStatus[] = ["active", "trialing", "past_due"];

export class SubscriptionsStore {
  private readonly subscriptions: Collection<SubscriptionDoc>;

  constructor(db: Db) {
    this.subscriptions = db.collection<SubscriptionDoc>("subscriptions");
  }

  find(provider: ProviderName, subscriptionId: string): Promise<SubscriptionDoc | null> {
    return this.subscriptions.findOne({ provider, subscription_id: subscriptionId });
  }

  /**
   * Stores a state only if it is newer than the stored one, whatever order events arrive in:
   * a conditional update (`version $lt`), else an insert of an absent document, else — when a
   * concurrent insert won — the conditional update once more. Returns whether this state was stored.
   */
  async applyIfNewer(update: SubscriptionUpdate, now: Date): Promise<boolean> {
    const key = { provider: update.provider, subscription_id: update.subscription_id };
    const set = { ...update, updated_at: now };
    const newer = () => this.subscriptions.updateOne({ ...key, version: { $lt: update.version } }, { $set: set });
    if ((await newer()).matchedCount === 1) return true;
    try {
      const inserted = await this.subscriptions.updateOne(key, { $setOnInsert: set }, { upsert: true });
      if (inserted.upsertedCount === 1) return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await newer()).matchedCount === 1;
  }

  /** The user's subscriptions that currently entitle them to a tier. */
  entitling(uid: string): Promise<SubscriptionDoc[]> {
    return this.subscriptions.find({ uid, status: { $in: [...ENTITLED_STATUSES] } }).toArray();
  }
}
