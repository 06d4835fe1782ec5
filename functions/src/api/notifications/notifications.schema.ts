import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { CATEGORIES, CHANNELS } from "../../core/notifications/notification-types";
import { PUSH_PLATFORMS } from "../../core/notifications/push-platform";
import { IsoDate } from "../../platform/common-schemas";

const Cursor = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/);

export const NotificationParams = z.strictObject({ notificationId: EntityId });
export type NotificationParams = z.infer<typeof NotificationParams>;

export const DeviceParams = z.strictObject({
  deviceId: z.string().regex(/^[0-9a-f]{64}$/, "must be a device id returned at registration"),
});
export type DeviceParams = z.infer<typeof DeviceParams>;

export const ListNotificationsQuery = z.strictObject({
  /** inbox (default): not archived; unread; archived; all. */
  filter: z.enum(["inbox", "unread", "archived", "all"]).default("inbox"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: Cursor.optional(),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuery>;

export const NotificationCategory = z.enum(CATEGORIES).meta({ id: "NotificationCategory" });

export const NotificationView = z
  .object({
    id: z.string(),
    type: z.string(),
    category: NotificationCategory,
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    occurredAt: IsoDate,
    createdAt: IsoDate,
    readAt: IsoDate.nullable(),
    archivedAt: IsoDate.nullable(),
  })
  .meta({ id: "NotificationView" });
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationList = z
  .object({ notifications: z.array(NotificationView), nextCursor: z.string().nullable(), unread: z.number().int() })
  .meta({ id: "NotificationList" });

export const NotificationUnreadCount = z.object({ unread: z.number().int() }).meta({ id: "NotificationUnreadCount" });
export const NotificationsReadAllResult = z
  .object({ updated: z.number().int(), unread: z.number().int() })
  .meta({ id: "NotificationsReadAllResult" });

export const StreamQuery = z.strictObject({
  /** How long this stream stays open (the client reconnects after `retry`); at most 50 s, under Hosting's 60 s limit. */
  maxSeconds: z.coerce.number().int().min(5).max(50).default(50),
  /** The position to resume from, for clients that cannot send the Last-Event-ID header. */
  lastEventId: Cursor.optional(),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

/** What the stream's `notification` events carry (the body itself is text/event-stream, see docs/notifications.md). */
export const NotificationStreamEvent = NotificationView.extend({ unread: z.number().int() }).meta({ id: "NotificationStreamEvent" });

const ChannelSwitches = z.strictObject(
  Object.fromEntries(CHANNELS.map((c) => [c, z.boolean()])) as Record<(typeof CHANNELS)[number], z.ZodBoolean>,
);
const ChannelSwitchesPatch = ChannelSwitches.partial();

export const NotificationPreferences = z
  .object({
    channels: z.object(
      Object.fromEntries(CATEGORIES.map((c) => [c, ChannelSwitches])) as Record<(typeof CATEGORIES)[number], typeof ChannelSwitches>,
    ),
    lowBalanceThreshold: z.number().int().nullable(),
  })
  .meta({ id: "NotificationPreferences" });

export const UpdateNotificationPreferencesInput = z
  .strictObject({
    /** Per category, the channels to switch on or off; unnamed ones keep their setting. Unknown categories or channels are a 400. */
    channels: z
      .strictObject(
        Object.fromEntries(CATEGORIES.map((c) => [c, ChannelSwitchesPatch.optional()])) as Record<
          (typeof CATEGORIES)[number],
          z.ZodOptional<typeof ChannelSwitchesPatch>
        >,
      )
      .optional(),
    /** Credits below which a debit notifies you (credits.low_balance); null: never. */
    lowBalanceThreshold: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
  })
  .meta({ id: "UpdateNotificationPreferencesInput" });
export type UpdateNotificationPreferencesInput = z.infer<typeof UpdateNotificationPreferencesInput>;

export const RegisterPushDeviceInput = z
  .strictObject({
    /** The FCM registration token the app got from the Firebase SDK. */
    token: z
      .string()
      .min(20)
      .max(4096)
      .regex(/^[A-Za-z0-9:_.-]+$/, "must be an FCM registration token"),
    platform: z.enum(PUSH_PLATFORMS),
  })
  .meta({ id: "RegisterPushDeviceInput" });
export type RegisterPushDeviceInput = z.infer<typeof RegisterPushDeviceInput>;

export const PushDeviceView = z
  .object({ id: z.string(), platform: z.enum(PUSH_PLATFORMS), addedAt: IsoDate, lastSeenAt: IsoDate })
  .meta({ id: "PushDeviceView" });
export const PushDeviceList = z.object({ devices: z.array(PushDeviceView), limit: z.number().int() }).meta({ id: "PushDeviceList" });
export const PushDeviceRemoved = z.object({ id: z.string(), removed: z.literal(true) }).meta({ id: "PushDeviceRemoved" });
