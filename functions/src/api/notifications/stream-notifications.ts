import { ObjectId } from "mongodb";
import type { NotificationsStore } from "../../core/notifications/notifications-store";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "../../platform/cursor";
import { errorFields, log } from "../../platform/logger";
import { StreamReply, type OperationContext, type StreamOut } from "../../platform/operation";
import { toNotificationView } from "./notification-view";
import type { StreamQuery } from "./notifications.schema";

/** How often the stream looks for new notifications. */
const POLL_MS = 1_000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** The reconnect delay the stream tells EventSource to use after it ends. */
export const RETRY_MS = 3_000;
/**
 * Within one stream, a notification that entered the feed up to this long before the newest one sent
 * (written by a slower dispatcher) is still sent: positions are times, and writes do not become
 * visible in time order.
 */
const LOOKBACK_MS = 10_000;
/** Notifications sent per poll at most (a long-disconnected client catches up over a few polls). */
const BATCH = 100;

export interface StreamTiming {
  maxMs: number;
  pollMs: number;
  heartbeatMs: number;
}

/**
 * `GET /notifications/stream`: Server-Sent Events of the caller's new notifications. Each event's
 * `id` is its position; a client that reconnects with `Last-Event-ID` (EventSource does it by itself)
 * gets what entered its feed after that position. Heartbeats every 15 s; the stream ends after
 * `maxSeconds` (at most 50: Firebase Hosting ends requests at 60 s) having told the client, with
 * `retry:`, to reconnect 3 s later.
 */
export async function streamNotifications(ctx: OperationContext<unknown, StreamQuery>) {
  const header = ctx.raw.headers["last-event-id"];
  const raw = (Array.isArray(header) ? header[0] : header)?.trim() || ctx.query.lastEventId;
  // A header is input like any other: a position this API did not hand out is a 400, before the stream starts.
  const resume = raw ? decodeTimeCursor(raw.length <= 300 ? raw : "") : null;
  const store = await ctx.services.store("notifications");
  const uid = ctx.caller.uid;
  return new StreamReply((out, signal) =>
    runNotificationStream(out, signal, {
      store,
      uid,
      from: resume ?? { t: ctx.services.now(), id: new ObjectId("000000000000000000000000") },
      timing: { maxMs: ctx.query.maxSeconds * 1000, pollMs: POLL_MS, heartbeatMs: HEARTBEAT_MS },
    }),
  );
}

const after = (a: { created_at: Date; _id: ObjectId }, b: TimeCursor) =>
  a.created_at.getTime() > b.t.getTime() || (a.created_at.getTime() === b.t.getTime() && a._id.toHexString() > b.id.toHexString());

/** The stream itself (exported for tests that drive it with short timings). */
export async function runNotificationStream(
  out: StreamOut,
  signal: AbortSignal,
  o: { store: Pick<NotificationsStore, "since" | "unreadCount">; uid: string; from: TimeCursor; timing: StreamTiming },
): Promise<void> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const write = async (chunk: string) => {
    if (out.write(chunk) === false) await out.drained();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
  let position = o.from;
  const sent = new Map<string, number>();
  try {
    let unread = await o.store.unreadCount(o.uid);
    await write(`retry: ${RETRY_MS}\n\n`);
    await write(`id: ${encodeTimeCursor(position.t, position.id)}\nevent: ready\ndata: ${JSON.stringify({ unread })}\n\n`);
    let beat = elapsed();
    while (!signal.aborted && elapsed() < o.timing.maxMs) {
      const since = new Date(Math.max(o.from.t.getTime(), position.t.getTime() - LOOKBACK_MS));
      const fresh = (await o.store.since(o.uid, since, BATCH + sent.size)).filter(
        (d) => after(d, o.from) && !sent.has(d._id.toHexString()),
      );
      if (fresh.length) unread = await o.store.unreadCount(o.uid);
      for (const doc of fresh.slice(0, BATCH)) {
        if (signal.aborted) return;
        await write(
          `id: ${encodeTimeCursor(doc.created_at, doc._id)}\nevent: notification\ndata: ${JSON.stringify({ ...toNotificationView(doc), unread })}\n\n`,
        );
        sent.set(doc._id.toHexString(), doc.created_at.getTime());
        if (after(doc, position)) position = { t: doc.created_at, id: doc._id };
      }
      for (const [id, t] of sent) if (t < position.t.getTime() - LOOKBACK_MS) sent.delete(id);
      if (elapsed() - beat >= o.timing.heartbeatMs) {
        const count = await o.store.unreadCount(o.uid);
        await write(count === unread ? `: keep-alive\n\n` : `event: unread\ndata: ${JSON.stringify({ unread: count })}\n\n`);
        unread = count;
        beat = elapsed();
      }
      await sleep(Math.min(o.timing.pollMs, Math.max(0, o.timing.maxMs - elapsed())));
    }
    if (!signal.aborted) await write(`: stream ends; reconnect in ${RETRY_MS} ms with Last-Event-ID\n\n`);
  } catch (err) {
    log.error("notification_stream_failed", { uid: o.uid, ...errorFields(err) });
    if (!signal.aborted)
      await write(`event: error\ndata: ${JSON.stringify({ code: "stream_failed", message: "The stream failed; reconnect" })}\n\n`);
  }
}
