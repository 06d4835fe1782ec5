import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { recordEvent } from "../../functions/src/core/events/record-event";
import { fanOutBatch } from "../../functions/src/core/notifications/fan-out";
import { HttpWebhookSender } from "../../functions/src/core/outgoing-webhooks/webhook-sender";
import { dispatchNotifications } from "../../functions/src/schedules/notifications-dispatch";
import { overrideServicesForTests, services, type FaultPoint } from "../../functions/src/services";
import { createUser, type TestUser } from "../support/auth-emulator";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";
import { request } from "../support/http";
import { deliver, ids, stripeCheckoutPayment, stripeEvent, useWebhookApi } from "../support/webhook-events";

/**
 * Outgoing webhooks end to end: endpoints created over the API with real tokens, facts recorded by
 * the real payment webhook, the dispatcher run as the schedule runs it, and a real HTTP receiver on
 * loopback that verifies our signatures with the `standardwebhooks` package as a customer would.
 *
 * Loopback is admitted only here, by the one test-only setting: the sender the services hand out
 * resolves `hooks.test` to 127.0.0.1 and its address policy admits 127.0.0.1 (production's refuses it).
 */
const api = useWebhookApi("outgoing_webhooks");

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A customer's receiver: records every request; answers each path from its script (then 200). */
class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Array<{ status: number; headers?: Record<string, string> }>>();
  private server!: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const path = req.url ?? "/";
        this.received.push({ path, headers: req.headers, body });
        const next = this.scripts.get(path)?.shift() ?? { status: 200 };
        res.writeHead(next.status, next.headers).end("ack");
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  script(path: string, ...answers: Array<number | { status: number; headers?: Record<string, string> }>): void {
    this.scripts.set(
      path,
      answers.map((a) => (typeof a === "number" ? { status: a } : a)),
    );
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  url(path: string): string {
    return `http://hooks.test:${this.port}${path}`;
  }
}

const receiver = new Receiver();
let restore: () => void;
let offsetMs = 0;
let crashAt: FaultPoint | null = null;

beforeAll(async () => {
  await receiver.start();
  restore = overrideServicesForTests({
    now: () => new Date(Date.now() + offsetMs),
    webhookSender: async () =>
      new HttpWebhookSender({
        allowHttp: true,
        policy: (address) => address === "127.0.0.1",
        resolve: async (hostname) => (hostname === "hooks.test" ? [{ address: "127.0.0.1", family: 4 }] : []),
        timeoutMs: 2_000,
      }),
    faults: {
      at(point) {
        if (point === crashAt) {
          crashAt = null;
          throw Object.assign(new Error(`injected crash at ${point}`), { injectedCrash: true });
        }
      },
    },
  });
});
afterAll(async () => {
  restore();
  await receiver.stop();
});
afterEach(() => {
  offsetMs = 0;
  crashAt = null;
});

/** One scheduled run, until nothing is left to do now. */
const dispatch = () => dispatchNotifications(`run-${Math.random()}`, services, { budgetMs: 20_000, untilIdle: true });
/** Moves our clock on (the dispatcher's and the stores'), so that due retries are due. */
const advance = (ms: number) => (offsetMs += ms);

async function createEndpoint(user: TestUser, path: string, eventTypes: string[] = ["credits.purchased"], teamId?: string) {
  const res = await request(api.baseUrl, "POST", "/webhook-endpoints", {
    token: user.idToken,
    body: { url: receiver.url(path), eventTypes, ...(teamId ? { teamId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string };
}

async function buyCredits(uid: string, pi = ids.of("pi")) {
  const event = stripeEvent(
    "checkout.session.completed",
    stripeCheckoutPayment({ uid, sku: "credits_5000", paymentIntent: pi, amount: 2000 }),
  );
  expect((await deliver(api.baseUrl, event)).status).toBe(200);
  return { pi, event };
}

/** A purchase's fact as the payment webhook records it (for when our clock is moved past what a provider signature admits). */
const purchaseFact = (uid: string) => ({
  type: "payment.succeeded" as const,
  dedupeKey: `test:purchase:${ids.of("pi")}`,
  occurredAt: services.now(),
  subject: { uid },
  data: {
    provider: "stripe",
    paymentId: ids.of("pi"),
    sku: "credits_5000",
    kind: "credits" as const,
    credits: 5000,
    amount: 2000,
    currency: "USD",
  },
});

const messagesOf = async (user: TestUser, endpointId: string, query = "") =>
  (await request(api.baseUrl, "GET", `/webhook-endpoints/${endpointId}/messages${query}`, { token: user.idToken })).json as {
    messages: Array<{ id: string; state: string; attempts: number; lastStatusCode: number | null }>;
  };

describe("delivery", () => {
  it("delivers a purchase once, signed per Standard Webhooks, verified with the standardwebhooks package", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/purchase");
    expect(endpoint.secret).toMatch(/^whsec_/);
    const { pi } = await buyCredits(user.uid);
    await dispatch();
    await dispatch(); // a second run finds nothing to send again

    const got = receiver.at("/purchase");
    expect(got).toHaveLength(1);
    const payload = new Webhook(endpoint.secret).verify(got[0].body, got[0].headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(payload.type).toBe("credits.purchased");
    expect(payload.data).toMatchObject({ paymentId: pi, credits: 5000, amount: 2000, currency: "USD" });
    expect(got[0].headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{24}$/);

    const log = await messagesOf(user, endpoint.id);
    expect(log.messages).toEqual([
      expect.objectContaining({ id: got[0].headers["webhook-id"], state: "succeeded", attempts: 1, lastStatusCode: 200 }),
    ]);
  });

  it("retries failures on the schedule with the same webhook-id, honouring Retry-After, and logs every attempt", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/retry");
    receiver.script("/retry", 500, { status: 429, headers: { "retry-after": "3600" } }, 200);
    await buyCredits(user.uid);
    await dispatch();
    expect(receiver.at("/retry")).toHaveLength(1);

    advance(10_000); // past the 5 s (±20 %) retry
    await dispatch();
    expect(receiver.at("/retry")).toHaveLength(2);

    advance(30 * 60_000); // the schedule's 5 min has passed, Retry-After's hour has not
    await dispatch();
    expect(receiver.at("/retry")).toHaveLength(2);

    advance(31 * 60_000);
    await dispatch();
    const got = receiver.at("/retry");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    // Each attempt is signed afresh (its own timestamp), over the same body.
    expect(new Webhook(endpoint.secret).verify(got[0].body, got[0].headers as Record<string, string>)).toBeTruthy();
    expect(new Set(got.map((r) => r.headers["webhook-timestamp"])).size).toBe(3);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);

    const [message] = (await messagesOf(user, endpoint.id)).messages;
    const detail = await request(api.baseUrl, "GET", `/webhook-endpoints/${endpoint.id}/messages/${message.id}`, { token: user.idToken });
    expect(detail.status).toBe(200);
    expect(detail.json.state).toBe("succeeded");
    expect(detail.json.attemptLog.map((a: { statusCode: number; state: string }) => [a.state, a.statusCode])).toEqual([
      ["failed", 500],
      ["failed", 429],
      ["succeeded", 200],
    ]);
    expect(detail.json.attemptLog[0]).toMatchObject({ responseBody: "ack", latencyMs: expect.any(Number) });
  });

  it("disables an endpoint that answers 410 Gone, stops sending to it and tells its owner", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/gone");
    receiver.script("/gone", 410);
    await buyCredits(user.uid);
    await dispatch();
    await dispatch(); // fans out the endpoint_disabled fact
    await buyCredits(user.uid);
    await dispatch();
    expect(receiver.at("/gone").length).toBe(1);
    const got = await request(api.baseUrl, "GET", `/webhook-endpoints/${endpoint.id}`, { token: user.idToken });
    expect(got.json).toMatchObject({ enabled: false, disabledReason: "gone" });
    const states = (await messagesOf(user, endpoint.id)).messages.map((m) => m.state);
    expect(states).toEqual(["failed"]);
    const feed = await request(api.baseUrl, "GET", "/notifications", { token: user.idToken });
    expect(feed.json.notifications.map((n: { type: string }) => n.type)).toContain("webhook.endpoint_disabled");
  });

  it("disables an endpoint that has failed for five days", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/down");
    receiver.script("/down", ...Array(20).fill(503));
    await buyCredits(user.uid);
    await dispatch();
    advance(5 * 86_400_000 + 60_000); // the next attempts are due long since
    await dispatch();
    const got = await request(api.baseUrl, "GET", `/webhook-endpoints/${endpoint.id}`, { token: user.idToken });
    expect(got.json).toMatchObject({ enabled: false, disabledReason: "failing" });
    expect(receiver.at("/down")).toHaveLength(2);
  });

  it("sends both signatures while a rotated secret overlaps, and only the new one after", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/rotate");
    const rotated = await request(api.baseUrl, "POST", `/webhook-endpoints/${endpoint.id}/secret/rotate`, {
      token: user.idToken,
      body: { overlapHours: 1 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(endpoint.secret);
    await buyCredits(user.uid);
    await dispatch();
    const [during] = receiver.at("/rotate");
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.json.secret]) {
      expect(new Webhook(secret).verify(during.body, during.headers as Record<string, string>)).toBeTruthy();
    }

    advance(2 * 3_600_000);
    await recordEvent(services, purchaseFact(user.uid));
    await dispatch();
    const after = receiver.at("/rotate")[1];
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(() => new Webhook(endpoint.secret).verify(after.body, after.headers as Record<string, string>)).toThrow();
  });

  it("resends one message and replays failures since a time, with the original webhook-id", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/replay");
    receiver.script("/replay", ...Array(8).fill(500));
    const since = new Date(Date.now() - 1000).toISOString();
    await buyCredits(user.uid);
    await dispatch();
    for (let i = 0; i < 7; i++) {
      advance(13 * 3_600_000); // the longest delay (10 h) with its jitter
      await dispatch();
    }
    expect(receiver.at("/replay")).toHaveLength(8);
    const [failed] = (await messagesOf(user, endpoint.id, "?status=failed")).messages;
    expect(failed).toMatchObject({ state: "failed", attempts: 8 });
    offsetMs = 0;

    const replay = await request(api.baseUrl, "POST", `/webhook-endpoints/${endpoint.id}/replay`, { token: user.idToken, body: { since } });
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ requeued: 1 });
    await dispatch();
    const resent = await request(api.baseUrl, "POST", `/webhook-endpoints/${endpoint.id}/messages/${failed.id}/resend`, {
      token: user.idToken,
    });
    expect(resent.status).toBe(202);
    await dispatch();
    const got = receiver.at("/replay");
    expect(got).toHaveLength(10);
    expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(new Set([failed.id]));
    expect((await messagesOf(user, endpoint.id)).messages[0]).toMatchObject({ state: "succeeded", attempts: 10 });
  });

  it("sends a test event on request", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/test-button");
    const res = await request(api.baseUrl, "POST", `/webhook-endpoints/${endpoint.id}/test`, { token: user.idToken });
    expect(res.status).toBe(202);
    await dispatch();
    const [got] = receiver.at("/test-button");
    expect((new Webhook(endpoint.secret).verify(got.body, got.headers as Record<string, string>) as { type: string }).type).toBe(
      "webhook.test",
    );
  });
});

describe("exactly-once enqueue, at-least-once delivery", () => {
  it("50 concurrent records of one fact, fanned out by concurrent dispatchers: one event, one notification, one delivery", async () => {
    const user = await createUser("wh");
    const endpoint = await createEndpoint(user, "/fifty");
    const fact = purchaseFact(user.uid);
    await Promise.all(Array.from({ length: 50 }, () => recordEvent(services, fact)));
    await Promise.all(Array.from({ length: 5 }, () => fanOutBatch(services)));
    await dispatch();
    const db = await api.db();
    expect(await db.collection("events").countDocuments({ dedupe_key: fact.dedupeKey })).toBe(1);
    expect(await db.collection("notifications").countDocuments({ uid: user.uid })).toBe(1);
    expect(receiver.at("/fifty")).toHaveLength(1);
    expect((await messagesOf(user, endpoint.id)).messages).toHaveLength(1);
  });

  const crashPoints: FaultPoint[] = [
    "dispatch:fanout:claimed",
    "dispatch:fanout:in_app",
    "dispatch:fanout:push",
    "dispatch:fanout:webhook",
    "dispatch:fanout:before_done",
    "dispatch:webhook:claimed",
    "dispatch:webhook:attempt_started",
    "dispatch:webhook:sent",
    "dispatch:webhook:settled",
  ];

  it.each(crashPoints)("a dispatcher dying at %s: the next run completes it, one logical delivery, same webhook-id", async (point) => {
    const user = await createUser("wh");
    const path = `/crash-${point.replace(/[^a-z]/g, "-")}`;
    const endpoint = await createEndpoint(user, path);
    await buyCredits(user.uid);
    crashAt = point;
    await dispatch();
    expect(crashAt).toBeNull(); // the crash happened
    const died = ["dispatch:webhook:claimed", "dispatch:webhook:attempt_started", "dispatch:webhook:sent"].includes(point);
    if (died) {
      // Until its lease runs out, the dead attempt shows as the one in flight.
      const [m] = (await messagesOf(user, endpoint.id)).messages;
      const inFlight = await request(api.baseUrl, "GET", `/webhook-endpoints/${endpoint.id}/messages/${m.id}`, { token: user.idToken });
      expect(inFlight.json).toMatchObject({
        state: "sending",
        attemptLog: [{ n: 1, state: "sending", finishedAt: null, url: receiver.url(path) }],
      });
    }
    advance(2 * 60_000); // every lease of the dead run has expired
    await dispatch();
    advance(2 * 60_000);
    await dispatch();

    const got = receiver.at(path);
    expect(got.length).toBeGreaterThanOrEqual(1);
    // A crash after the request was sent repeats it: a documented retry with the same id.
    expect(got.length).toBeLessThanOrEqual(point === "dispatch:webhook:sent" ? 2 : 1);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const log = (await messagesOf(user, endpoint.id)).messages;
    expect(log).toHaveLength(1);
    expect(log[0].state).toBe("succeeded");
    // Its attempts: one that died with its dispatcher is logged interrupted by the claim after it.
    const detail = await request(api.baseUrl, "GET", `/webhook-endpoints/${endpoint.id}/messages/${log[0].id}`, { token: user.idToken });
    expect(
      detail.json.attemptLog.map((a: { n: number; state: string; statusCode: number | null }) => [a.n, a.state, a.statusCode]),
    ).toEqual(
      died
        ? [
            [1, "interrupted", null],
            [2, "succeeded", 200],
          ]
        : [[1, "succeeded", 200]],
    );
    expect(log[0].attempts).toBe(died ? 2 : 1);
    const db = await api.db();
    expect(await db.collection("notifications").countDocuments({ uid: user.uid })).toBe(1);
  });
});

describe("a dispatcher dying in the middle of a batch", () => {
  const batchSteps: FaultPoint[] = [
    "dispatch:fanout:claimed",
    "dispatch:fanout:in_app",
    "dispatch:fanout:push",
    "dispatch:fanout:webhook",
    "dispatch:fanout:before_done",
  ];

  it.each(batchSteps)(
    "at %s: after the leases expire, every endpoint gets each of its events once, and every feed each notification once",
    async (point) => {
      const users = await Promise.all(Array.from({ length: 3 }, () => createUser("wh-batch")));
      const paths = users.map((_, i) => `/batch-${point.replace(/[^a-z]/g, "-")}-${i}`);
      const endpoints = await Promise.all(users.map((u, i) => createEndpoint(u, paths[i])));
      // Six events in one batch, two per user, interleaved.
      for (let k = 0; k < 2; k++) for (const u of users) await recordEvent(services, purchaseFact(u.uid));
      crashAt = point;
      const died = await fanOutBatch(services);
      expect(crashAt).toBeNull();
      expect(died.events).toBe(0);
      // The dead run's leases still hold: no other run takes its events over early (what it wrote before dying may be sent).
      await dispatch();
      const db = await api.db();
      const uids = users.map((u) => u.uid);
      expect(await db.collection("events").countDocuments({ uid: { $in: uids }, dispatch_pending: true })).toBe(6);

      advance(2 * 60_000);
      await dispatch();
      advance(2 * 60_000);
      await dispatch();
      expect(await db.collection("events").countDocuments({ uid: { $in: uids }, dispatch_pending: true })).toBe(0);
      for (const [i, user] of users.entries()) {
        // Two events, two webhook-ids; a slow machine may time an attempt out and retry it: with the same id.
        const got = receiver.at(paths[i]);
        const byId = new Map(
          got.map((r) => [r.headers["webhook-id"], (JSON.parse(r.body) as { data: { paymentId: string } }).data.paymentId]),
        );
        expect(byId.size).toBe(2);
        expect(new Set(byId.values()).size).toBe(2);
        const log = (await messagesOf(user, endpoints[i].id)).messages;
        expect(log.map((m) => m.state)).toEqual(["succeeded", "succeeded"]);
        expect(got.length).toBeLessThanOrEqual(log.reduce((n, m) => n + m.attempts, 0));
        expect(await db.collection("notifications").countDocuments({ uid: user.uid })).toBe(2);
      }
    },
  );

  it("a batch whose bulk write fails is retried one event at a time: the others go through, the failing one waits for the next run", async () => {
    const users = await Promise.all(Array.from({ length: 2 }, () => createUser("wh-batch")));
    const paths = users.map((_, i) => `/batch-isolate-${i}`);
    await Promise.all(users.map((u, i) => createEndpoint(u, paths[i])));
    for (const u of users) await recordEvent(services, purchaseFact(u.uid));
    // The database refuses one user's notification: the batch's insert fails, then only that event's.
    const notifications = await services.store("notifications");
    const original = notifications.insertMany.bind(notifications);
    const poisoned = users[1].uid;
    notifications.insertMany = async (docs) => {
      if (docs.some((d) => d.uid === poisoned)) throw Object.assign(new Error("simulated write failure"), { code: 2 });
      return original(docs);
    };
    try {
      expect(await fanOutBatch(services)).toMatchObject({ events: 1, messages: 1 });
    } finally {
      notifications.insertMany = original;
    }
    await dispatch();
    expect(paths.map((p) => receiver.at(p).length)).toEqual([1, 1]);
    const db = await api.db();
    expect(await db.collection("events").countDocuments({ uid: { $in: users.map((u) => u.uid) }, dispatch_pending: true })).toBe(0);
    expect(await db.collection("notifications").countDocuments({ uid: poisoned })).toBe(1);
  });
});

describe("endpoint input", () => {
  it.each([
    "http://127.0.0.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::ffff:127.0.0.1]/hook",
    "http://2130706433/hook",
    "http://localhost:8080/hook",
    "http://metadata.google.internal/",
    "ftp://example.com/hook",
    "https://user:pw@example.com/hook",
  ])("refuses %s with 400 and writes nothing", async (url) => {
    const user = await createUser("wh");
    const res = await request(api.baseUrl, "POST", "/webhook-endpoints", {
      token: user.idToken,
      body: { url, eventTypes: ["credits.purchased"] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "validation_failed" });
    expect((await request(api.baseUrl, "GET", "/webhook-endpoints", { token: user.idToken })).json.endpoints).toEqual([]);
  });

  it("refuses unknown event types, and caps endpoints per account with 403", async () => {
    const user = await createUser("wh");
    const bad = await request(api.baseUrl, "POST", "/webhook-endpoints", {
      token: user.idToken,
      body: { url: "https://example.com/h", eventTypes: ["credits.stolen"] },
    });
    expect(bad.status).toBe(400);
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(api.baseUrl, "POST", "/webhook-endpoints", {
          token: user.idToken,
          body: { url: `https://example.com/h${i}`, eventTypes: ["credits.purchased"] },
        }),
      ),
    );
    expect(made.map((r) => `${r.status} ${r.json.error?.code ?? ""}`.trim()).sort()).toEqual([
      ...Array(10).fill("201"),
      "403 limit_reached",
      "403 limit_reached",
    ]);
  });

  it("keeps one user's endpoints from another (404)", async () => {
    const [owner, other] = await Promise.all([createUser("wh"), createUser("wh")]);
    const endpoint = await createEndpoint(owner, "/private");
    for (const [method, path] of [
      ["GET", `/webhook-endpoints/${endpoint.id}`],
      ["GET", `/webhook-endpoints/${endpoint.id}/messages`],
      ["POST", `/webhook-endpoints/${endpoint.id}/secret/rotate`],
      ["DELETE", `/webhook-endpoints/${endpoint.id}`],
    ] as const) {
      expect((await request(api.baseUrl, method, path, { token: other.idToken, body: method === "POST" ? {} : undefined })).status).toBe(
        404,
      );
    }
  });
});

describe("changing an endpoint (PATCH)", () => {
  const patch = (user: TestUser, id: string, body: unknown) =>
    request(api.baseUrl, "PATCH", `/webhook-endpoints/${id}`, { token: user.idToken, body });
  const view = async (user: TestUser, id: string) =>
    (await request(api.baseUrl, "GET", `/webhook-endpoints/${id}`, { token: user.idToken })).json as Record<string, unknown>;

  it.each([
    ["an internal address", { url: "https://10.0.0.7/hook" }],
    ["cloud metadata", { url: "http://169.254.169.254/computeMetadata/v1/" }],
    ["an unknown event type", { eventTypes: ["credits.stolen"] }],
    ["no event type", { eventTypes: [] }],
    ["a repeated event type", { eventTypes: ["credits.purchased", "credits.purchased"] }],
    ["a description over 500 characters", { description: "d".repeat(501) }],
    ["a non-boolean enabled", { enabled: "yes" }],
    ["an unknown field", { secret: "whsec_mine" }],
    ["nothing to change", {}],
  ])("refuses %s with 400 and changes nothing", async (_, body) => {
    const user = await createUser("wh-patch");
    const endpoint = await createEndpoint(user, "/patch-bad");
    const before = await view(user, endpoint.id);
    const res = await patch(user, endpoint.id, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "validation_failed", message: expect.any(String) });
    expect(await view(user, endpoint.id)).toEqual(before);
  });

  it("changes the event types the endpoint receives, its URL and description", async () => {
    const user = await createUser("wh-patch");
    const endpoint = await createEndpoint(user, "/patch-types");
    const changed = await patch(user, endpoint.id, { eventTypes: ["payment.failed"], description: "billing alerts" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ eventTypes: ["payment.failed"], description: "billing alerts", enabled: true });
    await recordEvent(services, purchaseFact(user.uid));
    await dispatch();
    expect(receiver.at("/patch-types")).toHaveLength(0);

    const moved = await patch(user, endpoint.id, {
      eventTypes: ["payment.failed", "credits.purchased"],
      url: receiver.url("/patch-moved"),
    });
    expect(moved.status).toBe(200);
    await recordEvent(services, purchaseFact(user.uid));
    await dispatch();
    expect(receiver.at("/patch-types")).toHaveLength(0);
    expect(receiver.at("/patch-moved")).toHaveLength(1);
  });

  it("disabling stops deliveries and fails what waits; enabling sends again from then on", async () => {
    const user = await createUser("wh-patch");
    const endpoint = await createEndpoint(user, "/patch-toggle");
    await recordEvent(services, purchaseFact(user.uid));
    await fanOutBatch(services); // a message waits for the endpoint
    const off = await patch(user, endpoint.id, { enabled: false });
    expect(off.json).toMatchObject({ enabled: false, disabledReason: "manual", disabledAt: expect.any(String) });
    await recordEvent(services, purchaseFact(user.uid));
    await dispatch();
    expect(receiver.at("/patch-toggle")).toHaveLength(0);
    expect((await messagesOf(user, endpoint.id)).messages.map((m) => m.state)).toEqual(["failed"]);

    const on = await patch(user, endpoint.id, { enabled: true });
    expect(on.json).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    await recordEvent(services, purchaseFact(user.uid));
    await dispatch();
    expect(receiver.at("/patch-toggle")).toHaveLength(1);
  });

  it("is refused to another user (404) and leaves the endpoint as it was", async () => {
    const [owner, other] = await Promise.all([createUser("wh-patch"), createUser("wh-patch")]);
    const endpoint = await createEndpoint(owner, "/patch-private");
    const before = await view(owner, endpoint.id);
    expect((await patch(other, endpoint.id, { enabled: false })).status).toBe(404);
    expect(await view(owner, endpoint.id)).toEqual(before);
  });
});

describe("team endpoints", () => {
  async function team() {
    const [owner, admin, member, outsider] = await Promise.all([
      createVerifiedUser("wh-team-owner"),
      createVerifiedUser("wh-team-admin"),
      createVerifiedUser("wh-team-member"),
      createVerifiedUser("wh-team-outsider"),
    ]);
    const teamId = await createTeam(api.baseUrl, owner, "Hooks team");
    await addMember(api.baseUrl, teamId, owner, admin, "admin");
    await addMember(api.baseUrl, teamId, owner, member, "editor");
    return { owner, admin, member, outsider, teamId };
  }

  it("are managed by the team's admins; a member gets 403 and an outsider 404, and neither changes anything", async () => {
    const { admin, member, outsider, teamId } = await team();
    const endpoint = await createEndpoint(admin, "/team-managed", ["team.invitation_created"], teamId);
    const listed = await request(api.baseUrl, "GET", `/webhook-endpoints?teamId=${teamId}`, { token: admin.idToken });
    expect(listed.json.endpoints.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    // Not among the admin's personal endpoints.
    expect((await request(api.baseUrl, "GET", "/webhook-endpoints", { token: admin.idToken })).json.endpoints).toEqual([]);

    for (const [user, status] of [
      [member, 403],
      [outsider, 404],
    ] as const) {
      const create = await request(api.baseUrl, "POST", "/webhook-endpoints", {
        token: user.idToken,
        body: { url: receiver.url("/team-intruder"), eventTypes: ["team.invitation_created"], teamId },
      });
      expect(create.status).toBe(status);
      expect((await request(api.baseUrl, "GET", `/webhook-endpoints?teamId=${teamId}`, { token: user.idToken })).status).toBe(status);
      for (const [method, path, body] of [
        ["GET", `/webhook-endpoints/${endpoint.id}`, undefined],
        ["PATCH", `/webhook-endpoints/${endpoint.id}`, { enabled: false }],
        ["POST", `/webhook-endpoints/${endpoint.id}/secret/rotate`, {}],
        ["DELETE", `/webhook-endpoints/${endpoint.id}`, undefined],
      ] as const) {
        const res = await request(api.baseUrl, method, path, { token: user.idToken, body });
        expect({ method, status: res.status, code: res.json?.error?.code }).toEqual({
          method,
          status,
          code: status === 403 ? "forbidden" : "not_found",
        });
      }
    }
    const after = await request(api.baseUrl, "GET", `/webhook-endpoints?teamId=${teamId}`, { token: admin.idToken });
    expect(after.json.endpoints).toEqual([expect.objectContaining({ id: endpoint.id, enabled: true })]);
  });

  it("receive the team's events; the invitee's own endpoint does not", async () => {
    const { owner, admin, teamId } = await team();
    const endpoint = await createEndpoint(admin, "/team-events", ["team.invitation_created"], teamId);
    const invitee = await createVerifiedUser("wh-team-invitee");
    await createEndpoint(invitee, "/team-invitee-own", ["team.invitation_created"]);
    const invite = await request(api.baseUrl, "POST", `/teams/${teamId}/invitations`, {
      token: owner.idToken,
      body: { email: invitee.email, role: "viewer" },
    });
    expect(invite.status).toBe(201);
    await dispatch();
    const got = receiver.at("/team-events");
    // The two members added when the team was made, and this invitation.
    const invitations = got.map((r) => JSON.parse(r.body) as { type: string; data: { invitationId: string; role: string } });
    expect(invitations.every((p) => p.type === "team.invitation_created")).toBe(true);
    expect(invitations.map((p) => p.data.invitationId)).toContain(invite.json.id);
    expect(new Webhook(endpoint.secret).verify(got[0].body, got[0].headers as Record<string, string>)).toBeTruthy();
    expect(receiver.at("/team-invitee-own")).toHaveLength(0);
    const feed = await request(api.baseUrl, "GET", "/notifications", { token: invitee.idToken });
    expect(feed.json.notifications.map((n: { type: string }) => n.type)).toEqual(["team.invitation_created"]);
  });
});
