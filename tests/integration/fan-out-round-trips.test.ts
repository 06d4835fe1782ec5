import { recordEvent } from "../../functions/src/core/events/record-event";
import { FANOUT_BATCH, fanOutBatch } from "../../functions/src/core/notifications/fan-out";
import { newEndpointId } from "../../functions/src/core/outgoing-webhooks/webhook-endpoints-store";
import { services } from "../../functions/src/services";
import { countCommands, type CommandLog } from "../support/command-counter";
import { useTestDatabase } from "../support/db";

/**
 * The outbox fan-out works in batches: the MongoDB round trips of one step must not depend on how
 * many events it handles, so round trips per event fall as the batch grows. Counted with the
 * driver's command monitoring (getMore included: a step must not need a second batch of a cursor).
 * bench/notifications.mjs shows what this buys at 200 events/s.
 */
// The claim: events find (the batch's last position), events update (claim up to it), events find
// (what the token holds); notification_preferences find, push_devices find, webhook_endpoints find;
// notifications insert, push_deliveries insert, webhook_messages insert; events update (done).
const ROUND_TRIPS_PER_BATCH = 10;

const testDb = useTestDatabase("fan_out_round_trips");
const USERS = 10;
const uid = (k: number) => `rt-fanout-user-${k}`;
let seq = 0;

async function record(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const k = seq++;
    await recordEvent(services, {
      type: "payment.succeeded",
      dedupeKey: `rt:fanout:${k}`,
      occurredAt: services.now(),
      subject: { uid: uid(k % USERS) },
      data: { provider: "stripe", paymentId: `rt-${k}`, sku: "credits_1000", kind: "credits", credits: 1000, amount: 500, currency: "USD" },
    });
  }
}

async function step(n: number): Promise<CommandLog & { events: number }> {
  await record(n);
  const { result, ...log } = await countCommands(() => fanOutBatch(services, n), { getMore: true });
  expect(result).toEqual({ events: n, notifications: n, pushes: expect.any(Number), messages: n });
  return { ...log, events: result.events };
}

beforeAll(async () => {
  // Every user has a webhook endpoint and preferences; every other one a phone.
  const endpoints = await services.store("webhookEndpoints");
  const prefs = await services.store("notificationPreferences");
  const devices = await services.store("pushDevices");
  const now = services.now();
  for (let k = 0; k < USERS; k++) {
    await endpoints.create({
      _id: newEndpointId(),
      owner_uid: uid(k),
      team_id: null,
      url: `https://hooks.example.com/${k}`,
      event_types: ["credits.purchased"],
      description: "",
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      secrets: [{ id: `sec_${k}`, key: Buffer.alloc(32, k).toString("base64"), created_at: now, expires_at: null }],
      failing_since: null,
      created_by: uid(k),
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await prefs.update(uid(k), { lowBalanceThreshold: 50 });
    if (k % 2 === 0) await devices.register(uid(k), `fcm-token-${k}-${"x".repeat(40)}`, "android", 10);
  }
  // Warm: lazy imports and the connection.
  await step(1);
}, 60_000);

let sizes: Record<number, CommandLog> | undefined;

describe("outbox fan-out round trips", () => {
  const at = (n: number) => sizes![n];
  beforeAll(async () => {
    sizes = { 2: await step(2), 20: await step(20), [FANOUT_BATCH]: await step(FANOUT_BATCH) };
  }, 120_000);

  it(`makes at most ${ROUND_TRIPS_PER_BATCH} round trips for a full batch of ${FANOUT_BATCH} events`, () => {
    const { count, commands } = at(FANOUT_BATCH);
    // The list shows in the failure message: which command was added.
    expect({ count, commands }).toEqual({ count: Math.min(count, ROUND_TRIPS_PER_BATCH), commands });
    expect(count / FANOUT_BATCH).toBeLessThanOrEqual(0.05);
  });

  it("makes the same round trips for 2, 20 or 200 events: per event, they fall as the batch grows", () => {
    expect(at(20).commands).toEqual(at(2).commands);
    expect(at(FANOUT_BATCH).commands).toEqual(at(2).commands);
  });

  it("wrote each event's notification, push delivery and webhook message once", async () => {
    const db = await testDb.db();
    const events = 1 + 2 + 20 + FANOUT_BATCH;
    expect(await db.collection("notifications").countDocuments()).toBe(events);
    expect(await db.collection("webhook_messages").countDocuments()).toBe(events);
    // Users with an even number have a phone; events go round-robin over the users.
    expect(await db.collection("push_deliveries").countDocuments()).toBe(
      Array.from({ length: events }, (_, k) => k % USERS).filter((k) => k % 2 === 0).length,
    );
    expect(await db.collection("events").countDocuments({ dispatch_pending: true })).toBe(0);
  });
});

afterAll(() => {
  if (process.env.TEST_LOGS)
    for (const [n, log] of Object.entries(sizes ?? {})) console.log(`fan-out of ${n}: ${log.count}\n  ${log.commands.join("\n  ")}`);
});
