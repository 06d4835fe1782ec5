import type { SubscriptionDoc } from "../../core/payments/subscriptions-store";
import type { SubscriptionView } from "./billing.schema";

/** A subscription as the API shows it. */
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
