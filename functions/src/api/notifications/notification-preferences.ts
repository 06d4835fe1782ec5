import type { OperationContext } from "../../platform/operation";
import type { UpdateNotificationPreferencesInput } from "./notifications.schema";

export async function getPreferences(ctx: OperationContext) {
  return (await ctx.services.store("notificationPreferences")).get(ctx.caller.uid);
}

/** Changes only what the body names; categories and channels were checked against the lists (400 otherwise). */
export async function updatePreferences(ctx: OperationContext<unknown, unknown, UpdateNotificationPreferencesInput>) {
  const { channels, lowBalanceThreshold } = ctx.body;
  return (await ctx.services.store("notificationPreferences")).update(ctx.caller.uid, { channels, lowBalanceThreshold });
}
