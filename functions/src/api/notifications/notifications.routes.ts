import { MONGODB_URI } from "../../platform/params";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";
import {
  PushDeviceList,
  DeviceParams,
  PushDeviceRemoved,
  PushDeviceView,
  ListNotificationsQuery,
  NotificationList,
  NotificationParams,
  NotificationStreamEvent,
  NotificationView,
  NotificationPreferences,
  NotificationsReadAllResult,
  RegisterPushDeviceInput,
  StreamQuery,
  NotificationUnreadCount,
  UpdateNotificationPreferencesInput,
} from "./notifications.schema";

/** The notifications module: the caller's feed, its live stream, preferences and push devices. */
export const notificationsRoutes = moduleRoutes(
  { tag: "notifications", secrets: [MONGODB_URI] },
  {
    notifications: {
      path: "/notifications",
      operations: {
        GET: operation({
          operationId: "listNotifications",
          summary: "The caller's notifications, newest first (cursor-paginated; inbox, unread, archived or all), with the unread count",
          auth: "user",
          rateLimit: perMinute(120),
          query: ListNotificationsQuery,
          response: NotificationList,
          handler: () => import("./list-notifications").then((m) => m.listNotifications),
        }),
      },
    },
    notificationsUnreadCount: {
      path: "/notifications/unread-count",
      operations: {
        GET: operation({
          operationId: "getUnreadNotificationCount",
          summary: "How many of the caller's notifications are unread (archived ones excluded)",
          auth: "user",
          rateLimit: perMinute(240),
          response: NotificationUnreadCount,
          handler: () => import("./list-notifications").then((m) => m.getUnreadCount),
        }),
      },
    },
    notificationRead: {
      path: "/notifications/{notificationId}/read",
      operations: {
        POST: operation({
          operationId: "markNotificationRead",
          summary: "Mark one notification read",
          auth: "user",
          rateLimit: perMinute(240),
          params: NotificationParams,
          response: NotificationView,
          errors: [404],
          handler: () => import("./mark-notifications").then((m) => m.markNotificationRead),
        }),
      },
    },
    notificationArchive: {
      path: "/notifications/{notificationId}/archive",
      operations: {
        POST: operation({
          operationId: "archiveNotification",
          summary: "Archive one notification (it leaves the inbox and counts as read)",
          auth: "user",
          rateLimit: perMinute(240),
          params: NotificationParams,
          response: NotificationView,
          errors: [404],
          handler: () => import("./mark-notifications").then((m) => m.archiveNotification),
        }),
      },
    },
    notificationsReadAll: {
      path: "/notifications/read-all",
      operations: {
        POST: operation({
          operationId: "markAllNotificationsRead",
          summary: "Mark every notification of the caller read",
          auth: "user",
          rateLimit: perMinute(30),
          response: NotificationsReadAllResult,
          handler: () => import("./mark-notifications").then((m) => m.markAllRead),
        }),
      },
    },
    notificationsStream: {
      path: "/notifications/stream",
      // The stream lasts at most 50 s; the function's own limit leaves room around it.
      timeoutSeconds: 70,
      operations: {
        GET: operation({
          operationId: "streamNotifications",
          summary:
            "Server-Sent Events (text/event-stream) of the caller's new notifications: `notification` events carry the notification and the unread count; resumable with Last-Event-ID; heartbeats every 15 s; ends after maxSeconds (≤ 50) with a retry hint",
          auth: "user",
          rateLimit: perMinute(30),
          query: StreamQuery,
          response: NotificationStreamEvent,
          handler: () => import("./stream-notifications").then((m) => m.streamNotifications),
        }),
      },
    },
    notificationPreferences: {
      path: "/notifications/preferences",
      operations: {
        GET: operation({
          operationId: "getNotificationPreferences",
          summary: "The caller's channels per category (in_app and push on, email off by default) and low-balance threshold",
          auth: "user",
          rateLimit: perMinute(120),
          response: NotificationPreferences,
          handler: () => import("./notification-preferences").then((m) => m.getPreferences),
        }),
        PATCH: operation({
          operationId: "updateNotificationPreferences",
          summary: "Switch channels per category and set the low-balance threshold (only the fields given change)",
          auth: "user",
          rateLimit: perMinute(30),
          body: UpdateNotificationPreferencesInput,
          response: NotificationPreferences,
          handler: () => import("./notification-preferences").then((m) => m.updatePreferences),
        }),
      },
    },
    notificationDevices: {
      path: "/notifications/devices",
      operations: {
        GET: operation({
          operationId: "listPushDevices",
          summary: "The caller's devices registered for push notifications",
          auth: "user",
          rateLimit: perMinute(60),
          response: PushDeviceList,
          handler: () => import("./devices").then((m) => m.listDevices),
        }),
        POST: operation({
          operationId: "registerPushDevice",
          summary: "Register (201) or refresh (200) the app's FCM registration token; 403 limit_reached beyond 10 devices",
          auth: "user",
          rateLimit: perMinute(30),
          body: RegisterPushDeviceInput,
          response: PushDeviceView,
          status: 201,
          errors: [403],
          handler: () => import("./devices").then((m) => m.registerDevice),
        }),
      },
    },
    notificationDevice: {
      path: "/notifications/devices/{deviceId}",
      operations: {
        DELETE: operation({
          operationId: "unregisterPushDevice",
          summary: "Stop push notifications to one device (apps call this on sign-out)",
          auth: "user",
          rateLimit: perMinute(30),
          params: DeviceParams,
          response: PushDeviceRemoved,
          errors: [404],
          handler: () => import("./devices").then((m) => m.unregisterDevice),
        }),
      },
    },
  },
);
