import type { Services } from "../../services";
import { errorFields, log } from "../../platform/logger";
import type { OutboxEventDoc } from "../events/events-store";
import type { EndpointOwner } from "../outgoing-webhooks/webhook-endpoints-store";
import { newMessage } from "../outgoing-webhooks/webhook-payload";
import { toObjectIdOrNull } from "./object-ids";
import { derivedId } from "../../platform/derived-id";
import type { DispatchStep } from "./dispatch-faults";
import { NOTIFICATION_RULES, type NotificationDraft, type WebhookOwner } from "./notification-rules";
import { NOTIFICATION_TYPES } from "./notification-types";
import type { Preferences } from "./notification-preferences-store";
import type { PushMessage } from "./push-sender";

/** How long a dispatcher owns an event it fans out; much longer than a fan-out takes. */
export const FANOUT_LEASE_MS = 60_000;
/** Fan-outs of one event that failed before it is set aside for an operator (logged at error level). */
export const MAX_FANOUT_ATTEMPTS = 10;

export type DispatchServices = Pick<Services, "store" | "now" | "newId" | "faults">;

export const fault = (services: DispatchServices, step: DispatchStep) => services.faults?.at(`dispatch:${step}`);

export const toEndpointOwner = (o: WebhookOwner): EndpointOwner | null => {
  if (o.kind === "user") return o;
  const teamId = toObjectIdOrNull(o.teamId);
  return teamId ? { kind: "team", teamId } : null;
};

export interface FanOutCounts {
  events: number;
  notifications: number;
  pushes: number;
  messages: number;
}

/**
 * One batch of the outbox: claims each pending event (a lease), makes every notification,
 * push delivery and webhook message it calls for (each keyed by (notification, channel,
 * destination), so a repeat creates nothing), then takes it out of the outbox. A dispatcher that
 * dies mid-way leaves the lease to expire; the next run repeats the event's fan-out and creates only
 * what is missing.
 */
export async function fanOutBatch(services: DispatchServices, limit = 100): Promise<FanOutCounts> {
  const events = await services.store("events");
  const counts: FanOutCounts = { events: 0, notifications: 0, pushes: 0, messages: 0 };
  for (const candidate of await events.pendingDispatch(services.now(), limit)) {
    const token = services.newId();
    const event = await events.claimDispatch(candidate._id, token, services.now(), FANOUT_LEASE_MS);
    if (!event) continue;
    try {
      await fault(services, "fanout:claimed");
      const made = await fanOutEvent(services, event);
      await fault(services, "fanout:before_done");
      await events.finishDispatch(event._id, token);
      counts.events++;
      counts.notifications += made.notifications;
      counts.pushes += made.pushes;
      counts.messages += made.messages;
    } catch (err) {
      const giveUp = (event.dispatch_attempts ?? 1) >= MAX_FANOUT_ATTEMPTS;
      (giveUp ? log.error : log.warn)(giveUp ? "notification_fanout_abandoned" : "notification_fanout_failed", {
        eventId: event._id.toHexString(),
        type: event.type,
        attempts: event.dispatch_attempts,
        ...errorFields(err),
      });
      // Without this the lease would hold it until it expires; a simulated crash leaves it held, as a real one would.
      if (!isInjectedCrash(err)) await events.failDispatch(event._id, token, String((err as Error)?.message ?? err).slice(0, 300), giveUp);
    }
  }
  return counts;
}

/** Crash tests throw this from `faults.at`: the process "died", so nothing may clean up after it. */
export const isInjectedCrash = (err: unknown): boolean => (err as { injectedCrash?: boolean })?.injectedCrash === true;

/** Everything one event calls for; counts what this call created. */
export async function fanOutEvent(services: DispatchServices, event: OutboxEventDoc): Promise<Omit<FanOutCounts, "events">> {
  const made = { notifications: 0, pushes: 0, messages: 0 };
  const rule = NOTIFICATION_RULES[event.type];
  if (!rule) return made;
  const events = await services.store("events");
  const drafts = await rule(event, { previousOf: (e, field, value) => events.previousOf(e, field, value) });
  const prefs = new Map<string, Preferences>();
  for (const draft of drafts) {
    if (draft.feed) {
      for (const uid of new Set(draft.recipients)) {
        let p = prefs.get(uid);
        if (!p) prefs.set(uid, (p = await (await services.store("notificationPreferences")).get(uid)));
        const added = await deliverToUser(services, event, draft, uid, p);
        made.notifications += added.notification ? 1 : 0;
        made.pushes += added.push ? 1 : 0;
      }
    }
    made.messages += await queueWebhooks(services, event, draft);
  }
  return made;
}

async function deliverToUser(services: DispatchServices, event: OutboxEventDoc, draft: NotificationDraft, uid: string, prefs: Preferences) {
  const { category } = NOTIFICATION_TYPES[draft.type];
  const channels = prefs.channels[category];
  const notificationId = derivedId("in_app", draft.key, uid);
  const now = services.now();
  let notification = false;
  let push = false;
  if (channels.in_app) {
    notification = await (
      await services.store("notifications")
    ).insert({
      _id: notificationId,
      uid,
      key: draft.key,
      type: draft.type,
      category,
      title: draft.title,
      body: draft.body,
      data: draft.data,
      event_id: event._id,
      occurred_at: draft.occurredAt,
      created_at: now,
      read_at: null,
      archived_at: null,
    });
    await fault(services, "fanout:in_app");
  }
  if (channels.push) {
    const message: PushMessage = {
      id: notificationId.toHexString(),
      type: draft.type,
      category,
      title: draft.title,
      body: draft.body,
      data: Object.fromEntries(Object.entries(draft.data).map(([k, v]) => [k, v === null ? "" : String(v)])),
    };
    push = await (
      await services.store("pushDeliveries")
    ).create({
      _id: derivedId("push", draft.key, uid),
      uid,
      key: draft.key,
      message,
      state: "pending",
      attempts: 0,
      next_attempt_at: now,
      lease_token: null,
      lease_until: null,
      devices: {},
      last_error: null,
      created_at: now,
      updated_at: now,
    });
    await fault(services, "fanout:push");
  }
  return { notification, push };
}

/** One message per enabled endpoint of the draft's owners subscribed to its type. */
async function queueWebhooks(services: DispatchServices, event: OutboxEventDoc, draft: NotificationDraft): Promise<number> {
  if (!NOTIFICATION_TYPES[draft.type].webhook) return 0;
  const owners = draft.webhookOwners.map(toEndpointOwner).filter((o): o is EndpointOwner => o !== null);
  const endpoints = await (await services.store("webhookEndpoints")).subscribed(owners, draft.type);
  const messages = await services.store("webhookMessages");
  let created = 0;
  for (const endpoint of endpoints) {
    const fresh = newMessage(endpoint, { ...draft, eventId: event._id }, services.now());
    if (await messages.create(fresh)) created++;
    await fault(services, "fanout:webhook");
  }
  return created;
}
