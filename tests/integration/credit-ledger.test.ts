import { MongoCreditLedger, type LedgerStep } from "../../functions/src/core/credits/ledger";
import { LedgerDriftStore } from "../../functions/src/core/credits/ledger-drift-store";
import { reconcileLedger } from "../../functions/src/core/credits/reconciliation";
import type { CreditAccount, LedgerEntry } from "../../functions/src/core/credits/ledger-types";
import { HttpError } from "../../functions/src/platform/http-error";
import { setLogSink, type LogFields } from "../../functions/src/platform/logger";
import { useTestDatabase } from "../support/db";

/** The credit ledger against the database: idempotency, concurrency, crashes, expiry, reconciliation. */
const testDb = useTestDatabase("credit_ledger");
let n = 0;
const uid = () => `ledger-user-${process.pid}-${n++}`;
const cause = { kind: "test", id: "t1" };

class Clock {
  constructor(public t = new Date("2026-11-01T00:00:00Z").getTime()) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

async function ledgerFor(clock = new Clock(), faultAt?: (step: LedgerStep) => void) {
  return new MongoCreditLedger(await testDb.db(), clock.now, faultAt);
}

async function sums(user: string) {
  const entries = await (await testDb.db()).collection<LedgerEntry>("transactions").find({ user_id: user }).toArray();
  return {
    available: entries.reduce((s, e) => s + e.delta_available, 0),
    reserved: entries.reduce((s, e) => s + e.delta_reserved, 0),
    keys: entries.map((e) => e.idempotency_key),
  };
}

async function expectConsistent(user: string) {
  const account = (await (await testDb.db()).collection<CreditAccount>("credit_accounts").findOne({ user_id: user }))!;
  const s = await sums(user);
  expect({ balance: account.balance, reserved: account.reserved, pending: account.pending.length }).toEqual({
    balance: s.available,
    reserved: s.reserved,
    pending: 0,
  });
  expect(new Set(s.keys).size).toBe(s.keys.length);
  return account;
}

const grant = (l: MongoCreditLedger, user: string, amount: number, key: string, expiresAt?: Date) =>
  l.grant({ uid: user, amount, idempotencyKey: `${user}:${key}`, actor: "test", reason: "test grant", cause, expiresAt });

describe("grants and idempotency", () => {
  it("records an entry with the actor, reason, cause and the balance after it", async () => {
    const l = await ledgerFor();
    const user = uid();
    const { entry, duplicate } = await l.purchase({
      uid: user,
      amount: 500,
      idempotencyKey: `${user}:stripe:payment:pi_1:credit`,
      actor: "system:stripe",
      reason: "credits_1000 paid",
      cause: { kind: "payment", id: "pi_1" },
    });
    expect(duplicate).toBe(false);
    expect(entry).toMatchObject({
      user_id: user,
      type: "purchase",
      delta_available: 500,
      delta_reserved: 0,
      balance_after: 500,
      reserved_after: 0,
      actor: "system:stripe",
      cause: { kind: "payment", id: "pi_1" },
    });
    expect((await l.account(user)).balance).toBe(500);
  });

  it("applies a key once: sequential and 50 concurrent repeats change nothing more", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 100, "k-seq");
    expect((await grant(l, user, 100, "k-seq")).duplicate).toBe(true);
    const results = await Promise.all(Array.from({ length: 50 }, () => grant(l, user, 7, "k-concurrent")));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await expectConsistent(user)).balance).toBe(107);
  });

  it("never refuses the concurrent first operations on a new account (200 purchases over 5 new accounts all apply)", async () => {
    const ledger = await ledgerFor();
    const users = Array.from({ length: 5 }, uid);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        ledger.purchase({
          uid: users[i % 5],
          amount: 7,
          idempotencyKey: `first-ops-${users[i % 5]}-${i}`,
          actor: "t",
          reason: "race",
          cause,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    for (const user of users) expect((await expectConsistent(user)).balance).toBe(40 * 7);
  });

  it("rejects non-integer, zero or negative amounts with 400 and writes nothing", async () => {
    const l = await ledgerFor();
    const user = uid();
    for (const amount of [0, -5, 1.5, Number.NaN, 2e9]) {
      await expect(grant(l, user, amount, `bad-${amount}`)).rejects.toMatchObject({ status: 400, code: "invalid_amount" });
    }
    expect((await sums(user)).keys).toEqual([]);
  });
});

describe("reserve → settle / release", () => {
  it("lets exactly floor(N / cost) of 1,000 concurrent reserves succeed, never below zero", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 1_000, "seed");
    const cost = 7;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1_000 }, (_, i) =>
        l.reserve({ uid: user, amount: cost, idempotencyKey: `${user}:r-${i}`, actor: user, reason: "llm call", cause }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(Math.floor(1_000 / cost));
    expect(refused.every((r) => r.reason instanceof HttpError && r.reason.status === 402 && r.reason.code === "insufficient_credits")).toBe(
      true,
    );
    const account = await expectConsistent(user);
    expect(account).toMatchObject({ balance: 1_000 % cost, reserved: Math.floor(1_000 / cost) * cost });
  }, 120_000);

  it("settles the actual cost and returns the rest; a later release of the same reservation changes nothing", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 100, "seed");
    const r = await l.reserve({ uid: user, amount: 40, idempotencyKey: `${user}:call-1`, actor: user, reason: "llm", cause });
    expect(await l.account(user)).toMatchObject({ balance: 60, reserved: 40 });
    const settled = await l.settle(r.id, 25, user, { model: "m" });
    expect(settled.entry).toMatchObject({ type: "settle", delta_available: 15, delta_reserved: -40, balance_after: 75, reserved_after: 0 });
    const late = await l.release(r.id, "system:credits-sweep", "deadline");
    expect(late).toMatchObject({ duplicate: true, entry: { type: "settle" } });
    expect(await expectConsistent(user)).toMatchObject({ balance: 75, reserved: 0 });
  });

  it("closes a reservation the same way whether the instance that reserved it settles it or another one does", async () => {
    const here = await ledgerFor();
    const elsewhere = await ledgerFor();
    const [a, b] = [uid(), uid()];
    for (const user of [a, b]) await grant(here, user, 100, "seed");
    const ra = await here.reserve({ uid: a, amount: 40, idempotencyKey: `${a}:call`, actor: a, reason: "llm", cause });
    const rb = await here.reserve({ uid: b, amount: 40, idempotencyKey: `${b}:call`, actor: b, reason: "llm", cause });
    // Reserved here, settled here (no reads) / reserved here, settled by another instance (reads the entry).
    const sa = await here.settle(ra.id, 25, a, { model: "m" });
    const sb = await elsewhere.settle(rb.id, 25, b, { model: "m" });
    for (const s of [sa, sb])
      expect(s.entry).toMatchObject({ type: "settle", delta_available: 15, delta_reserved: -40, balance_after: 75, reserved_after: 0 });
    // Either way a second close is a duplicate, from any instance.
    expect(await here.release(rb.id, "system:credits-sweep", "deadline")).toMatchObject({ duplicate: true, entry: { type: "settle" } });
    expect(await elsewhere.release(ra.id, "system:credits-sweep", "deadline")).toMatchObject({
      duplicate: true,
      entry: { type: "settle" },
    });
    for (const user of [a, b]) expect(await expectConsistent(user)).toMatchObject({ balance: 75, reserved: 0 });
    const states = await (
      await testDb.db()
    )
      .collection("reservations")
      .find({ user_id: { $in: [a, b] } })
      .toArray();
    expect(states.map((r) => r.state)).toEqual(["settled", "settled"]);
  });

  it("caps a settle above the reservation at the reserved amount", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 50, "seed");
    const r = await l.reserve({ uid: user, amount: 20, idempotencyKey: `${user}:call-cap`, actor: user, reason: "llm", cause });
    await l.settle(r.id, 999, user);
    expect(await expectConsistent(user)).toMatchObject({ balance: 30, reserved: 0 });
  });

  it("retrying a reserve with the same key returns the same reservation without reserving twice", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 50, "seed");
    const [a, b] = await Promise.all([
      l.reserve({ uid: user, amount: 10, idempotencyKey: `${user}:same`, actor: user, reason: "llm", cause }),
      l.reserve({ uid: user, amount: 10, idempotencyKey: `${user}:same`, actor: user, reason: "llm", cause }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await expectConsistent(user)).toMatchObject({ balance: 40, reserved: 10 });
  });

  it("refuses a retried reserve that asks for another amount, so no credits get stuck as reserved", async () => {
    const l = await ledgerFor();
    const user = uid();
    // A reserve refused for lack of credits leaves its document behind with its amount...
    await expect(
      l.reserve({ uid: user, amount: 5, idempotencyKey: `${user}:reused`, actor: user, reason: "llm", cause }),
    ).rejects.toMatchObject({ status: 402 });
    await grant(l, user, 100, "seed");
    // ...and a later reserve with the same key must not move a different amount under it.
    await expect(
      l.reserve({ uid: user, amount: 60, idempotencyKey: `${user}:reused`, actor: user, reason: "llm", cause }),
    ).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    expect(await expectConsistent(user)).toMatchObject({ balance: 100, reserved: 0 });
    // The same amount is a genuine retry of the refused reserve: it may succeed now, and closes in full.
    const r = await l.reserve({ uid: user, amount: 5, idempotencyKey: `${user}:reused`, actor: user, reason: "llm", cause });
    expect(r).toMatchObject({ amount: 5, duplicate: false });
    await l.settle(r.id, 3, user);
    expect(await expectConsistent(user)).toMatchObject({ balance: 97, reserved: 0 });
  });

  it("settles and releases exactly what the reserve moved, even when the reservation document says otherwise", async () => {
    const l = await ledgerFor();
    const db = await testDb.db();
    const user = uid();
    await grant(l, user, 200, "seed");
    const a = await l.reserve({ uid: user, amount: 50, idempotencyKey: `${user}:a`, actor: user, reason: "llm", cause });
    const b = await l.reserve({ uid: user, amount: 40, idempotencyKey: `${user}:b`, actor: user, reason: "llm", cause });
    // Documents written by the old code could disagree with their reserve entry.
    await db.collection("reservations").updateOne({ key: `${user}:a` }, { $set: { amount: 5 } });
    await db.collection("reservations").updateOne({ key: `${user}:b` }, { $set: { amount: 400 } });
    const settled = await l.settle(a.id, 30, user);
    expect(settled.entry).toMatchObject({ delta_available: 20, delta_reserved: -50 });
    const released = await l.release(b.id, user, "failed");
    expect(released.entry).toMatchObject({ delta_available: 40, delta_reserved: -40 });
    expect(await expectConsistent(user)).toMatchObject({ balance: 170, reserved: 0 });
  });

  it("charges a settle above its reservation the reserved amount and records the rest as a shortfall, once, with an alert", async () => {
    const l = await ledgerFor();
    const user = uid();
    const logged: { level: string; event: string; fields: LogFields }[] = [];
    setLogSink((level, event, fields) => logged.push({ level, event, fields }));
    try {
      await grant(l, user, 100, "seed");
      const r = await l.reserve({ uid: user, amount: 20, idempotencyKey: `${user}:under`, actor: user, reason: "llm", cause });
      const settled = await l.settle(r.id, 35, user, { model: "m" });
      expect(settled.entry).toMatchObject({
        type: "settle",
        delta_available: 0,
        delta_reserved: -20,
        meta: { reserved: 20, spent: 20, requested: 35 },
      });
      expect((await l.settle(r.id, 35, user)).duplicate).toBe(true);
      const entries = await (
        await testDb.db()
      )
        .collection<LedgerEntry>("transactions")
        .find({ user_id: user, type: "shortfall" })
        .toArray();
      expect(entries).toEqual([
        expect.objectContaining({
          delta_available: 0,
          delta_reserved: 0,
          reservation_id: r.id,
          meta: expect.objectContaining({ reserved: 20, requested: 35, uncollected: 15, model: "m" }),
        }),
      ]);
      expect(logged.filter((l) => l.event === "credits_settle_shortfall")).toEqual([
        expect.objectContaining({ level: "error", fields: expect.objectContaining({ uid: user, uncollected: 15 }) }),
      ]);
      expect(await expectConsistent(user)).toMatchObject({ balance: 80, reserved: 0 });
    } finally {
      setLogSink(() => undefined);
    }
  });

  it("releases reservations whose deadline passed, through the sweep", async () => {
    const clock = new Clock();
    const l = await ledgerFor(clock);
    const user = uid();
    await grant(l, user, 30, "seed");
    const r = await l.reserve({
      uid: user,
      amount: 30,
      idempotencyKey: `${user}:abandoned`,
      actor: user,
      reason: "llm",
      cause,
      ttlSeconds: 60,
    });
    expect(await l.releaseExpiredReservations()).toBe(0);
    clock.advance(61_000);
    expect(await l.releaseExpiredReservations()).toBeGreaterThanOrEqual(1);
    expect(await expectConsistent(user)).toMatchObject({ balance: 30, reserved: 0 });
    await expect(l.settle(r.id, 10, user)).resolves.toMatchObject({ duplicate: true, entry: { type: "release" } });
  });

  it("answers 404 for an unknown reservation and refuses a settle that would touch other reservations", async () => {
    const l = await ledgerFor();
    await expect(l.settle("0123456789abcdef01234567", 1, "x")).rejects.toMatchObject({ status: 404 });
    await expect(l.release("not-an-id", "x", "y")).rejects.toMatchObject({ status: 404 });
  });
});

describe("refunds, chargebacks, flags", () => {
  it("refunds what is left, never below zero, recording the shortfall", async () => {
    const l = await ledgerFor();
    const user = uid();
    await l.purchase({ uid: user, amount: 100, idempotencyKey: `${user}:p1`, actor: "system", reason: "pack", cause });
    const r = await l.reserve({ uid: user, amount: 70, idempotencyKey: `${user}:spend`, actor: user, reason: "llm", cause });
    await l.settle(r.id, 70, user);
    const { entry } = await l.refund({
      uid: user,
      amount: 100,
      idempotencyKey: `${user}:refund-1`,
      actor: "system",
      reason: "refund",
      cause,
    });
    expect(entry).toMatchObject({ type: "refund", delta_available: -30, meta: { requested: 100, shortfall: 70 } });
    expect(await expectConsistent(user)).toMatchObject({ balance: 0, flagged: false });
  });

  it("lets a chargeback after spending take the balance below zero, flags the account and blocks spending", async () => {
    const l = await ledgerFor();
    const user = uid();
    await l.purchase({ uid: user, amount: 100, idempotencyKey: `${user}:p1`, actor: "system", reason: "pack", cause });
    const r = await l.reserve({ uid: user, amount: 80, idempotencyKey: `${user}:spend`, actor: user, reason: "llm", cause });
    await l.settle(r.id, 80, user);
    await l.chargeback({ uid: user, amount: 100, idempotencyKey: `${user}:dispute-1`, actor: "system", reason: "dispute", cause });
    const account = await expectConsistent(user);
    expect(account).toMatchObject({ balance: -80, flagged: true });
    await grant(l, user, 500, "goodwill");
    await expect(
      l.reserve({ uid: user, amount: 1, idempotencyKey: `${user}:blocked`, actor: user, reason: "llm", cause }),
    ).rejects.toMatchObject({ status: 403, code: "account_restricted" });
  });

  it("refuses a negative adjustment below zero", async () => {
    const l = await ledgerFor();
    const user = uid();
    await grant(l, user, 10, "seed");
    await expect(
      l.adjust({ uid: user, amount: -11, idempotencyKey: `${user}:adj`, actor: "admin", reason: "fix", cause }),
    ).rejects.toMatchObject({ status: 402 });
    await l.adjust({ uid: user, amount: -10, idempotencyKey: `${user}:adj2`, actor: "admin", reason: "fix", cause });
    expect(await expectConsistent(user)).toMatchObject({ balance: 0 });
  });
});

describe("crashes between steps", () => {
  it.each<LedgerStep>(["account_updated", "entry_inserted"])(
    "a crash after %s leaves a state the retry completes exactly once",
    async (step) => {
      const user = uid();
      let crash = true;
      const l = await ledgerFor(new Clock(), (s) => {
        if (crash && s === step) throw new Error(`injected crash after ${s}`);
      });
      await expect(grant(l, user, 100, "crashy")).rejects.toThrow("injected crash");
      crash = false;
      const retried = await grant(l, user, 100, "crashy");
      expect(retried.duplicate).toBe(true);
      expect(await expectConsistent(user)).toMatchObject({ balance: 100 });
    },
  );

  it("a chargeback interrupted by a crash still flags the account it took below zero", async () => {
    const user = uid();
    let crash = false;
    const l = await ledgerFor(new Clock(), (s) => {
      if (crash && s === "account_updated") throw new Error("injected crash");
    });
    await l.purchase({ uid: user, amount: 10, idempotencyKey: `${user}:p`, actor: "system", reason: "pack", cause });
    crash = true;
    await expect(
      l.chargeback({ uid: user, amount: 30, idempotencyKey: `${user}:cb`, actor: "system", reason: "dispute", cause }),
    ).rejects.toThrow("injected crash");
    crash = false;
    await l.finishPending(user);
    expect(await expectConsistent(user)).toMatchObject({ balance: -20, flagged: true });
    await grant(l, user, 100, "goodwill");
    await expect(
      l.reserve({ uid: user, amount: 1, idempotencyKey: `${user}:spend`, actor: user, reason: "llm", cause }),
    ).rejects.toMatchObject({ status: 403, code: "account_restricted" });
  });

  it("a crash inside a reserve leaves credits that the sweep returns", async () => {
    const clock = new Clock();
    const user = uid();
    let crash = false;
    const l = await ledgerFor(clock, (s) => {
      if (crash && s === "account_updated") throw new Error("injected crash");
    });
    await grant(l, user, 50, "seed");
    crash = true;
    await expect(
      l.reserve({ uid: user, amount: 20, idempotencyKey: `${user}:crash-reserve`, actor: user, reason: "llm", cause, ttlSeconds: 60 }),
    ).rejects.toThrow("injected crash");
    crash = false;
    clock.advance(61_000);
    await l.releaseExpiredReservations();
    expect(await expectConsistent(user)).toMatchObject({ balance: 50, reserved: 0 });
  });
});

describe("the credits sweep with a bad document", () => {
  it("logs and skips a broken reservation and a broken account, and still releases and expires everyone else's", async () => {
    const clock = new Clock();
    const l = await ledgerFor(clock);
    const db = await testDb.db();
    const [good, broken, expiring, brokenAccount] = [uid(), uid(), uid(), uid()];
    const logged: { level: string; event: string; fields: LogFields }[] = [];
    setLogSink((level, event, fields) => logged.push({ level, event, fields }));
    try {
      // A reservation the ledger has no reserve entry for (e.g. written by hand or by a bug), due first.
      const { insertedId } = await db.collection("reservations").insertOne({
        user_id: broken,
        amount: 30,
        deadline: new Date(clock.t - 3_600_000),
        state: "open",
        key: `${broken}:ghost`,
        created_at: new Date(clock.t - 7_200_000),
      });
      await grant(l, good, 50, "seed");
      await l.reserve({ uid: good, amount: 30, idempotencyKey: `${good}:abandoned`, actor: good, reason: "llm", cause, ttlSeconds: 60 });
      await grant(l, expiring, 25, "promo", new Date(clock.t + 86_400_000));
      // An account whose document cannot be read as one (pending is not a list) with a grant that expires.
      await grant(l, brokenAccount, 10, "promo", new Date(clock.t + 86_400_000));
      await db.collection("credit_accounts").updateOne({ user_id: brokenAccount }, { $set: { pending: null } });
      clock.advance(2 * 86_400_000);

      // (Other tests' reservations and grants share this database: the outcome is checked per user.)
      await l.releaseExpiredReservations();
      await l.expireGrants();

      expect(await expectConsistent(good)).toMatchObject({ balance: 50, reserved: 0 });
      expect(await expectConsistent(expiring)).toMatchObject({ balance: 0 });
      expect(logged.filter((e) => e.level === "error").map((e) => [e.event, e.fields.reservationId ?? e.fields.uid])).toEqual([
        ["credits_sweep_reservation_failed", insertedId.toHexString()],
        ["credits_sweep_expiry_failed", brokenAccount],
      ]);
      // The bad document goes behind the others next time instead of blocking them.
      expect(await db.collection("reservations").findOne({ _id: insertedId })).toMatchObject({ state: "open", sweep_failures: 1 });
    } finally {
      setLogSink(() => undefined);
      await db.collection("reservations").deleteOne({ user_id: broken });
      await db.collection("credit_accounts").updateOne({ user_id: brokenAccount }, { $set: { pending: [] } });
    }
  });
});

describe("expiring grants", () => {
  it("draws expiring grants first and expires only their unspent remainder; purchased credits stay", async () => {
    const clock = new Clock();
    const l = await ledgerFor(clock);
    const user = uid();
    const periodEnd = new Date(clock.t + 30 * 86_400_000);
    await l.purchase({ uid: user, amount: 100, idempotencyKey: `${user}:pack`, actor: "system", reason: "pack", cause });
    await grant(l, user, 200, "sub:period-1", periodEnd);
    const r = await l.reserve({ uid: user, amount: 150, idempotencyKey: `${user}:spend`, actor: user, reason: "llm", cause });
    await l.settle(r.id, 150, user);
    const before = await l.attribution(user);
    expect(before).toMatchObject({ permanent: 100, grants: [{ key: `${user}:sub:period-1`, remaining: 50 }] });
    expect(await l.expireGrants()).toBe(0); // not yet
    clock.advance(31 * 86_400_000);
    expect(await l.expireGrants()).toBe(50);
    expect(await l.expireGrants()).toBe(0); // once
    expect(await expectConsistent(user)).toMatchObject({ balance: 100 });
  });

  it("returns unspent reserved credits to the grant they came from", async () => {
    const clock = new Clock();
    const l = await ledgerFor(clock);
    const user = uid();
    await l.purchase({ uid: user, amount: 10, idempotencyKey: `${user}:pack`, actor: "system", reason: "pack", cause });
    await grant(l, user, 20, "promo", new Date(clock.t + 86_400_000));
    const r = await l.reserve({ uid: user, amount: 25, idempotencyKey: `${user}:spend`, actor: user, reason: "llm", cause });
    await l.settle(r.id, 5, user);
    expect(await l.attribution(user)).toMatchObject({ permanent: 10, grants: [{ remaining: 15 }] });
  });
});

describe("reconciliation", () => {
  it("finds no drift in a consistent ledger and records (never fixes) a tampered balance", async () => {
    const l = await ledgerFor();
    const db = await testDb.db();
    const user = uid();
    await grant(l, user, 42, "seed");
    const drift = new LedgerDriftStore(db);
    const clean = await reconcileLedger(l, drift, () => new Date(), "run-1");
    expect(clean.drifted).toBe(0);
    await db.collection<CreditAccount>("credit_accounts").updateOne({ user_id: user }, { $inc: { balance: 1_000, rev: 1 } });
    const dirty = await reconcileLedger(l, drift, () => new Date(), "run-2");
    expect(dirty.drifted).toBe(1);
    expect(await db.collection("ledger_drift").findOne({ user_id: user, run_id: "run-2" })).toMatchObject({
      balance: 1_042,
      ledger_balance: 42,
    });
    expect((await l.account(user)).balance).toBe(1_042);
  });
});
