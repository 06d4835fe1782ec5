import type { Db } from "mongodb";
import type { EarningLineDoc } from "../../functions/src/core/marketplace/earnings-store";
import type { PayoutStep } from "../../functions/src/core/marketplace/marketplace-steps";
import { runPayouts } from "../../functions/src/core/marketplace/payout-run";
import { overrideServicesForTests, services, type FaultPoint } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";
import { startPaymentFakes, type PaymentFakes } from "../support/fakes/payment-fakes";

const testDb = useTestDatabase("mkt_payouts");
const DAY = 86_400_000;
let offset = 0;
const clock = () => new Date(Date.parse("2026-11-25T12:00:00Z") + offset);
const control: { failAt: FaultPoint | null } = { failAt: null };
let fakes: PaymentFakes;
let restore: () => void;
let db: Db;

beforeAll(async () => {
  fakes = await startPaymentFakes();
  restore = overrideServicesForTests({
    now: clock,
    faults: {
      at(point) {
        if (point === control.failAt) {
          control.failAt = null;
          throw new Error(`injected failure at ${point}`);
        }
      },
    },
  });
  db = await testDb.db();
});
afterAll(async () => {
  restore();
  await fakes.close();
});
afterEach(() => {
  control.failAt = null;
  offset = 0;
  fakes.stripe.transfers.length = 0;
});

let n = 0;
/** A payee with a connected account and `credits` of matured earnings (a sale whose refund window ended). */
async function payee(credits: number, transfers: "active" | "pending" = "active"): Promise<string> {
  const uid = `payee${++n}`;
  const accounts = await services.store("marketplaceAccounts");
  await accounts.ensure(uid);
  await accounts.setConnect(uid, {
    account_id: `acct_fake${n}`,
    transfers,
    payouts_enabled: true,
    details_submitted: true,
    disabled_reason: null,
    currently_due: [],
    checked_at: clock(),
  });
  const earnings = await services.store("earnings");
  await earnings.record({
    key: `test:sale:${uid}`,
    payee_uid: uid,
    kind: "sale",
    amount: credits,
    available_at: new Date(clock().getTime() - DAY),
    source: { type: "purchase", id: `p-${uid}` },
  });
  return uid;
}

const linesOf = (uid: string) => db.collection<EarningLineDoc>("earnings").find({ payee_uid: uid }).toArray();
const balance = async (uid: string) => (await linesOf(uid)).reduce((s, l) => s + l.amount, 0);
const transfersTo = (account: string) => fakes.stripe.transfers.filter((t) => t.destination === account);

describe("the payout run (Stripe Connect transfers through the real SDK)", () => {
  it("pays each payee's available earnings in whole cents, once per period, the remainder kept", async () => {
    const uid = await payee(123_456);
    const small = await payee(9_999); // 999 cents: under the 1,000-cent minimum
    const out = await runPayouts(services, "r1");
    expect(out).toMatchObject({ created: 1, sent: 1, skipped: 1 });
    expect(transfersTo(`acct_fake${n - 1}`)).toEqual([expect.objectContaining({ amount: 12_345, currency: "usd" })]);
    expect(await balance(uid)).toBe(6);
    expect(await balance(small)).toBe(9_999);
    // The same period again: nothing more, even with new earnings.
    await (
      await services.store("earnings")
    ).record({
      key: `test:later:${uid}`,
      payee_uid: uid,
      kind: "sale",
      amount: 50_000,
      available_at: clock(),
      source: { type: "purchase", id: "later" },
    });
    await runPayouts(services, "r2");
    expect(fakes.stripe.transfers).toHaveLength(1);
    // The next period pays what accrued.
    offset = 7 * DAY;
    await runPayouts(services, "r3");
    expect(transfersTo(`acct_fake${n - 1}`).map((t) => t.amount)).toEqual([12_345, 5_000]);
    expect(await balance(uid)).toBe(6);
  });

  it("50 concurrent runs make one transfer per payee per period", async () => {
    const uids = [await payee(20_000), await payee(30_000), await payee(40_000)];
    await Promise.all(Array.from({ length: 50 }, (_, i) => runPayouts(services, `race${i}`)));
    // Runs that found a payout another run held leave it to that run: finish the period.
    offset = 11 * 60_000;
    await runPayouts(services, "after");
    expect(fakes.stripe.transfers.map((t) => t.amount).sort()).toEqual([2_000, 3_000, 4_000]);
    for (const uid of uids) expect(await balance(uid)).toBe(0);
    expect(await db.collection("payouts").countDocuments({ payee_uid: { $in: uids }, state: "sent" })).toBe(3);
  });

  it.each(["created", "debited", "claimed", "transferred"] as PayoutStep[])(
    "a run crashing after %s is finished by the next one, with one transfer",
    async (step) => {
      const uid = await payee(25_000);
      control.failAt = `mkt:payout:${step}`;
      await runPayouts(services, "crash").catch(() => undefined);
      expect(control.failAt).toBeNull();
      offset = 11 * 60_000; // the crashed run's lease has run out
      await runPayouts(services, "next");
      expect(fakes.stripe.transfers.map((t) => t.amount)).toEqual([2_500]);
      expect(await balance(uid)).toBe(0);
      expect((await db.collection("payouts").findOne({ payee_uid: uid }))?.state).toBe("sent");
    },
  );

  it("a run that crashed after creating a payout, finished by a run in a later period, pays the balance once", async () => {
    // The daily run crosses a period boundary (week, day) the day after a crash: the new period's
    // amount must not count the credits the unfinished payout already took.
    const uid = await payee(25_000);
    control.failAt = "mkt:payout:created";
    await runPayouts(services, "crash").catch(() => undefined);
    expect(control.failAt).toBeNull();
    offset = 7 * DAY;
    await runPayouts(services, "next-period");
    offset = 14 * DAY;
    await runPayouts(services, "period-after");
    expect(fakes.stripe.transfers.map((t) => t.amount)).toEqual([2_500]);
    expect(await balance(uid)).toBe(0);
  });

  it("a retry after Stripe forgot the idempotency key finds the transfer instead of paying twice", async () => {
    const uid = await payee(25_000);
    control.failAt = "mkt:payout:transferred"; // the transfer exists; the run dies before recording it
    await runPayouts(services, "crash").catch(() => undefined);
    fakes.stripe.forgetIdempotencyKeys();
    offset = 2 * DAY;
    await runPayouts(services, "days-later");
    expect(fakes.stripe.transfers).toHaveLength(1);
    expect((await db.collection("payouts").findOne({ payee_uid: uid }))?.transfer_id).toBe(fakes.stripe.transfers[0].id);
  });

  it("a transfer Stripe refuses returns the credits to the available balance; an unknown outcome is settled later", async () => {
    const refused = await payee(25_000);
    fakes.stripe.failNext(1, {
      status: 400,
      body: { error: { type: "invalid_request_error", code: "balance_insufficient", message: "no" } },
    });
    const out = await runPayouts(services, "refused");
    expect(out).toMatchObject({ failed: 1 });
    expect(await balance(refused)).toBe(25_000);
    expect((await db.collection("payouts").findOne({ payee_uid: refused }))?.state).toBe("failed");

    const unknown = await payee(30_000);
    fakes.stripe.failNext(1, { status: 500 });
    const first = await runPayouts(services, "flaky");
    expect(first.unknown).toBeGreaterThanOrEqual(1);
    expect(await balance(unknown)).toBe(0); // in payout
    offset = 11 * 60_000;
    await runPayouts(services, "settle");
    expect(transfersTo(`acct_fake${n}`).map((t) => t.amount)).toEqual([3_000]);
    expect((await db.collection("payouts").findOne({ payee_uid: unknown }))?.state).toBe("sent");
  });

  it("pays only payees whose transfers capability is active", async () => {
    const pending = await payee(50_000, "pending");
    await runPayouts(services, "inactive");
    expect(fakes.stripe.transfers).toEqual([]);
    expect(await balance(pending)).toBe(50_000);
  });
});
