import type { OperationContext } from "../../platform/operation";
import { UsersStore } from "../users/users-store";
import type { SubscriptionResponse } from "./billing.schema";
import { toSubscriptionView, UserSubscriptionsStore } from "./user-subscriptions-store";

/** The caller's current subscription (as the webhooks recorded it) and the tier they are on. */
export async function getSubscription(ctx: OperationContext): Promise<SubscriptionResponse> {
  const db = await ctx.services.db();
  const [subscription, user] = await Promise.all([new UserSubscriptionsStore(db).current(ctx.caller.uid), new UsersStore(db).findByUid(ctx.caller.uid)]);
  return { subscription: subscription ? toSubscriptionView(subscription) : null, tier: user?.tier ?? "free" };
}
