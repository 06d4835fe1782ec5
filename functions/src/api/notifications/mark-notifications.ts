import { toObjectId } from "../../core/access/to-object-id";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toNotificationView } from "./notification-view";
import type { NotificationParams } from "./notifications.schema";

/** Marks one of the caller's notifications read (idempotent: the first read time is kept). */
export async function markNotificationRead(ctx: OperationContext<NotificationParams>) {
  const doc = await (
    await ctx.services.store("notifications")
  ).markRead(ctx.caller.uid, toObjectId(ctx.params.notificationId, "Notification"));
  if (!doc) throw notFound("Notification");
  return toNotificationView(doc);
}

/** Archives one of the caller's notifications (it leaves the inbox; archived implies read). */
export async function archiveNotification(ctx: OperationContext<NotificationParams>) {
  const doc = await (
    await ctx.services.store("notifications")
  ).archive(ctx.caller.uid, toObjectId(ctx.params.notificationId, "Notification"));
  if (!doc) throw notFound("Notification");
  return toNotificationView(doc);
}

export async function markAllRead(ctx: OperationContext) {
  const store = await ctx.services.store("notifications");
  const updated = await store.markAllRead(ctx.caller.uid);
  return { updated, unread: await store.unreadCount(ctx.caller.uid) };
}
