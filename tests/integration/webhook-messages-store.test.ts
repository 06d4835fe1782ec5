import { ObjectId, type Db } from "mongodb";
import { newMessage } from "../../functions/src/core/outgoing-webhooks/webhook-payload";
import {
  ATTEMPTS_KEPT,
  WebhookMessagesStore,
  type WebhookMessageDoc,
} from "../../functions/src/core/outgoing-webhooks/webhook-messages-store";
import { useTestDatabase } from "../support/db";

/**
 * The delivery log kept on each message: one update ends an attempt and logs it; a claim is taken
 * only on the message as it was read, so an attempt a dead dispatcher left in flight is logged once,
 * as interrupted, by the claim after it; the log keeps the last ATTEMPTS_KEPT attempts.
 */
const testDb = useTestDatabase("webhook_messages_store");
let db: Db;
let t = Date.parse("2026-11-30T10:00:00Z");
const store = () => new WebhookMessagesStore(db, () => new Date(t));
const LEASE = 60_000;
const attempt = (status: number) => ({
  url: "https://hooks.example.com/a",
  status_code: status,
  latency_ms: 12,
  response_body: "ok",
  error: null,
});

beforeAll(async () => {
  db = await testDb.db();
});

async function freshMessage(): Promise<WebhookMessageDoc> {
  const m = newMessage(
    { _id: new ObjectId(), owner_uid: "u1", team_id: null },
    { key: `k-${new ObjectId().toHexString()}`, type: "credits.purchased", occurredAt: new Date(t), data: {} as never, eventId: null },
    new Date(t),
  );
  expect(await store().create(m)).toBe(true);
  return m;
}

const due = async (id: ObjectId) => (await store().due([], 1000)).filter((m) => m._id.equals(id));

it("a claim, then one update that ends the attempt and logs it", async () => {
  const m = await freshMessage();
  const [claimed] = await store().claimMany(await due(m._id), "tok-1", LEASE);
  expect(claimed).toMatchObject({ attempts: 1, state: "sending", interrupted: null });
  t += 250;
  expect(await store().settle(claimed, "tok-1", { state: "pending", retryAt: new Date(t + 5_000) }, attempt(500))).toBe(true);
  const doc = (await store().find(m._id))!;
  expect(doc).toMatchObject({ state: "pending", attempts: 1, last_status_code: 500 });
  expect(doc.attempt_log).toEqual([
    {
      n: 1,
      trigger: "scheduled",
      state: "failed",
      url: "https://hooks.example.com/a",
      started_at: new Date(t - 250),
      finished_at: new Date(t),
      status_code: 500,
      latency_ms: 12,
      response_body: "ok",
      error: null,
    },
  ]);
  // The list leaves the log (and the body) out.
  const [listed] = await store().listOf(m.endpoint_id, undefined, 10);
  expect(listed).not.toHaveProperty("attempt_log");
  expect(listed).not.toHaveProperty("body");
});

it("an attempt whose dispatcher died is logged interrupted by the next claim, once; the dead dispatcher's late settle changes nothing", async () => {
  const m = await freshMessage();
  const [first] = await store().claimMany(await due(m._id), "dead", LEASE);
  const claimedAt = new Date(t);
  t += LEASE; // its lease has run out
  const [second] = await store().claimMany(await due(m._id), "next", LEASE);
  expect(second).toMatchObject({ attempts: 2, interrupted: { n: 1, started_at: claimedAt, trigger: "scheduled" } });
  // The dead one comes back: its lease is gone, nothing is written.
  expect(await store().settle(first, "dead", { state: "succeeded" }, attempt(200))).toBe(false);
  t += 100;
  expect(await store().settle(second, "next", { state: "succeeded" }, attempt(200))).toBe(true);
  const doc = (await store().find(m._id))!;
  expect(doc.attempt_log.map((a) => [a.n, a.state, a.status_code, a.started_at.getTime()])).toEqual([
    [1, "interrupted", null, claimedAt.getTime()],
    [2, "succeeded", 200, claimedAt.getTime() + LEASE],
  ]);
  expect(doc).toMatchObject({ state: "succeeded", attempts: 2, succeeded_at: new Date(t) });
});

it("a claim from a stale read takes nothing: the message was claimed (and its attempt counted) since", async () => {
  const m = await freshMessage();
  const read = await due(m._id);
  const [won] = await store().claimMany(read, "a", LEASE);
  expect(await store().settle(won, "a", { state: "pending", retryAt: new Date(t) }, attempt(503))).toBe(true);
  // Due again, but not as `read` saw it (attempts 0): the stale claim must not count an attempt twice.
  expect(await store().claimMany(read, "b", LEASE)).toEqual([]);
  const [fresh] = await store().claimMany(await due(m._id), "c", LEASE);
  expect(fresh).toMatchObject({ attempts: 2, interrupted: null });
});

it("of several candidates, returns those this claim got, each with what was read of it", async () => {
  const [a, b] = [await freshMessage(), await freshMessage()];
  const [readA] = await due(a._id);
  const [readB] = await due(b._id);
  await store().claimMany([readB], "other", LEASE); // another dispatcher took b
  const got = await store().claimMany([readA, readB], "mine", LEASE);
  expect(got.map((m) => [m._id.toHexString(), m.lease_token, m.attempts, m.interrupted])).toEqual([[a._id.toHexString(), "mine", 1, null]]);
});

it(`keeps the last ${ATTEMPTS_KEPT} attempts, oldest first`, async () => {
  const m = await freshMessage();
  const total = ATTEMPTS_KEPT + 3;
  for (let i = 0; i < total; i++) {
    const [c] = await store().claimMany(await due(m._id), `t${i}`, LEASE);
    t += 10;
    await store().settle(c, `t${i}`, { state: "pending", retryAt: new Date(t) }, attempt(500 + (i % 4)));
  }
  const doc = (await store().find(m._id))!;
  expect(doc.attempts).toBe(total);
  expect(doc.attempt_log.map((a) => a.n)).toEqual(Array.from({ length: ATTEMPTS_KEPT }, (_, i) => i + 4));
  expect(doc.attempt_log.at(-1)!.status_code).toBe(500 + ((total - 1) % 4));
});
