import { recordEvent } from "../../functions/src/core/events/record-event";
import { setLogSink, type LogFields } from "../../functions/src/platform/logger";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { createUser } from "../support/auth-emulator";
import { request } from "../support/http";
import { createTeam, createVerifiedUser } from "../support/teams";
import {
  deliver,
  ids,
  paddleEvent,
  paddleTransaction,
  stripeChargeRefunded,
  stripeCheckoutPayment,
  stripeEvent,
  useWebhookApi,
} from "../support/webhook-events";

/**
 * The facts the product records once each in `events` (core/events): by the code that makes the fact
 * true, keyed by the fact's own idempotency key, so a redelivered webhook or a repeated call records
 * nothing new; and never at the cost of the caller's request.
 */
const api = useWebhookApi("domain_events");
const events = async (filter: Record<string, unknown>) => (await api.db()).collection("events").find(filter).sort({ _id: 1 }).toArray();

describe("payments", () => {
  it("records one payment.succeeded per credited payment, whatever the number of deliveries", async () => {
    const uid = ids.uid();
    const pi = ids.of("pi");
    const event = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid, sku: "credits_5000", paymentIntent: pi, amount: 2000 }),
    );
    for (let i = 0; i < 3; i++) expect((await deliver(api.baseUrl, event)).status).toBe(200);
    const recorded = await events({ uid, type: "payment.succeeded" });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      dedupe_key: `stripe:payment:${pi}:credit`,
      data: { provider: "stripe", paymentId: pi, sku: "credits_5000", kind: "credits", credits: 5000, amount: 2000, currency: "USD" },
    });
  });

  it("records payment.reversed for a refund with the credits taken back", async () => {
    const uid = ids.uid();
    const pi = ids.of("pi");
    await deliver(
      api.baseUrl,
      stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 })),
    );
    await deliver(
      api.baseUrl,
      stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 250 })),
    );
    expect((await events({ uid, type: "payment.reversed" })).map((e) => e.data)).toEqual([
      { provider: "stripe", paymentId: pi, kind: "refund", credits: 500 },
    ]);
  });

  it("records payment.held, and no payment.succeeded, for a payment nobody our server knows made", async () => {
    const txn = ids.of("txn");
    const d = paddleEvent(
      "transaction.completed",
      paddleTransaction({ id: txn, sku: "credits_1000", customData: { uid: ids.uid(), sku: "credits_20000" } }),
    );
    expect((await deliver(api.baseUrl, d)).status).toBe(200);
    const held = await events({ type: "payment.held", "data.paymentId": txn });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ uid: null, data: { provider: "paddle", reason: expect.any(String) } });
    expect(await events({ type: "payment.succeeded", "data.paymentId": txn })).toEqual([]);
  });
});

describe("accounts and teams", () => {
  it("records user.signed_up and the free allowance once, on the first profile call of the month", async () => {
    const user = await createUser("events");
    for (let i = 0; i < 2; i++) expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).status).toBe(200);
    // Sorted by type: event ids derive from dedupe keys, so their order says nothing about time.
    expect(
      (await events({ uid: user.uid }))
        .map((e) => [e.type, e.data.source ?? null])
        .sort((a, b) => String(b[0]).localeCompare(String(a[0]))),
    ).toEqual([
      ["user.signed_up", null],
      ["credits.granted", "free_allowance"],
    ]);
  });

  it("records team.invitation_created for the invitee's account, never with the invitation token", async () => {
    const owner = await createVerifiedUser("events-owner");
    const invitee = await createVerifiedUser("events-invitee");
    const teamId = await createTeam(api.baseUrl, owner);
    const res = await request(api.baseUrl, "POST", `/teams/${teamId}/invitations`, {
      token: owner.idToken,
      body: { email: invitee.email, role: "editor" },
    });
    expect(res.status).toBe(201);
    const [event] = await events({ type: "team.invitation_created", uid: invitee.uid });
    expect(event).toMatchObject({ team_id: teamId, data: { teamId, email: invitee.email, role: "editor", invitedBy: owner.uid } });
    expect(JSON.stringify(event)).not.toContain(res.json.token);
  });
});

describe("recordEvent", () => {
  const input = (dedupeKey: string) => ({
    type: "credits.granted" as const,
    dedupeKey,
    occurredAt: new Date(),
    subject: { uid: "event-test-user" },
    data: { source: "admin" as const, credits: 5, expiresAt: null },
  });
  let lines: { event: string; fields: LogFields }[];
  beforeEach(() => {
    lines = [];
    setLogSink((_level, event, fields) => lines.push({ event, fields }));
  });
  afterEach(() => setLogSink(undefined));

  it("never fails the caller: a store that keeps failing is retried three times, then logged as lost", async () => {
    let attempts = 0;
    const restore = overrideServicesForTests({
      store: (async () => ({
        record: async () => {
          attempts++;
          throw new Error("database down");
        },
      })) as never,
    });
    try {
      await expect(recordEvent(services, input("lost-1"))).resolves.toBeUndefined();
    } finally {
      restore();
    }
    expect(attempts).toBe(3);
    expect(lines.filter((l) => l.event === "domain_event_lost")).toHaveLength(1);
  });

  it("refuses data that breaks its type's schema (logged), and records nothing", async () => {
    await recordEvent(services, { ...input("bad-1"), data: { source: "admin", credits: 1.5, expiresAt: null } });
    expect(lines.map((l) => l.event)).toContain("domain_event_invalid");
    expect(await events({ dedupe_key: "bad-1" })).toEqual([]);
  });

  it("records a key once under concurrent calls", async () => {
    await Promise.all(Array.from({ length: 20 }, () => recordEvent(services, input("once-1"))));
    expect(await events({ dedupe_key: "once-1" })).toHaveLength(1);
  });
});
