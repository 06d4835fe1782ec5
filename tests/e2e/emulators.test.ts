import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { describeIf } from "../support/describe-if";
import path from "node:path";
import { MongoClient } from "mongodb";
import { dispatchNotifications } from "../../functions/src/schedules/notifications-dispatch";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { createUser, createUserWithRoles } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";

/**
 * End to end through the Firebase emulators, as an app would call the API: Hosting (on the port `npm test` chose)
 * rewrites /api/v1/** to the Functions emulator, which runs the built functions with the secrets in
 * functions/.secret.local (written by `npm test`), verifying tokens against the Auth emulator.
 */
const BASE = process.env.E2E_API_BASE ?? "http://127.0.0.1:5000/api/v1";
const e2eUri = process.env.E2E_MONGODB_URI;
const enabled = !!(process.env.FIREBASE_AUTH_EMULATOR_HOST && e2eUri);

interface SseEvent {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
  retry?: number;
}

/**
 * Reads a text/event-stream response block by block as the bytes arrive, so a test can act between
 * events (and so learn whether anything on the way buffers the response).
 */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: SseEvent[] = [];
  let pending = "";
  let ended = false;
  const parse = (block: string): SseEvent => {
    const e: SseEvent = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) e.comment = line.slice(1).trim();
      else if (line.startsWith("id: ")) e.id = line.slice(4);
      else if (line.startsWith("event: ")) e.event = line.slice(7);
      else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
      else if (line.startsWith("retry: ")) e.retry = Number(line.slice(7));
    }
    return e;
  };
  /** Reads until an event matching `match` arrives (returns it) or the stream ends (returns undefined). */
  async function until(match: (e: SseEvent) => boolean): Promise<SseEvent | undefined> {
    for (;;) {
      const blocks = pending.split("\n\n");
      pending = blocks.pop()!;
      for (const block of blocks) {
        const e = parse(block);
        seen.push(e);
        if (match(e)) return e;
      }
      if (ended) return undefined;
      const { done, value } = await reader.read();
      if (done) ended = true;
      else pending += decoder.decode(value, { stream: true });
    }
  }
  return { seen, until, toEnd: () => until(() => false) };
}

describeIf(enabled, "the emulators are not running (run the suite with npm test)", "through Hosting + Functions + Auth emulators", () => {
  let mongo: MongoClient;
  beforeAll(async () => {
    mongo = new MongoClient(e2eUri!);
    await mongo.connect();
  });
  afterAll(async () => {
    await mongo
      .db()
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });

  it("serves the public health endpoint", async () => {
    const res = await request(BASE, "GET", "/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", environment: "development" });
  }, 60_000);

  it("creates and updates the caller's profile in MongoDB with a real ID token", async () => {
    const user = await createUser("e2e");
    const first = await request(BASE, "GET", "/users/me", { token: user.idToken });
    expect(first.status).toBe(200);
    expect(first.json.uid).toBe(user.uid);
    const patched = await request(BASE, "PATCH", "/users/me", { token: user.idToken, body: { timezone: "Europe/Paris" } });
    expect(patched.status).toBe(200);
    const doc = await mongo.db().collection("users").findOne({ uid: user.uid });
    expect(doc).toMatchObject({ uid: user.uid, timezone: "Europe/Paris" });
  }, 60_000);

  it("rejects bad input and missing tokens with the uniform error body", async () => {
    const user = await createUser("e2e-bad");
    expectErrorBody(await request(BASE, "PATCH", "/users/me", { token: user.idToken, body: { role: "admin" } }), 400, "validation_failed");
    expectErrorBody(await request(BASE, "GET", "/users/me"), 401, "unauthenticated");
    expectErrorBody(await request(BASE, "POST", "/health"), 405, "method_not_allowed");
    expectErrorBody(await request(BASE, "GET", "/no/such/thing"), 404, "not_found");
  }, 60_000);

  it("routes path parameters through the Hosting rewrites to the admin functions", async () => {
    const [admin, target] = await Promise.all([createUserWithRoles(["admin"], "e2e-admin"), createUser("e2e-target")]);
    const read = await request(BASE, "GET", `/admin/users/${target.uid}`, { token: admin.idToken });
    expect(read.status).toBe(200);
    expect(read.json.auth.email).toBe(target.email);
    const set = await request(BASE, "POST", `/admin/users/${target.uid}/roles`, {
      token: admin.idToken,
      body: { roles: ["support"], reason: "e2e check" },
    });
    expect(set.json).toEqual({ uid: target.uid, roles: ["support"], sessionsRevoked: false });
    expectErrorBody(await request(BASE, "GET", `/admin/users/${admin.uid}`, { token: target.idToken }), 403, "forbidden");
  }, 60_000);

  it("credits a user from signed webhooks of all three providers (the demo script), once each", async () => {
    const buyer = await createUser("e2e-buyer");
    const send = (provider: string, sku: string) =>
      execFileSync(
        process.execPath,
        [
          path.resolve(__dirname, "../../scripts/send-demo-webhook.mjs"),
          provider,
          "--sku",
          sku,
          "--uid",
          buyer.uid,
          "--base",
          BASE,
          "--mongodb-uri",
          e2eUri!,
        ],
        {
          encoding: "utf8",
        },
      );
    expect(send("stripe", "credits_1000")).toContain("→ 200");
    expect(send("razorpay", "credits_5000")).toContain("→ 200");
    expect(send("paddle", "credits_1000")).toContain("→ 200");
    const balance = await request(BASE, "GET", "/billing/balance", { token: buyer.idToken });
    expect(balance.json).toMatchObject({ credits: 7_000, reserved: 0, restricted: false });
    const ledger = await request(BASE, "GET", "/billing/ledger", { token: buyer.idToken });
    expect(ledger.json.entries.map((e: { type: string }) => e.type)).toEqual(["purchase", "purchase", "purchase"]);
    // Three cold webhook functions in the emulator, one after the other: seconds each on a busy 2-core machine.
  }, 180_000);

  describe("the notifications stream (Server-Sent Events) through the Hosting emulator's rewrite", () => {
    // The outbox dispatcher is a scheduled function, and the Pub/Sub emulator that would trigger it cannot run
    // here: the test runs the same dispatcher (schedules/notifications-dispatch.ts) itself, on the e2e database.
    let restore: () => void = () => undefined;
    beforeAll(() => {
      restore = overrideServicesForTests({ db: async () => mongo.db() });
    });
    afterAll(() => restore());
    const dispatch = () => dispatchNotifications(`e2e-${Math.random()}`, services, { budgetMs: 20_000, untilIdle: true });
    const sendStripePurchase = (uid: string, sku: string) =>
      promisify(execFile)(
        process.execPath,
        [
          path.resolve(__dirname, "../../scripts/send-demo-webhook.mjs"),
          "stripe",
          "--sku",
          sku,
          "--uid",
          uid,
          "--base",
          BASE,
          "--mongodb-uri",
          e2eUri!,
        ],
        { encoding: "utf8" },
      ).then((r) => r.stdout);
    const openStream = (idToken: string, maxSeconds: number, lastEventId?: string) =>
      fetch(`${BASE}/notifications/stream?maxSeconds=${maxSeconds}`, {
        headers: {
          authorization: `Bearer ${idToken}`,
          accept: "text/event-stream",
          ...(lastEventId ? { "last-event-id": lastEventId } : {}),
        },
      });
    const credits = (e: SseEvent | undefined) => (e?.data as { data?: { credits?: number } } | undefined)?.data?.credits;

    it("streams a purchase's notification while open (Hosting does not buffer), heartbeats, ends with a retry hint, and resumes from Last-Event-ID", async () => {
      const buyer = await createUser("e2e-sse");
      // The fact (a signed Stripe payment, through Hosting to the webhook function) is recorded before the stream
      // opens; its notification enters the feed only when the dispatcher fans it out, after the stream started.
      expect(await sendStripePurchase(buyer.uid, "credits_1000")).toContain("→ 200");

      // 17 s: long enough for one 15 s heartbeat.
      const maxSeconds = 17;
      const opened = performance.now();
      const res = await openStream(buyer.idToken, maxSeconds);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const stream = sseReader(res);
      const ready = await stream.until((e) => e.event === "ready");
      // Reaching here while the stream is still open is the proof that Hosting passes the response through as it
      // is written: a proxy buffering the whole response would deliver `ready` only when the stream ends, after
      // which nothing below could appear in it.
      expect(ready).toMatchObject({ event: "ready", data: { unread: 0 } });
      expect(stream.seen[0]).toEqual({ retry: 3000 });

      await dispatch();
      const note = await stream.until((e) => e.event === "notification");
      expect(note?.data).toMatchObject({ type: "credits.purchased", category: "credits", unread: 1 });
      expect(credits(note)).toBe(1_000);
      expect(await stream.until((e) => e.comment === "keep-alive")).toBeDefined();
      const end = await stream.until((e) => e.comment?.startsWith("stream ends") ?? false);
      expect(end?.comment).toBe("stream ends; reconnect in 3000 ms with Last-Event-ID");
      expect(await stream.toEnd()).toBeUndefined(); // the response really ends, bounded by maxSeconds
      expect(performance.now() - opened).toBeGreaterThanOrEqual(maxSeconds * 1000);
      expect(stream.seen.filter((e) => e.event === "notification")).toHaveLength(1);

      // While disconnected a second purchase enters the feed; reconnecting from the first one's id
      // (what EventSource sends as Last-Event-ID) delivers the second only.
      expect(await sendStripePurchase(buyer.uid, "credits_5000")).toContain("→ 200");
      await dispatch();
      const resumed = sseReader(await openStream(buyer.idToken, 5, note!.id));
      await resumed.toEnd();
      const missed = resumed.seen.filter((e) => e.event === "notification");
      expect(missed.map(credits)).toEqual([5_000]);
      expect(missed[0].data).toMatchObject({ type: "credits.purchased", unread: 2 });
      expect(resumed.seen.at(-1)?.comment).toMatch(/^stream ends/);

      // A position this API did not hand out is refused before any streaming, with the uniform error body.
      expectErrorBody(
        await request(BASE, "GET", "/notifications/stream", { token: buyer.idToken, headers: { "last-event-id": "forged" } }),
        400,
        "invalid_cursor",
      );
    }, 120_000);
  });
});
