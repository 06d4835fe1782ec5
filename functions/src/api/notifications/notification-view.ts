import type { NotificationDoc } from "../../core/notifications/notifications-store";
import type { NotificationView } from "./notifications.schema";

export function toNotificationView(doc: NotificationDoc): NotificationView {
  return {
    id: doc._id.toHexString(),
    type: doc.type,
    category: doc.category,
    title: doc.title,
    body: doc.body,
    data: doc.data,
    occurredAt: doc.occurred_at.toISOString(),
    createdAt: doc.created_at.toISOString(),
    readAt: doc.read_at?.toISOString() ?? null,
    archivedAt: doc.archived_at?.toISOString() ?? null,
  };
}
