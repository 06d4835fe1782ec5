import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import { toNotificationView } from "./notification-view";
import type { ListNotificationsQuery } from "./notifications.schema";

/** The caller's feed, newest first, with the unread count (one read for a badge and a page). */
export async function listNotifications(ctx: OperationContext<unknown, ListNotificationsQuery>) {
  const store = await ctx.services.store("notifications");
  const { filter, limit, cursor } = ctx.query;
  const after = cursor ? decodeTimeCursor(cursor) : undefined;
  const [docs, unread] = await Promise.all([store.list(ctx.caller.uid, filter, limit + 1, after), store.unreadCount(ctx.caller.uid)]);
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    notifications: page.map(toNotificationView),
    nextCursor: docs.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
    unread,
  };
}

export async function getUnreadCount(ctx: OperationContext) {
  return { unread: await (await ctx.services.store("notifications")).unreadCount(ctx.caller.uid) };
}
