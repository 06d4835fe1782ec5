import fc from "fast-check";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import type { CreditAccount, LedgerEntry } from "../../functions/src/core/credits/ledger-types";
import { HttpError } from "../../functions/src/platform/http-error";
import { useTestDatabase } from "../support/db";

/**
 * Property: whatever sequence of grants, purchases, reserves, settles, releases, refunds, chargebacks,
 * expiries and duplicate deliveries runs, in concurrent batches, the account always equals the sum of
 * its entries, no key is applied twice, reserved is never negative, and the balance is never negative
 * unless a chargeback made it so.
 */
const testDb = useTestDatabase("ledger_property");

type Op =
  | { kind: "grant"; amount: number; expiresInDays: number | null }
  | { kind: "purchase"; amount: number }
  | { kind: "reserve"; amount: number }
  | { kind: "settle"; pick: number; actual: number }
  | { kind: "release"; pick: number }
  | { kind: "refund"; amount: number }
  | { kind: "chargeback"; amount: number }
  | { kind: "advanceAndSweep"; days: number }
  | { kind: "repeat"; pick: number };

const amount = fc.integer({ min: 1, max: 300 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("grant" as const), amount, expiresInDays: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("purchase" as const), amount }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("reserve" as const), amount }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant("settle" as const), pick: fc.nat(), actual: fc.integer({ min: 0, max: 350 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("refund" as const), amount }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("chargeback" as const), amount }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("advanceAndSweep" as const), days: fc.integer({ min: 1, max: 20 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("repeat" as const), pick: fc.nat() }), weight: 2 },
);

let run = 0;

it("keeps the account equal to its ledger under random concurrent operations", async () => {
  const db = await testDb.db();
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), async (batches) => {
      const uid = `prop-${process.pid}-${run++}`;
      let t = Date.UTC(2026, 10, 1);
      const ledger = new MongoCreditLedger(db, () => new Date(t));
      const reservations: string[] = [];
      const done: (() => Promise<unknown>)[] = [];
      let chargedBack = false;
      let seq = 0;
      const cause = { kind: "property", id: uid };

      const perform = (o: Op): (() => Promise<unknown>) | undefined => {
        const key = `${uid}:${seq++}`;
        switch (o.kind) {
          case "grant":
            return () => ledger.grant({ uid, amount: o.amount, idempotencyKey: key, actor: "p", reason: "grant", cause, expiresAt: o.expiresInDays ? new Date(t + o.expiresInDays * 86_400_000) : undefined });
          case "purchase":
            return () => ledger.purchase({ uid, amount: o.amount, idempotencyKey: key, actor: "p", reason: "purchase", cause });
          case "reserve":
            return async () => reservations.push((await ledger.reserve({ uid, amount: o.amount, idempotencyKey: key, actor: "p", reason: "reserve", cause, ttlSeconds: 86_400 })).id);
          case "settle":
            return reservations.length ? () => ledger.settle(reservations[o.pick % reservations.length], o.actual, "p") : undefined;
          case "release":
            return reservations.length ? () => ledger.release(reservations[o.pick % reservations.length], "p", "release") : undefined;
          case "refund":
            return () => ledger.refund({ uid, amount: o.amount, idempotencyKey: key, actor: "p", reason: "refund", cause });
          case "chargeback":
            chargedBack = true;
            return () => ledger.chargeback({ uid, amount: o.amount, idempotencyKey: key, actor: "p", reason: "chargeback", cause });
          case "advanceAndSweep":
            return async () => {
              t += o.days * 86_400_000;
              await ledger.releaseExpiredReservations();
              await ledger.expireGrants(60);
            };
          case "repeat":
            return done.length ? done[o.pick % done.length] : undefined;
        }
      };

      for (const batch of batches) {
        const calls = batch.map(perform).filter((c): c is () => Promise<unknown> => !!c);
        const outcomes = await Promise.allSettled(calls.map((c) => c()));
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.status === "fulfilled") done.push(calls[i]);
          // Refusals are expected (not enough credits, flagged account); anything else is a bug.
          else if (!(outcome.reason instanceof HttpError && [402, 403].includes(outcome.reason.status))) throw outcome.reason;
        }
        const account = await db.collection<CreditAccount>("credit_accounts").findOne({ user_id: uid });
        if (!account) continue; // nothing has touched the account yet
        const entries = await db.collection<LedgerEntry>("transactions").find({ user_id: uid }).toArray();
        const keys = entries.map((e) => e.idempotency_key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(account.pending).toEqual([]);
        expect(account.balance).toBe(entries.reduce((s, e) => s + e.delta_available, 0));
        expect(account.reserved).toBe(entries.reduce((s, e) => s + e.delta_reserved, 0));
        expect(account.reserved).toBeGreaterThanOrEqual(0);
        if (!chargedBack) expect(account.balance).toBeGreaterThanOrEqual(0);
        for (const e of entries) if (e.type !== "chargeback" && e.balance_after !== null) expect(e.balance_after >= 0 || chargedBack).toBe(true);
      }
    }),
    { numRuns: 100 },
  );
}, 180_000);
