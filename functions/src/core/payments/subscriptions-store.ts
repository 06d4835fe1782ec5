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

/** States in which a subscription still governs the user's plan and can be cancelled. */
export const CURRENT_STATUSES: readonly SubscriptionStatus[] = [...ENTITLED_STATUSES, "paused"];

/**
 * `subscriptions`: the provider subscriptions the payment webhooks maintain (states applied in
 * version order), what they entitle users to, and the user's own view (current one, cancel).
 */
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

  /** The user's most recently updated subscription in a current state, if any. */
  current(uid: string): Promise<SubscriptionDoc | null> {
    return this.subscriptions.findOne({ uid, status: { $in: [...CURRENT_STATUSES] } }, { sort: { updated_at: -1 } });
  }

  /**
   * Records a cancel at period end that the provider accepted. Only that flag and updated_at: status
   * and `version` stay the webhooks' to set when the provider confirms (a newer state overwrites this).
   */
  async markCancelAtPeriodEnd(doc: SubscriptionDoc, now: Date): Promise<SubscriptionDoc> {
    const updated = await this.subscriptions.findOneAndUpdate(
      { provider: doc.provider, subscription_id: doc.subscription_id, uid: doc.uid },
      { $set: { cancel_at_period_end: true, updated_at: now } },
      { returnDocument: "after" },
    );
    return updated ?? { ...doc, cancel_at_period_end: true };
  }
}
