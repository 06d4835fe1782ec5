import { recordEvent } from "../../functions/src/core/events/record-event";
import { fanOutBatch } from "../../functions/src/core/notifications/fan-out";
import type { PushMessage, PushOutcome } from "../../functions/src/core/notifications/push-sender";
import { dispatchNotifications } from "../../functions/src/schedules/notifications-dispatch";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { request } from "../support/http";
import { ids, useWebhookApi } from "../support/webhook-events";

/**
 * The in-app feed, preferences, push devices and the SSE stream, over the API with real ID tokens,
 * fed by the outbox. FCM cannot be reached from here: the push channel is an in-memory PushSender
 * (core/notifications/push-sender.ts, the role FcmPushSender fills) that answers per token.
 */
const api = useWebhookApi("notifications");

const pushed: Array<{ token: string; message: PushMessage }> = [];
/** Tokens FCM would report dead (unregistered), and how many more times a token fails transiently. */
const dead = new Set<string>();
const transient = new Map<string, number>();
/** Every send FCM was asked for, whatever became of it. */
const tried: string[] = [];
let restore: () => void;
let offsetMs = 0;

beforeAll(() => {
  restore = overrideServicesForTests({
    now: () => new Date(Date.now() + offsetMs),
    push: async () => ({
      async send(token: string, message: PushMessage): Promise<PushOutcome> {
        tried.push(token);
        if (dead.has(token)) return { kind: "dead", code: "messaging/registration-token-not-registered" };
        const failures = transient.get(token) ?? 0;
        if (failures > 0) {
          transient.set(token, failures - 1);
          return { kind: "retry", code: "messaging/unavailable" };
        }
        pushed.push({ token, message });
        return { kind: "sent", messageId: `projects/demo/messages/${pushed.length}` };
      },
    }),
  });
});
afterAll(() => restore());
afterEach(() => {
  offsetMs = 0;
});

const dispatch = () => dispatchNotifications(`run-${Math.random()}`, services, { budgetMs: 20_000, untilIdle: true });

async function purchase(uid: string, credits = 5000) {
  await recordEvent(services, {
    type: "payment.succeeded",
    dedupeKey: `test:notify:${ids.of("pi")}`,
    occurredAt: services.now(),
    subject: { uid },
    data: { provider: "stripe", paymentId: ids.of("pi"), sku: "credits_5000", kind: "credits", credits, amount: 2000, currency: "USD" },
  });
}

const get = (user: TestUser, path: string) => request(api.baseUrl, "GET", path, { token: user.idToken });
const post = (user: TestUser, path: string, body?: unknown) => request(api.baseUrl, "POST", path, { token: user.idToken, body });

describe("feed", () => {
  it("lists newest first with a cursor, counts unread, marks read, reads all and archives", async () => {
    const user = await createUser("feed");
    for (const credits of [1000, 2000, 3000]) {
      await purchase(user.uid, credits);
      await fanOutBatch(services);
    }
    const first = await get(user, "/notifications?limit=2");
    expect(first.status).toBe(200);
    expect(first.json.unread).toBe(3);
    expect(first.json.notifications.map((n: { data: { credits: number } }) => n.data.credits)).toEqual([3000, 2000]);
    expect(first.json.notifications[0]).toMatchObject({ type: "credits.purchased", category: "credits", readAt: null });
    const second = await get(user, `/notifications?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.notifications.map((n: { data: { credits: number } }) => n.data.credits)).toEqual([1000]);
    expect(second.json.nextCursor).toBeNull();

    const [newest, middle] = first.json.notifications;
    expect((await post(user, `/notifications/${newest.id}/read`)).json.readAt).toEqual(expect.any(String));
    expect((await get(user, "/notifications/unread-count")).json).toEqual({ unread: 2 });
    expect((await post(user, `/notifications/${middle.id}/archive`)).status).toBe(200);
    expect((await get(user, "/notifications")).json.notifications.map((n: { id: string }) => n.id)).not.toContain(middle.id);
    expect((await get(user, "/notifications?filter=archived")).json.notifications.map((n: { id: string }) => n.id)).toEqual([middle.id]);
    expect((await post(user, "/notifications/read-all")).json).toMatchObject({ unread: 0 });
  });

  it("keeps each user's feed their own (404 on another's notification) and refuses bad input", async () => {
    const [owner, other] = await Promise.all([createUser("feed"), createUser("feed")]);
    await purchase(owner.uid);
    await fanOutBatch(services);
    const [mine] = (await get(owner, "/notifications")).json.notifications;
    expect((await post(other, `/notifications/${mine.id}/read`)).status).toBe(404);
    expect((await get(owner, "/notifications/unread-count")).json).toEqual({ unread: 1 });
    expect((await get(owner, "/notifications?limit=0")).status).toBe(400);
    expect((await get(owner, "/notifications?cursor=not-a-cursor")).status).toBe(400);
    expect((await post(owner, "/notifications/zzz/read")).status).toBe(400);
  });
});

describe("preferences", () => {
  it("are respected by the dispatcher: a category's in-app and push switched off makes neither", async () => {
    const user = await createUser("prefs");
    const put = await request(api.baseUrl, "PATCH", "/notifications/preferences", {
      token: user.idToken,
      body: { channels: { credits: { in_app: false, push: false } } },
    });
    expect(put.status).toBe(200);
    expect(put.json.channels.credits).toEqual({ in_app: false, push: false, email: false });
    expect(put.json.channels.billing).toEqual({ in_app: true, push: true, email: false });
    expect(
      (await post(user, "/notifications/devices", { token: `tok-${user.uid}-prefs-${"x".repeat(100)}`, platform: "android" })).status,
    ).toBe(201);
    await purchase(user.uid);
    const before = pushed.length;
    await dispatch();
    expect((await get(user, "/notifications")).json.notifications).toEqual([]);
    expect(pushed.length).toBe(before);
  });

  it.each([{ channels: { sales: { push: false } } }, { channels: { credits: { sms: true } } }, { lowBalanceThreshold: -5 }, { extra: 1 }])(
    "refuses %j with 400 and changes nothing",
    async (body) => {
      const user = await createUser("prefs");
      const res = await request(api.baseUrl, "PATCH", "/notifications/preferences", { token: user.idToken, body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
      expect((await get(user, "/notifications/preferences")).json.channels.credits).toEqual({ in_app: true, push: true, email: false });
    },
  );
});

describe("low balance", () => {
  it("notifies once when a debit takes the balance below the user's threshold, not before, not again below it", async () => {
    const [user, admin] = await Promise.all([createUser("low"), createUserWithRoles(["admin"], "low-admin")]);
    const threshold = await request(api.baseUrl, "PATCH", "/notifications/preferences", {
      token: user.idToken,
      body: { lowBalanceThreshold: 100 },
    });
    expect(threshold.json.lowBalanceThreshold).toBe(100);
    const credit = (amount: number, key: string) =>
      request(api.baseUrl, "POST", `/admin/users/${user.uid}/credits`, {
        token: admin.idToken,
        body: { type: amount > 0 ? "grant" : "adjust", amount, reason: "test", idempotencyKey: key },
      });
    expect((await credit(150, "low-key-1")).status).toBe(200);
    for (const [amount, key] of [
      [-30, "low-key-2"],
      [-30, "low-key-3"],
      [-30, "low-key-3"],
      [-10, "low-key-4"],
    ] as const) {
      expect((await credit(amount, key)).status).toBe(200); // 120, 90 (crosses), 90 (a retry), 80
    }
    await fanOutBatch(services);
    const low = (await get(user, "/notifications")).json.notifications.filter((n: { type: string }) => n.type === "credits.low_balance");
    expect(low).toHaveLength(1);
    expect(low[0].data).toMatchObject({ credits: 90, threshold: 100 });
  });
});

describe("push", () => {
  const token = (user: TestUser, n: number) => `fcm-${user.uid}-${n}-${"a".repeat(120)}`;

  it("sends to each device once, removes a token FCM reports unregistered at once, and never retries it", async () => {
    const user = await createUser("push");
    expect((await post(user, "/notifications/devices", { token: token(user, 1), platform: "ios" })).status).toBe(201);
    expect((await post(user, "/notifications/devices", { token: token(user, 1), platform: "ios" })).status).toBe(200); // refresh
    expect((await post(user, "/notifications/devices", { token: token(user, 2), platform: "web" })).status).toBe(201);
    dead.add(token(user, 2));
    await purchase(user.uid);
    await dispatch();
    await dispatch();
    const mine = pushed.filter((p) => p.token.includes(user.uid));
    expect(mine.map((p) => p.token)).toEqual([token(user, 1)]);
    expect(mine[0].message).toMatchObject({ type: "credits.purchased", category: "credits", title: expect.any(String) });
    const devices = (await get(user, "/notifications/devices")).json.devices;
    expect(devices).toHaveLength(1);
    expect(devices[0].platform).toBe("ios");
    // The feed notification and the push share the id apps use to dedupe.
    const [n] = (await get(user, "/notifications")).json.notifications;
    expect(mine[0].message.id).toBe(n.id);
  });

  it("retries a device FCM reports transiently unavailable on the schedule, while an unregistered one is removed and never tried again", async () => {
    const user = await createUser("push");
    const [flaky, gone] = [token(user, 7), token(user, 8)];
    for (const t of [flaky, gone]) expect((await post(user, "/notifications/devices", { token: t, platform: "android" })).status).toBe(201);
    transient.set(flaky, 2);
    dead.add(gone);
    await purchase(user.uid);
    await dispatch();
    const triedOf = (t: string) => tried.filter((x) => x === t).length;
    expect([triedOf(flaky), triedOf(gone)]).toEqual([1, 1]);
    expect((await get(user, "/notifications/devices")).json.devices.map((d: { platform: string }) => d.platform)).toEqual(["android"]);

    await dispatch(); // the retry is not due yet (a minute)
    expect(triedOf(flaky)).toBe(1);
    offsetMs += 61_000;
    await dispatch(); // fails again: next in five minutes
    offsetMs += 5 * 60_000 + 1_000;
    await dispatch(); // delivered
    offsetMs += 2 * 3_600_000;
    await dispatch(); // nothing left to retry
    expect([triedOf(flaky), triedOf(gone)]).toEqual([3, 1]);
    const delivered = pushed.filter((p) => p.token === flaky);
    expect(delivered).toHaveLength(1);
    const [n] = (await get(user, "/notifications")).json.notifications;
    expect(delivered[0].message.id).toBe(n.id);
    const db = await api.db();
    expect(await db.collection("push_deliveries").findOne({ uid: user.uid })).toMatchObject({
      state: "done",
      attempts: 3,
      last_error: null,
    });
  });

  it("gives up on a device that keeps failing transiently after the last retry, keeping the device", async () => {
    const user = await createUser("push");
    const flaky = token(user, 9);
    expect((await post(user, "/notifications/devices", { token: flaky, platform: "ios" })).status).toBe(201);
    transient.set(flaky, 100);
    await purchase(user.uid);
    for (let i = 0; i < 7; i++) {
      await dispatch();
      offsetMs += 3 * 3_600_000;
    }
    // The first attempt and four retries (1 min, 5 min, 30 min, 2 h), then no more.
    expect(tried.filter((x) => x === flaky)).toHaveLength(5);
    const db = await api.db();
    expect(await db.collection("push_deliveries").findOne({ uid: user.uid })).toMatchObject({ state: "failed", attempts: 5 });
    expect((await get(user, "/notifications/devices")).json.devices).toHaveLength(1);
    transient.delete(flaky);
  });

  it("caps a user's devices with 403 and the limit", async () => {
    const user = await createUser("push");
    const results = [];
    for (let i = 0; i < 11; i++)
      results.push((await post(user, "/notifications/devices", { token: token(user, 100 + i), platform: "android" })).status);
    expect(results).toEqual([...Array(10).fill(201), 403]);
  });
});

describe("stream (Server-Sent Events through the Hosting rewrite)", () => {
  async function readStream(user: TestUser, headers: Record<string, string> = {}, during?: () => Promise<void>) {
    const res = await fetch(`${api.baseUrl}/notifications/stream?maxSeconds=5`, {
      headers: { authorization: `Bearer ${user.idToken}`, accept: "text/event-stream", ...headers },
    });
    const text = (async () => {
      const reader = res.body!.getReader();
      let all = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return all;
        all += Buffer.from(value).toString("utf8");
      }
    })();
    if (during) await during();
    return { res, text: await text };
  }

  const eventsOf = (text: string) =>
    text
      .split("\n\n")
      .filter((block) => block.includes("event: "))
      .map((block) => ({
        id: /^id: (.*)$/m.exec(block)?.[1],
        event: /^event: (.*)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null"),
      }));

  it("pushes new notifications as they enter the feed, ends with a reconnect hint, and resumes from Last-Event-ID", async () => {
    const user = await createUser("sse");
    const { res, text } = await readStream(user, {}, async () => {
      await new Promise((r) => setTimeout(r, 1_200));
      await purchase(user.uid, 4242);
      await fanOutBatch(services);
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(text).toMatch(/^retry: 3000$/m);
    const events = eventsOf(text);
    expect(events[0]).toMatchObject({ event: "ready", data: { unread: 0 } });
    const notes = events.filter((e) => e.event === "notification");
    expect(notes).toHaveLength(1);
    expect(notes[0].data).toMatchObject({ type: "credits.purchased", data: { credits: 4242 }, unread: 1 });

    // Reconnecting from before it (the ready event's position) delivers it again; from its own id, not.
    const again = eventsOf((await readStream(user, { "last-event-id": events[0].id! })).text).filter((e) => e.event === "notification");
    expect(again.map((e) => e.data.data.credits)).toEqual([4242]);
    const after = eventsOf((await readStream(user, { "last-event-id": notes[0].id! })).text).filter((e) => e.event === "notification");
    expect(after).toEqual([]);
  }, 30_000);

  it("refuses a Last-Event-ID it did not hand out with 400 before streaming", async () => {
    const user = await createUser("sse");
    const res = await fetch(`${api.baseUrl}/notifications/stream`, {
      headers: { authorization: `Bearer ${user.idToken}`, "last-event-id": "forged" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeDefined();
  });
});
