import type { OperationContext } from "../../platform/operation";
import type { SubscriptionResponse } from "./billing.schema";
import { toSubscriptionView } from "./subscription-view";

/** The caller's current subscription (as the webhooks recorded it) and the tier they are on. */
export async function getSubscription(ctx: OperationContext): Promise<SubscriptionResponse> {
  const [subscriptions, users] = await Promise.all([ctx.services.store("subscriptions"), ctx.services.store("users")]);
  const [subscription, user] = await Promise.all([subscriptions.current(ctx.caller.uid), users.findByUid(ctx.caller.uid)]);
  return { subscription: subscription ? toSubscriptionView(subscription) : null, tier: user?.tier ?? "free" };
}
