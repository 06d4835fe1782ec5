import type { ObjectId } from "mongodb";
import type { Services } from "../../services";
import { errorFields, log } from "../../platform/logger";
import type { OutboxEventDoc } from "../events/events-store";
import { ownedByOwner, type EndpointOwner, type WebhookEndpointDoc } from "../outgoing-webhooks/webhook-endpoints-store";
import type { WebhookMessageDoc } from "../outgoing-webhooks/webhook-messages-store";
import { newMessage } from "../outgoing-webhooks/webhook-payload";
import { toObjectIdOrNull } from "./object-ids";
import { derivedId } from "../../platform/derived-id";
import type { DispatchStep } from "./dispatch-faults";
import { NOTIFICATION_RULES, type NotificationDraft, type WebhookOwner } from "./notification-rules";
import { NOTIFICATION_TYPES } from "./notification-types";
import type { NotificationDoc } from "./notifications-store";
import type { Preferences } from "./notification-preferences-store";
import type { PushDeliveryDoc } from "./push-deliveries-store";
import type { PushMessage } from "./push-sender";

/** How long a dispatcher owns the events it fans out; much longer than a batch takes. */
export const FANOUT_LEASE_MS = 60_000;
/** Fan-outs of one event that failed before it is set aside for an operator (logged at error level). */
export const MAX_FANOUT_ATTEMPTS = 10;
/**
 * Events claimed per step. A batch costs the same handful of round trips whatever its size (see
 * fanOutBatch), so larger batches mean fewer round trips per event; 200 keeps the `$in` lists and
 * the bulk inserts small, and is the benchmark's rate per second.
 */
export const FANOUT_BATCH = 200;

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

type Made = Omit<FanOutCounts, "events">;

/** A claimed event and the notifications its rule makes. */
interface Planned {
  event: OutboxEventDoc;
  drafts: NotificationDraft[];
}

/**
 * One step of the outbox, in batches: claims up to `limit` pending events under one lease, reads the
 * preferences, push devices and webhook endpoints of all their subjects at once, writes every
 * notification, push delivery and webhook message they call for with one unordered bulk insert per
 * collection, and takes the events out of the outbox with one update: ten round trips per batch
 * whatever its size (tests/integration/fan-out-round-trips.test.ts), against seven per event before.
 *
 * Every document's `_id` derives from (notification key, channel, destination), so writing it again
 * is a no-op (E11000 counts as done): a dispatcher that dies anywhere in the step leaves the lease to
 * expire, and the next run repeats the whole batch's fan-out, creating only what is missing. A batch
 * that fails for another reason is retried one event at a time, so that one bad event cannot hold
 * back the others; an event whose rule throws is set aside on its own.
 */
export async function fanOutBatch(services: DispatchServices, limit = FANOUT_BATCH): Promise<FanOutCounts> {
  const events = await services.store("events");
  const counts: FanOutCounts = { events: 0, notifications: 0, pushes: 0, messages: 0 };
  const token = services.newId();
  const claimed = await events.claimDispatchBatch(token, services.now(), FANOUT_LEASE_MS, limit);
  if (claimed.length === 0) return counts;
  const add = (made: Made, n: number) => {
    counts.events += n;
    counts.notifications += made.notifications;
    counts.pushes += made.pushes;
    counts.messages += made.messages;
  };
  try {
    await fault(services, "fanout:claimed");
    const planned: Planned[] = [];
    for (const event of claimed) {
      try {
        planned.push({ event, drafts: await draftsOf(services, event) });
      } catch (err) {
        await failed(services, event, token, err);
      }
    }
    try {
      add(await complete(services, planned, token, "batch"), planned.length);
    } catch (err) {
      if (isInjectedCrash(err)) throw err;
      if (planned.length === 1) await failed(services, planned[0].event, token, err);
      else {
        log.warn("notification_fanout_batch_failed", { events: planned.length, ...errorFields(err) });
        for (const one of planned) {
          try {
            add(await complete(services, [one], token, "one"), 1);
          } catch (e) {
            await failed(services, one.event, token, e);
          }
        }
      }
    }
  } catch (err) {
    // A simulated crash: the process "died", so nothing may clean up after it (the leases expire).
    if (!isInjectedCrash(err)) throw err;
  }
  return counts;
}

/** Crash tests throw this from `faults.at`: the process "died", so nothing may clean up after it. */
export const isInjectedCrash = (err: unknown): boolean => (err as { injectedCrash?: boolean })?.injectedCrash === true;

/** What the event's rule makes of it (nothing, for a type no rule announces). */
async function draftsOf(services: DispatchServices, event: OutboxEventDoc): Promise<NotificationDraft[]> {
  const rule = NOTIFICATION_RULES[event.type];
  if (!rule) return [];
  const events = await services.store("events");
  return rule(event, { previousOf: (e, field, value) => events.previousOf(e, field, value) });
}

/**
 * An event whose fan-out failed: its lease is dropped so that a later run retries it, or, after
 * MAX_FANOUT_ATTEMPTS, it leaves the outbox with its error kept for an operator. A crash (injected)
 * leaves it leased, as a real one would.
 */
async function failed(services: DispatchServices, event: OutboxEventDoc, token: string, err: unknown): Promise<void> {
  if (isInjectedCrash(err)) throw err;
  const giveUp = (event.dispatch_attempts ?? 1) >= MAX_FANOUT_ATTEMPTS;
  (giveUp ? log.error : log.warn)(giveUp ? "notification_fanout_abandoned" : "notification_fanout_failed", {
    eventId: event._id.toHexString(),
    type: event.type,
    attempts: event.dispatch_attempts,
    ...errorFields(err),
  });
  await (await services.store("events")).failDispatch(event._id, token, String((err as Error)?.message ?? err).slice(0, 300), giveUp);
}

/**
 * Writes everything the planned events call for, then takes them out of the outbox: the whole batch
 * (every event its token still holds: those whose rule failed were released already), or one event.
 */
async function complete(services: DispatchServices, planned: Planned[], token: string, scope: "batch" | "one"): Promise<Made> {
  const made = planned.length ? await deliver(services, planned) : { notifications: 0, pushes: 0, messages: 0 };
  await fault(services, "fanout:before_done");
  const events = await services.store("events");
  await events.finishDispatchBatch(token, scope === "batch" ? undefined : planned.map((p) => p.event._id));
  return made;
}

/** The documents of every channel and destination of a batch, each written once per (key, channel, destination). */
async function deliver(services: DispatchServices, planned: Planned[]): Promise<Made> {
  const now = services.now();
  const feedUids = [...new Set(planned.flatMap((p) => p.drafts.filter((d) => d.feed).flatMap((d) => d.recipients)))];
  const hooked = planned.flatMap(({ event, drafts }) =>
    drafts
      .filter((d) => NOTIFICATION_TYPES[d.type].webhook)
      .map((draft) => ({ event, draft, owners: draft.webhookOwners.map(toEndpointOwner).filter((o): o is EndpointOwner => o !== null) })),
  );
  const [prefs, withDevices, endpoints] = await Promise.all([
    feedUids.length ? (await services.store("notificationPreferences")).getMany(feedUids) : new Map<string, Preferences>(),
    feedUids.length ? (await services.store("pushDevices")).usersWithDevices(feedUids) : new Set<string>(),
    hooked.length
      ? (await services.store("webhookEndpoints")).subscribedAny(
          hooked.flatMap((h) => h.owners),
          hooked.map((h) => h.draft.type),
        )
      : ([] as WebhookEndpointDoc[]),
  ]);

  const notifications = new Map<string, NotificationDoc>();
  const pushes = new Map<string, PushDeliveryDoc>();
  const messages = new Map<string, WebhookMessageDoc>();
  planned.forEach(({ event, drafts }, index) => {
    // The batch's notifications enter feeds in outbox order, a millisecond apart, never in the future.
    const createdAt = new Date(now.getTime() - (planned.length - 1 - index));
    for (const draft of drafts.filter((d) => d.feed)) {
      const { category } = NOTIFICATION_TYPES[draft.type];
      for (const uid of new Set(draft.recipients)) {
        const channels = prefs.get(uid)!.channels[category];
        if (channels.in_app) {
          const doc = inAppDoc(event._id, draft, uid, createdAt);
          notifications.set(doc._id.toHexString(), doc);
        }
        // A push delivery only for users with a device: one registered later is not sent the past.
        if (channels.push && withDevices.has(uid)) {
          const doc = pushDoc(draft, uid, now);
          pushes.set(doc._id.toHexString(), doc);
        }
      }
    }
  });
  for (const { event, draft, owners } of hooked) {
    for (const endpoint of endpoints) {
      if (!endpoint.event_types.includes(draft.type) || !owners.some((o) => ownedByOwner(endpoint, o))) continue;
      const doc = newMessage(endpoint, { ...draft, eventId: event._id }, now);
      messages.set(doc._id.toHexString(), doc);
    }
  }

  const made: Made = { notifications: 0, pushes: 0, messages: 0 };
  if (notifications.size) made.notifications = await (await services.store("notifications")).insertMany([...notifications.values()]);
  await fault(services, "fanout:in_app");
  if (pushes.size) made.pushes = await (await services.store("pushDeliveries")).createMany([...pushes.values()]);
  await fault(services, "fanout:push");
  if (messages.size) made.messages = await (await services.store("webhookMessages")).createMany([...messages.values()]);
  await fault(services, "fanout:webhook");
  return made;
}

function inAppDoc(eventId: ObjectId, draft: NotificationDraft, uid: string, createdAt: Date): NotificationDoc {
  return {
    _id: derivedId("in_app", draft.key, uid),
    uid,
    key: draft.key,
    type: draft.type,
    category: NOTIFICATION_TYPES[draft.type].category,
    title: draft.title,
    body: draft.body,
    data: draft.data,
    event_id: eventId,
    occurred_at: draft.occurredAt,
    created_at: createdAt,
    read_at: null,
    archived_at: null,
  };
}

function pushDoc(draft: NotificationDraft, uid: string, now: Date): PushDeliveryDoc {
  const message: PushMessage = {
    id: derivedId("in_app", draft.key, uid).toHexString(),
    type: draft.type,
    category: NOTIFICATION_TYPES[draft.type].category,
    title: draft.title,
    body: draft.body,
    data: Object.fromEntries(Object.entries(draft.data).map(([k, v]) => [k, v === null ? "" : String(v)])),
  };
  return {
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
  };
}
