import { log } from "../../platform/logger";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { CancelSubscriptionResponse } from "./billing.schema";
import { toSubscriptionView } from "./subscription-view";

/**
 * Stops the caller's subscription from renewing: the provider is asked first, and only once it
 * accepted is `cancel_at_period_end` recorded (its webhook confirms later). Asking again is a no-op.
 */
export async function cancelSubscription(ctx: OperationContext): Promise<CancelSubscriptionResponse> {
  const store = await ctx.services.store("subscriptions");
  const current = await store.current(ctx.caller.uid);
  if (!current) throw notFound("Active subscription");
  if (current.cancel_at_period_end) return { subscription: toSubscriptionView(current) };
  const provider = await ctx.services.payments(current.provider);
  await provider.cancelSubscription(current.subscription_id, { atPeriodEnd: true });
  const updated = await store.markCancelAtPeriodEnd(current, ctx.services.now());
  log.info("subscription_cancel_requested", { provider: current.provider, subscriptionId: current.subscription_id, uid: ctx.caller.uid });
  return { subscription: toSubscriptionView(updated) };
}
