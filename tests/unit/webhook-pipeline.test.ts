import type { PaymentEvent } from "../../functions/src/core/payments/payment-event";
import { PayloadError } from "../../functions/src/core/payments/payload-reader";
import type { ClaimResult, WebhookEventDoc, WebhookEventsStore } from "../../functions/src/core/payments/webhook-events-store";
import {
  runWebhookPipeline,
  webhookHandler,
  type PipelineDeps,
  type WebhookAdapter,
} from "../../functions/src/core/payments/webhook-pipeline";
import { HttpError } from "../../functions/src/platform/http-error";
import { setLogLevel, setLogSink, type LogFields, type LogLevel } from "../../functions/src/platform/logger";
import type { OperationContext } from "../../functions/src/platform/operation";

/** The pipeline's decisions, with a fake adapter and an in-memory event store (no database). */

class MemoryEvents implements WebhookEventsStore {
  docs = new Map<string, WebhookEventDoc>();
  failures: string[] = [];
  async claim(
    eventId: string,
    meta: { provider: "stripe"; type: string; payloadHash: string },
    now: Date,
    leaseMs: number,
  ): Promise<ClaimResult> {
    const doc = this.docs.get(eventId);
    const token = `t${Math.random()}`;
    if (!doc || doc.state === "failed" || doc.state === "received" || (doc.state === "processing" && doc.lease_until! <= now)) {
      const next: WebhookEventDoc = {
        event_id: eventId,
        provider: meta.provider,
        type: meta.type,
        payload_hash: doc?.payload_hash ?? meta.payloadHash,
        state: "processing",
        attempts: (doc?.attempts ?? 0) + 1,
        lease_until: new Date(now.getTime() + leaseMs),
        lease_token: token,
        created_at: doc?.created_at ?? now,
        updated_at: now,
      };
      this.docs.set(eventId, next);
      return { claimed: true, token, attempts: next.attempts, payloadHash: next.payload_hash };
    }
    return { claimed: false, state: doc.state, leaseUntil: doc.lease_until, payloadHash: doc.payload_hash };
  }
  async find(eventId: string) {
    return this.docs.get(eventId) ?? null;
  }
  async markDone(eventId: string, result: { outcome: WebhookEventDoc["outcome"]; reason?: string }) {
    Object.assign(this.docs.get(eventId)!, { state: "done", ...result });
  }
  async markFailed(eventId: string, _token: string, error: string) {
    this.failures.push(error);
    Object.assign(this.docs.get(eventId)!, { state: "failed", last_error: error });
  }
}

const now = new Date("2026-11-20T00:00:00Z");

function adapter(
  event: Partial<PaymentEvent> & { kind: PaymentEvent["kind"] },
  opts: { verifyFails?: boolean; envelopeFails?: boolean; normalizeFails?: boolean } = {},
): WebhookAdapter {
  return {
    provider: "stripe",
    async verify(raw) {
      if (opts.verifyFails) throw new Error("bad signature");
      return JSON.parse(raw.toString());
    },
    envelope() {
      if (opts.envelopeFails) throw new PayloadError("id is missing or not a string");
      return { eventId: "evt_1", type: "x.y", occurredAt: now };
    },
    normalize(_payload, envelope) {
      if (opts.normalizeFails) throw new PayloadError("data.object.amount is missing or not an integer");
      return { provider: "stripe", ...envelope, ...event } as PaymentEvent;
    },
  };
}

function deps(events = new MemoryEvents(), extra: Partial<PipelineDeps> = {}): PipelineDeps {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error("not expected in this test")) });
  return {
    events,
    ledger: unused as never,
    payments: unused as never,
    subscriptions: unused as never,
    checkouts: unused as never,
    tiers: unused as never,
    now: () => now,
    facts: async () => undefined,
    ...extra,
  };
}

const input = (body = '{"a":1}') => ({ raw: Buffer.from(body), headers: {}, secret: "s", receivedAt: now });

let logs: { level: LogLevel; event: string; fields: LogFields }[];
beforeEach(() => {
  logs = [];
  setLogLevel("debug");
  setLogSink((level, event, fields) => logs.push({ level, event, fields }));
});
afterEach(() => {
  setLogSink(undefined);
  setLogLevel("error");
});

it("rejects a bad signature with 400 invalid_signature, one log line, and never builds its dependencies", async () => {
  const factory = jest.fn(async () => deps());
  const err = await runWebhookPipeline(adapter({ kind: "ignored" }, { verifyFails: true }), input(), factory).catch((e) => e);
  expect(err).toBeInstanceOf(HttpError);
  expect(err).toMatchObject({ status: 400, code: "invalid_signature" });
  expect(factory).not.toHaveBeenCalled();
  expect(logs.map((l) => [l.level, l.event])).toEqual([["warn", "webhook_signature_invalid"]]);
  expect(logs[0].fields).toMatchObject({ provider: "stripe", reason: "bad signature" });
});

it("rejects a signed body that is not an event (no id) with 400 invalid_payload", async () => {
  await expect(
    runWebhookPipeline(adapter({ kind: "ignored" }, { envelopeFails: true }), input(), async () => deps()),
  ).rejects.toMatchObject({ status: 400, code: "invalid_payload" });
});

it("records a known event it cannot read as done/unprocessable and reports it at error level", async () => {
  const events = new MemoryEvents();
  await expect(
    runWebhookPipeline(adapter({ kind: "ignored" }, { normalizeFails: true }), input(), async () => deps(events)),
  ).resolves.toEqual({ received: true });
  expect(events.docs.get("stripe:evt_1")).toMatchObject({
    state: "done",
    outcome: "unprocessable",
    reason: expect.stringContaining("amount"),
  });
  expect(logs.find((l) => l.event === "payment_event_unattributable")?.level).toBe("error");
});

it("records a subscription state nobody can be attributed to as done/unattributable (the provider stops retrying), at error level", async () => {
  const events = new MemoryEvents();
  const event = {
    kind: "subscription_changed" as const,
    subscriptionId: "sub_1",
    status: "active" as const,
    version: 1,
    checkoutRefs: [],
    trusted: {},
    // A browser-set uid never attributes anything.
    claimed: { uid: "someone" },
  };
  const none = { find: async () => null, findByProviderId: async () => null };
  await expect(
    runWebhookPipeline(adapter(event), input(), async () => deps(events, { subscriptions: none as never, checkouts: none as never })),
  ).resolves.toEqual({ received: true });
  expect(events.docs.get("stripe:evt_1")).toMatchObject({
    state: "done",
    outcome: "unattributable",
    reason: expect.stringContaining("subscriber"),
  });
  expect(logs.find((l) => l.event === "payment_event_unattributable")).toMatchObject({
    level: "error",
    fields: { eventId: "evt_1", provider: "stripe" },
  });
});

it("acknowledges a duplicate of a done event at once", async () => {
  const events = new MemoryEvents();
  await runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events));
  await expect(runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events))).resolves.toEqual({ received: true });
  expect(events.docs.get("stripe:evt_1")!.attempts).toBe(1);
  expect(logs.some((l) => l.event === "payment_event_duplicate")).toBe(true);
});

it("waits for the attempt in progress and acknowledges when it finishes", async () => {
  const events = new MemoryEvents();
  await events.claim("stripe:evt_1", { provider: "stripe", type: "x.y", payloadHash: "h" }, now, 60_000);
  setTimeout(() => void events.markDone("stripe:evt_1", { outcome: "applied" }), 120);
  await expect(
    runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events, { inProgressWaitMs: 2_000 })),
  ).resolves.toEqual({ received: true });
});

it("answers 409 event_in_progress with Retry-After when the other attempt does not finish in time", async () => {
  const events = new MemoryEvents();
  await events.claim("stripe:evt_1", { provider: "stripe", type: "x.y", payloadHash: "h" }, now, 60_000);
  const err = await runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events, { inProgressWaitMs: 100 })).catch(
    (e) => e,
  );
  expect(err).toMatchObject({ status: 409, code: "event_in_progress", headers: { "Retry-After": "60" } });
});

it("warns when a redelivery carries another payload under the same event id", async () => {
  const events = new MemoryEvents();
  await events.claim("stripe:evt_1", { provider: "stripe", type: "x.y", payloadHash: "other" }, now, 60_000);
  await events.markFailed("stripe:evt_1", "", "earlier failure");
  await runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events));
  expect(logs.find((l) => l.event === "webhook_payload_changed")?.level).toBe("warn");
});

it("marks the event failed with the error and rethrows it (the provider retries)", async () => {
  const events = new MemoryEvents();
  const fault = async (step: string) => {
    if (step === "before_done") throw new Error("disk on fire");
  };
  await expect(runWebhookPipeline(adapter({ kind: "ignored" }), input(), async () => deps(events, { faultAt: fault }))).rejects.toThrow(
    "disk on fire",
  );
  expect(events.docs.get("stripe:evt_1")).toMatchObject({ state: "failed", last_error: "Error: disk on fire" });
  expect(logs.find((l) => l.event === "payment_event_failed")?.level).toBe("error");
});

it("answers 500 config_invalid when the function's webhook secret is not set", async () => {
  const handler = webhookHandler(
    async () => adapter({ kind: "ignored" }),
    () => "",
  );
  const ctx = { raw: { body: Buffer.from("{}"), headers: {} }, requestId: "r1" } as unknown as OperationContext;
  await expect(handler(ctx)).rejects.toMatchObject({ status: 500, code: "config_invalid" });
});
