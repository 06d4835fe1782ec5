import type { Collection, Db } from "mongodb";
import type { SubscriptionStatus } from "../../core/payments/payment-event";
import { ENTITLED_STATUSES, type SubscriptionDoc } from "../../core/payments/subscriptions-store";
import type { SubscriptionView } from "./billing.schema";

/** States in which a subscription still governs the user's plan and can be cancelled. */
export const CURRENT_STATUSES: readonly SubscriptionStatus[] = [...ENTITLED_STATUSES, "paused"];

/**
 * A user's view of the `subscriptions` the payment webhooks maintain (core/payments/subscriptions-store):
 * the current one, and a cancel the provider accepted.
 */
export class UserSubscriptionsStore {
  private readonly subscriptions: Collection<SubscriptionDoc>;

  constructor(db: Db) {
    this.subscriptions = db.collection<SubscriptionDoc>("subscriptions");
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

export function toSubscriptionView(doc: SubscriptionDoc): SubscriptionView {
  return {
    provider: doc.provider,
    subscriptionId: doc.subscription_id,
    sku: doc.sku ?? null,
    tier: doc.tier ?? null,
    status: doc.status,
    currentPeriodEnd: doc.current_period_end ? doc.current_period_end.toISOString() : null,
    cancelAtPeriodEnd: doc.cancel_at_period_end === true,
  };
}
