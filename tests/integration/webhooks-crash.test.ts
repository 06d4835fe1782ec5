import type { Db } from "mongodb";
import type { WebhookEventsStore } from "../../functions/src/core/payments/webhook-events-store";
import { overrideServicesForTests, services, type Services } from "../../functions/src/services";
import type { StoreName } from "../../functions/src/stores";
import { startApi, type ApiServer } from "../support/api-server";
import { useTestDatabase } from "../support/db";
import { expectErrorBody } from "../support/http";
import {
  deliver,
  ids,
  ledgerOf,
  paddleAdjustment,
  paddleEvent,
  paddleSubscription,
  paddleTransaction,
  recordCheckout,
  razorpayEvent,
  razorpayOrder,
  razorpayPayment,
  razorpaySubscription,
  stripeChargeRefunded,
  stripeCheckoutPayment,
  stripeCheckoutSubscription,
  stripeDispute,
  stripeEvent,
  stripeInvoice,
  stripeSubscription,
  useWebhookPrices,
  useWebhookSecrets,
  type Delivery,
  type Provider,
} from "../support/webhook-events";

/**
 * Crash injection: for every step boundary of the pipeline (and the ledger's own, and inside the
 * multi-write steps: between a profile's tier and its claim, between a reversal's ledger entry and
 * its count on the payment), a delivery fails there, then the provider's redelivery must leave
 * exactly the state a clean delivery leaves.
 * Two kinds of failure: an error (the attempt marks the event failed; the redelivery reclaims it at
 * once) and a crash (the process dies holding the lease: a redelivery before the lease expires is
 * told 409, one after it completes the event). The deployed webhook functions run as exported;
 * the test swaps, through the services (STYLE rule 9), the clock, the fault hook and, for a crash,
 * the events store of the dying attempt.
 */
const testDb = useTestDatabase("webhooks_crash");

const control = {
  faultAt: undefined as string | undefined,
  fired: false,
  /** A crash: the dying attempt cannot record anything. */
  hard: false,
  offsetMs: 0,
  steps: [] as string[],
};
const clock = () => new Date(Date.now() + control.offsetMs);

function fault(step: string): void {
  control.steps.push(step);
  if (step === control.faultAt && !control.fired) {
    control.fired = true;
    throw new Error(`injected failure at ${step}`);
  }
}

/** The real stores, except that a crashed attempt's events store cannot record its failure. */
const realStore = services.store;
const store = (async (name: StoreName) => {
  const real = await realStore(name);
  if (name !== "webhookEvents") return real;
  const events = real as WebhookEventsStore;
  const dying: WebhookEventsStore = {
    claim: (...a) => events.claim(...a),
    find: (...a) => events.find(...a),
    markDone: (...a) => events.markDone(...a),
    markFailed: (...a) => (control.hard ? Promise.resolve() : events.markFailed(...a)),
  };
  return dying;
}) as Services["store"];

let api: ApiServer;
let restore: () => void;
beforeAll(async () => {
  useWebhookSecrets();
  useWebhookPrices();
  // A crashed attempt never finishes: a duplicate need not wait for it before answering 409.
  restore = overrideServicesForTests({ now: clock, store, faults: { at: fault, inProgressWaitMs: 0 } });
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  restore();
});

const DAY = 86_400_000;

interface Scenario {
  /** Run first: what our server recorded before the provider's events (a checkout). */
  setup?(db: Db): Promise<unknown>;
  /** Delivered cleanly first (the payment a refund refers to). */
  before: Delivery[];
  target: Delivery;
  /** Every id the scenario made up, replaced by a placeholder when comparing states. */
  names: Record<string, string>;
}

type Flow = { name: string; provider: Provider; steps: string[]; make(uid: string): Scenario };

const PAY = ["verified", "claimed", "effect:payment", "ledger:account_updated", "ledger:entry_inserted", "effect:credit", "before_done"];
const PAY_WITH_STATE = [...PAY.slice(0, -1), "effect:subscription", "tier:profile_updated", "effect:tier", "before_done"];
const SUB = ["verified", "claimed", "effect:subscription", "tier:profile_updated", "effect:tier", "before_done"];
const REVERSAL = (recorded: string) => [
  "verified",
  "claimed",
  recorded,
  "ledger:account_updated",
  "ledger:entry_inserted",
  "effect:reversal_ledger",
  "effect:reversal",
  "before_done",
];

const flows: Flow[] = [
  {
    name: "stripe credit pack",
    provider: "stripe",
    steps: PAY,
    make: (uid) => {
      const pi = ids.of("pi");
      return {
        before: [],
        target: stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi })),
        names: { [pi]: "PI" },
      };
    },
  },
  {
    name: "stripe subscription period (invoice.paid)",
    provider: "stripe",
    steps: PAY,
    make: (uid) => {
      const [inv, sub] = [ids.of("in"), ids.of("sub")];
      const start = new Date("2026-11-01T00:00:00Z");
      const target = stripeEvent(
        "invoice.paid",
        stripeInvoice({
          id: inv,
          uid,
          sku: "tier_pro_monthly",
          subscription: sub,
          periodStart: start,
          periodEnd: new Date(start.getTime() + 30 * DAY),
        }),
      );
      return { before: [], target, names: { [inv]: "INV", [sub]: "SUB" } };
    },
  },
  {
    name: "stripe subscription update",
    provider: "stripe",
    steps: SUB,
    make: (uid) => {
      const sub = ids.of("sub");
      const target = stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({ id: sub, uid, sku: "tier_team_monthly", status: "active", periodEnd: new Date("2026-12-01T00:00:00Z") }),
        { created: new Date("2026-11-01T00:00:00Z") },
      );
      return { before: [], target, names: { [sub]: "SUB" } };
    },
  },
  {
    name: "stripe partial refund",
    provider: "stripe",
    steps: REVERSAL("effect:refund_recorded"),
    make: (uid) => {
      const pi = ids.of("pi");
      const paid = stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 }),
      );
      return {
        before: [paid],
        target: stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 200 })),
        names: { [pi]: "PI" },
      };
    },
  },
  {
    name: "stripe dispute",
    provider: "stripe",
    steps: REVERSAL("effect:dispute_recorded"),
    make: (uid) => {
      const [pi, dp] = [ids.of("pi"), ids.of("dp")];
      const paid = stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 }),
      );
      return {
        before: [paid],
        target: stripeEvent("charge.dispute.created", stripeDispute({ id: dp, paymentIntent: pi, amount: 500 })),
        names: { [pi]: "PI", [dp]: "DP" },
      };
    },
  },
  {
    name: "razorpay order.paid",
    provider: "razorpay",
    steps: PAY,
    make: (uid) => {
      const [pay, order] = [ids.of("pay"), ids.of("order")];
      const target = razorpayEvent("order.paid", {
        payment: razorpayPayment({ id: pay, orderId: order, amount: 159_900 }),
        order: razorpayOrder({ id: order, notes: { uid, sku: "credits_5000" }, amount: 159_900 }),
      });
      return { before: [], target, names: { [pay]: "PAY", [order]: "ORDER" } };
    },
  },
  {
    name: "razorpay subscription.charged (payment + state)",
    provider: "razorpay",
    steps: PAY_WITH_STATE,
    make: (uid) => {
      const [pay, sub] = [ids.of("pay"), ids.of("sub")];
      const start = new Date("2026-11-01T00:00:00Z");
      const target = razorpayEvent(
        "subscription.charged",
        {
          subscription: razorpaySubscription({
            id: sub,
            status: "active",
            notes: { uid, sku: "tier_pro_monthly" },
            currentStart: start,
            currentEnd: new Date(start.getTime() + 30 * DAY),
          }),
          payment: razorpayPayment({ id: pay, amount: 149_900, invoiceId: "inv_x" }),
        },
        { createdAt: start },
      );
      return { before: [], target, names: { [pay]: "PAY", [sub]: "SUB" } };
    },
  },
  {
    name: "razorpay refund.processed",
    provider: "razorpay",
    steps: REVERSAL("effect:refund_recorded"),
    make: (uid) => {
      const [pay, order, rf] = [ids.of("pay"), ids.of("order"), ids.of("rfnd")];
      const paid = razorpayEvent("order.paid", {
        payment: razorpayPayment({ id: pay, orderId: order }),
        order: razorpayOrder({ id: order, notes: { uid, sku: "credits_1000" } }),
      });
      const target = razorpayEvent("refund.processed", {
        refund: { entity: { id: rf, payment_id: pay, amount: 19_950, currency: "INR" } },
      });
      return { before: [paid], target, names: { [pay]: "PAY", [order]: "ORDER", [rf]: "RF" } };
    },
  },
  {
    name: "razorpay dispute",
    provider: "razorpay",
    steps: REVERSAL("effect:dispute_recorded"),
    make: (uid) => {
      const [pay, order, dp] = [ids.of("pay"), ids.of("order"), ids.of("disp")];
      const paid = razorpayEvent("order.paid", {
        payment: razorpayPayment({ id: pay, orderId: order }),
        order: razorpayOrder({ id: order, notes: { uid, sku: "credits_1000" } }),
      });
      const target = razorpayEvent("payment.dispute.created", {
        dispute: { entity: { id: dp, payment_id: pay, amount: 39_900, currency: "INR" } },
      });
      return { before: [paid], target, names: { [pay]: "PAY", [order]: "ORDER", [dp]: "DP" } };
    },
  },
  {
    name: "paddle transaction.completed",
    provider: "paddle",
    steps: PAY,
    make: (uid) => {
      const txn = ids.of("txn");
      return {
        setup: (db) => recordCheckout(db, { provider: "paddle", uid, sku: "credits_20000", ids: [txn] }),
        before: [],
        target: paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku: "credits_20000", total: 7000 })),
        names: { [txn]: "TXN" },
      };
    },
  },
  {
    name: "paddle subscription.created (started by our transaction)",
    provider: "paddle",
    steps: SUB,
    make: (uid) => {
      const [sub, txn] = [ids.of("sub"), ids.of("txn")];
      const target = paddleEvent(
        "subscription.created",
        paddleSubscription({
          id: sub,
          uid: "someone_else",
          sku: "tier_pro_monthly",
          status: "active",
          updatedAt: new Date("2026-11-01T00:00:00Z"),
          periodEnd: new Date("2026-12-01T00:00:00Z"),
          transactionId: txn,
        }),
      );
      return {
        setup: (db) => recordCheckout(db, { provider: "paddle", uid, sku: "tier_pro_monthly", ids: [txn] }),
        before: [],
        target,
        names: { [sub]: "SUB", [txn]: "TXN" },
      };
    },
  },
  {
    name: "paddle refund adjustment",
    provider: "paddle",
    steps: REVERSAL("effect:refund_recorded"),
    make: (uid) => {
      const [txn, adj] = [ids.of("txn"), ids.of("adj")];
      const paid = paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku: "credits_1000", total: 500 }));
      return {
        setup: (db) => recordCheckout(db, { provider: "paddle", uid, sku: "credits_1000", ids: [txn] }),
        before: [paid],
        target: paddleEvent("adjustment.created", paddleAdjustment({ id: adj, transactionId: txn, action: "refund", total: 250 })),
        names: { [txn]: "TXN", [adj]: "ADJ" },
      };
    },
  },
  {
    name: "paddle chargeback adjustment",
    provider: "paddle",
    steps: REVERSAL("effect:dispute_recorded"),
    make: (uid) => {
      const [txn, adj] = [ids.of("txn"), ids.of("adj")];
      const paid = paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku: "credits_1000", total: 500 }));
      return {
        setup: (db) => recordCheckout(db, { provider: "paddle", uid, sku: "credits_1000", ids: [txn] }),
        before: [paid],
        target: paddleEvent("adjustment.created", paddleAdjustment({ id: adj, transactionId: txn, action: "chargeback", total: 500 })),
        names: { [txn]: "TXN", [adj]: "ADJ" },
      };
    },
  },
];

const eventKey = (d: Delivery) =>
  `${d.provider}:${d.provider === "razorpay" ? d.eventId : d.provider === "stripe" ? JSON.parse(d.body).id : JSON.parse(d.body).event_id}`;

/** Everything a webhook may change for one user, with made-up ids replaced by names. */
async function fingerprint(db: Db, uid: string, names: Record<string, string>): Promise<unknown> {
  const account = await db.collection("credit_accounts").findOne({ user_id: uid });
  const entries = await db.collection("transactions").find({ user_id: uid }).toArray();
  const payments = await db.collection("payments").find({ uid }).toArray();
  const subscriptions = await db.collection("subscriptions").find({ uid }).toArray();
  const user = await db.collection("users").findOne({ uid });
  const written = new Set(entries.map((e) => e.idempotency_key));
  const state = {
    // A parked entry that is already written is bookkeeping the ledger clears on its next pass; one
    // that is not would be an effect applied to the balance without its entry.
    account: {
      balance: account?.balance,
      reserved: account?.reserved,
      flagged: account?.flagged,
      unwritten: account?.pending.filter((p: { idempotency_key: string }) => !written.has(p.idempotency_key)).length,
    },
    entries: entries.map((e) => [e.type, e.delta_available, e.idempotency_key, e.expires_at?.toISOString() ?? null]).sort(),
    payments: payments.map((p) => [
      p.payment_id,
      p.state,
      p.sku,
      p.credits,
      p.amount,
      p.refunded_amount,
      p.credits_reversed,
      p.status,
      p.reversal_pending ?? null,
      p.disputes,
    ]),
    subscriptions: subscriptions.map((s) => [s.subscription_id, s.status, s.tier, s.sku, s.version]),
    tier: user?.tier,
  };
  let text = JSON.stringify(state);
  for (const [id, name] of Object.entries({ ...names, [uid]: "UID" })) text = text.split(id).join(name);
  return JSON.parse(text);
}

async function run(flow: Flow, mode: { faultAt?: string; hard?: boolean }) {
  const db = await testDb.db();
  const uid = ids.uid();
  // A profile, so the tier effect has a users document to keep in step.
  await db.collection("users").insertOne({ uid, tier: "free", roles: [], updatedAt: new Date(0) });
  const scenario = flow.make(uid);
  Object.assign(control, { faultAt: undefined, fired: false, hard: false, offsetMs: 0, steps: [] });
  await scenario.setup?.(db);
  for (const d of scenario.before) expect((await deliver(api.baseUrl, d)).status).toBe(200);
  Object.assign(control, { faultAt: mode.faultAt, fired: false, hard: mode.hard ?? false, steps: [] });
  const first = await deliver(api.baseUrl, scenario.target);
  return { db, uid, scenario, api, first, steps: [...control.steps] };
}

describe.each(flows)("$name", (flow) => {
  let reference: unknown;

  it("passes every step boundary on a clean delivery (the list the crash cases below cover)", async () => {
    const { db, uid, scenario, first, steps } = await run(flow, {});
    expect(first.status).toBe(200);
    expect(steps).toEqual(flow.steps);
    reference = await fingerprint(db, uid, scenario.names);
    expect(await db.collection("webhook_events").findOne({ event_id: eventKey(scenario.target) })).toMatchObject({
      state: "done",
      attempts: 1,
    });
  });

  it.each(flow.steps)("an error at %s: the attempt fails (5xx), the redelivery completes it exactly once", async (step) => {
    const { db, uid, scenario, api, first } = await run(flow, { faultAt: step });
    expect(first.status).toBe(500);
    const key = eventKey(scenario.target);
    const failed = await db.collection("webhook_events").findOne({ event_id: key });
    if (step === "verified") expect(failed).toBeNull();
    else expect(failed).toMatchObject({ state: "failed", last_error: expect.stringContaining(`injected failure at ${step}`) });

    expect((await deliver(api.baseUrl, scenario.target)).status).toBe(200);
    expect((await deliver(api.baseUrl, scenario.target)).status).toBe(200);
    expect(await fingerprint(db, uid, scenario.names)).toEqual(reference);
    expect(await db.collection("webhook_events").findOne({ event_id: key })).toMatchObject({
      state: "done",
      attempts: step === "verified" ? 1 : 2,
    });
  });

  it.each(flow.steps.filter((s) => s !== "verified"))(
    "a crash at %s: 409 while the lease runs, completed exactly once after it expires",
    async (step) => {
      const { db, uid, scenario, api, first } = await run(flow, { faultAt: step, hard: true });
      expect(first.status).toBe(500);
      const key = eventKey(scenario.target);
      expect(await db.collection("webhook_events").findOne({ event_id: key })).toMatchObject({ state: "processing" });

      expectErrorBody(await deliver(api.baseUrl, scenario.target), 409, "event_in_progress");
      control.offsetMs = 61_000;
      expect((await deliver(api.baseUrl, scenario.target)).status).toBe(200);
      expect(await fingerprint(db, uid, scenario.names)).toEqual(reference);
      expect(await db.collection("webhook_events").findOne({ event_id: key })).toMatchObject({ state: "done", attempts: 2 });
    },
  );
});

/**
 * Different events about one payment delivered at the same time (Stripe's checkout session and its
 * first invoice, Razorpay's payment.captured and order.paid, a refund and a dispute), with a failure
 * injected at one step of whichever delivery reaches it first (a crash for the hard variant: that
 * delivery's lease must expire). After the provider's redeliveries the outcome is the clean one:
 * the grant once, reversals summing to what the refund and dispute call for, the ledger equal to
 * its entries, nothing left pending.
 */
interface Concurrent {
  name: string;
  provider: Provider;
  steps: string[];
  make(uid: string): {
    setup?(db: Db): Promise<unknown>;
    before: Delivery[];
    together: Delivery[];
    paymentId: string;
    balance: number;
    reversed: number;
  };
}

const concurrent: Concurrent[] = [
  {
    name: "stripe checkout.session.completed + invoice.paid of one first period",
    provider: "stripe",
    steps: PAY.slice(1, -1),
    make: (uid) => {
      const [inv, sub, session] = [ids.of("in"), ids.of("sub"), ids.of("cs")];
      const start = new Date("2026-11-01T00:00:00Z");
      return {
        setup: (db) => recordCheckout(db, { provider: "stripe", uid, sku: "tier_pro_monthly", ids: [session] }),
        before: [],
        together: [
          stripeEvent(
            "checkout.session.completed",
            stripeCheckoutSubscription({ uid, sku: "tier_pro_monthly", invoice: inv, subscription: sub, sessionId: session }),
          ),
          stripeEvent(
            "invoice.paid",
            stripeInvoice({
              id: inv,
              uid,
              sku: "tier_pro_monthly",
              subscription: sub,
              periodStart: start,
              periodEnd: new Date(start.getTime() + 30 * DAY),
            }),
          ),
        ],
        paymentId: inv,
        balance: 5000,
        reversed: 0,
      };
    },
  },
  {
    name: "razorpay payment.captured + order.paid of one order of ours",
    provider: "razorpay",
    steps: PAY.slice(1, -1),
    make: (uid) => {
      const [pay, order] = [ids.of("pay"), ids.of("order")];
      return {
        setup: (db) => recordCheckout(db, { provider: "razorpay", uid, sku: "credits_1000", ids: [order] }),
        before: [],
        together: [
          razorpayEvent("payment.captured", {
            payment: razorpayPayment({ id: pay, orderId: order, notes: { uid: "someone_else", sku: "credits_20000" } }),
          }),
          razorpayEvent("order.paid", {
            payment: razorpayPayment({ id: pay, orderId: order }),
            order: razorpayOrder({ id: order, notes: { uid, sku: "credits_1000" } }),
          }),
        ],
        paymentId: pay,
        balance: 1000,
        reversed: 0,
      };
    },
  },
  {
    name: "stripe partial refund + dispute of one payment",
    provider: "stripe",
    steps: [
      "claimed",
      "effect:refund_recorded",
      "effect:dispute_recorded",
      "ledger:account_updated",
      "ledger:entry_inserted",
      "effect:reversal_ledger",
      "effect:reversal",
    ],
    make: (uid) => {
      const [pi, dp] = [ids.of("pi"), ids.of("dp")];
      return {
        before: [
          stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku: "credits_1000", paymentIntent: pi, amount: 500 })),
        ],
        together: [
          stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 500, amountRefunded: 200 })),
          stripeEvent("charge.dispute.created", stripeDispute({ id: dp, paymentIntent: pi, amount: 300 })),
        ],
        paymentId: pi,
        balance: 0,
        reversed: 1000,
      };
    },
  },
  {
    name: "paddle refund + chargeback adjustments of one transaction",
    provider: "paddle",
    steps: [
      "claimed",
      "effect:refund_recorded",
      "effect:dispute_recorded",
      "ledger:account_updated",
      "ledger:entry_inserted",
      "effect:reversal_ledger",
      "effect:reversal",
    ],
    make: (uid) => {
      const txn = ids.of("txn");
      return {
        setup: (db) => recordCheckout(db, { provider: "paddle", uid, sku: "credits_1000", ids: [txn] }),
        before: [paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku: "credits_1000", total: 500 }))],
        together: [
          paddleEvent("adjustment.created", paddleAdjustment({ id: ids.of("adj"), transactionId: txn, action: "refund", total: 250 })),
          paddleEvent("adjustment.created", paddleAdjustment({ id: ids.of("adj"), transactionId: txn, action: "chargeback", total: 250 })),
        ],
        paymentId: txn,
        balance: 0,
        reversed: 1000,
      };
    },
  },
];

describe.each(concurrent)("concurrently: $name", (flow) => {
  async function runTogether(mode: { faultAt?: string; hard?: boolean }) {
    const db = await testDb.db();
    const uid = ids.uid();
    await db.collection("users").insertOne({ uid, tier: "free", roles: [], updatedAt: new Date(0) });
    const scenario = flow.make(uid);
    Object.assign(control, { faultAt: undefined, fired: false, hard: false, offsetMs: 0, steps: [] });
    await scenario.setup?.(db);
    for (const d of scenario.before) expect((await deliver(api.baseUrl, d)).status).toBe(200);
    Object.assign(control, { faultAt: mode.faultAt, fired: false, hard: mode.hard ?? false, steps: [] });
    const first = await Promise.all(scenario.together.map((d) => deliver(api.baseUrl, d)));
    if (mode.hard) control.offsetMs = 61_000;
    // The provider redelivers whatever was not acknowledged (and a duplicate of what was).
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(scenario.together.map((d) => deliver(api.baseUrl, d)));
      if (results.every((r) => r.status === 200)) break;
    }
    return { db, uid, scenario, first, fired: control.fired };
  }

  async function expectClean(db: Db, uid: string, scenario: ReturnType<Concurrent["make"]>) {
    const { balance, entries, account } = await ledgerOf(db, uid);
    const keys = entries.map((e) => e.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(entries.filter((e) => e.type === "purchase" || e.type === "grant")).toHaveLength(1);
    expect(balance).toBe(scenario.balance);
    expect(balance).toBe(entries.reduce((sum, e) => sum + e.delta_available, 0));
    expect(account!.pending.filter((p: { idempotency_key: string }) => !keys.includes(p.idempotency_key))).toEqual([]);
    const payment = await db.collection("payments").findOne({ provider: flow.provider, payment_id: scenario.paymentId });
    expect(payment).toMatchObject({ credits_reversed: scenario.reversed, state: "granted" });
    expect(payment!.reversal_pending ?? null).toBeNull();
    for (const d of scenario.together)
      expect(await db.collection("webhook_events").findOne({ event_id: eventKey(d) })).toMatchObject({ state: "done" });
  }

  it("clean", async () => {
    const { db, uid, scenario, first } = await runTogether({});
    expect(first.map((r) => r.status).every((s) => s === 200 || s === 409)).toBe(true);
    await expectClean(db, uid, scenario);
  });

  it.each(flow.steps)("an error at %s in one of them", async (step) => {
    const { db, uid, scenario, fired } = await runTogether({ faultAt: step });
    expect(fired).toBe(true);
    await expectClean(db, uid, scenario);
  });

  it.each(flow.steps)("a crash at %s in one of them", async (step) => {
    const { db, uid, scenario, fired } = await runTogether({ faultAt: step, hard: true });
    expect(fired).toBe(true);
    await expectClean(db, uid, scenario);
  });
});
