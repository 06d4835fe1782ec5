import { ObjectId } from "mongodb";
import type { EarningLineDoc } from "../../functions/src/core/marketplace/earnings-store";
import { runPayouts } from "../../functions/src/core/marketplace/payout-run";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { startPaymentFakes, type PaymentFakes } from "../support/fakes/payment-fakes";
import {
  deliver,
  ids,
  stripeChargeRefunded,
  stripeCheckoutPayment,
  stripeDispute,
  stripeEvent,
  stripeInvoice,
  useWebhookApi,
} from "../support/webhook-events";

/**
 * Partner commission on referred users' credit-pack payments, through the exported stripeWebhook
 * (signed events, the real pipeline). Referrals are written through the store (attribution itself:
 * partners.test.ts). Amounts are chosen so that a wrong rate or rounding changes the outcome.
 */
const api = useWebhookApi("partner_commission");
const DAY = 86_400_000;
let fakes: PaymentFakes;

beforeAll(async () => {
  fakes = await startPaymentFakes();
});
afterAll(async () => {
  await fakes.close();
  delete process.env.MARKETPLACE_REFUND_WINDOW_DAYS;
  delete process.env.MARKETPLACE_PAYOUT_MIN_CENTS;
});

async function referred(o: { bps?: number; until?: Date } = {}): Promise<{ partner: string; uid: string }> {
  const partner = ids.uid();
  const uid = ids.uid();
  const partners = await services.store("partners");
  await partners.ensurePartner(partner, () => ids.of("C").slice(0, 8).toUpperCase());
  if (o.bps !== undefined) await (await services.store("marketplaceAccounts")).setOverrides(partner, { commissionBps: o.bps });
  const now = new Date();
  await partners.attribute({
    uid,
    partner_uid: partner,
    click_id: new ObjectId(),
    clicked_at: now,
    attributed_at: new Date(now.getTime() - DAY),
    commission_until: o.until ?? new Date(now.getTime() + 300 * DAY),
  });
  return { partner, uid };
}

const linesOf = async (payee: string) =>
  (await api.db()).collection<EarningLineDoc>("earnings").find({ payee_uid: payee }).sort({ created_at: 1, _id: 1 }).toArray();
const sum = (lines: EarningLineDoc[]) => lines.reduce((s, l) => s + l.amount, 0);
const pay = async (uid: string, sku: string, amount: number, opts: { pi?: string; customer?: string } = {}) => {
  const pi = opts.pi ?? ids.of("pi");
  const res = await deliver(
    api.baseUrl,
    stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid, sku, paymentIntent: pi, amount, customer: opts.customer })),
  );
  expect(res.status).toBe(200);
  return pi;
};
const commissionEvents = async (partner: string) =>
  (await (await api.db()).collection("events").find({ type: "partner.commission", uid: partner }).sort({ occurred_at: 1 }).toArray()).map(
    (e) => (e.data as { credits: number }).credits,
  );

describe("commission on a referred user's payment", () => {
  it("is floor(US cents × 10 × bps / 10,000), held for the refund window, once per payment", async () => {
    // credits_5000 at US$20.00 and the default 20 %: 2,000 × 10 × 0.2 = 4,000.
    const a = await referred();
    const pi = await pay(a.uid, "credits_5000", 2_000);
    const [line] = await linesOf(a.partner);
    expect(line).toMatchObject({
      kind: "commission",
      amount: 4_000,
      key: `payment:stripe:${pi}:commission`,
      source: { type: "payment", id: `stripe:${pi}`, referred_uid: a.uid },
    });
    expect(line.available_at.getTime() - line.created_at.getTime()).toBeGreaterThan(7 * DAY - 60_000);
    expect(await commissionEvents(a.partner)).toEqual([4_000]);

    // A partner at 1,234 bps on credits_1000 (US$5.00): floor(5,000 × 0.1234) = 617 (20 % would be 1,000).
    const b = await referred({ bps: 1_234 });
    await pay(b.uid, "credits_1000", 500);
    expect((await linesOf(b.partner)).map((l) => l.amount)).toEqual([617]);
  });

  it("a subscription period earns it too: tier_pro_monthly at US$19.00, 1,900 × 10 × 0.2 = 3,800 per paid invoice", async () => {
    const a = await referred();
    const subscription = ids.of("sub");
    const start = new Date();
    for (const id of [ids.of("in"), ids.of("in")]) {
      const invoice = stripeInvoice({
        id,
        uid: a.uid,
        sku: "tier_pro_monthly",
        subscription,
        periodStart: start,
        periodEnd: new Date(start.getTime() + 30 * DAY),
      });
      expect((await deliver(api.baseUrl, stripeEvent("invoice.paid", invoice))).status).toBe(200);
    }
    expect((await linesOf(a.partner)).map((l) => [l.kind, l.amount])).toEqual([
      ["commission", 3_800],
      ["commission", 3_800],
    ]);
  });

  it("a discount lowers it in proportion, rounded down twice (cents, then credits)", async () => {
    // credits_1000 paid 333 of 500 cents at 1,234 bps: 333 × 10 × 0.1234 = 410.9 → 410.
    const a = await referred({ bps: 1_234 });
    const pi = ids.of("pi");
    await deliver(
      api.baseUrl,
      stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid: a.uid, sku: "credits_1000", paymentIntent: pi, amount: 333, subtotal: 500 }),
      ),
    );
    expect((await linesOf(a.partner)).map((l) => l.amount)).toEqual([410]);
  });

  it("20 concurrent deliveries of the payment and redeliveries write one commission", async () => {
    const a = await referred();
    const event = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid: a.uid, sku: "credits_5000", paymentIntent: ids.of("pi"), amount: 2_000 }),
    );
    await Promise.all(Array.from({ length: 20 }, () => deliver(api.baseUrl, event)));
    await deliver(api.baseUrl, event);
    expect((await linesOf(a.partner)).map((l) => l.amount)).toEqual([4_000]);
    expect(await commissionEvents(a.partner)).toEqual([4_000]);
  });

  it("pays nothing after the commission period, to no one for an unreferred user, nor on the partner's own customer", async () => {
    const expired = await referred({ until: new Date(Date.now() - 60_000) });
    await pay(expired.uid, "credits_5000", 2_000);
    expect(await linesOf(expired.partner)).toEqual([]);

    const stranger = ids.uid();
    await pay(stranger, "credits_5000", 2_000);
    expect(await (await api.db()).collection("earnings").countDocuments({ "source.referred_uid": stranger })).toBe(0);

    const self = await referred();
    await (await services.store("billingCustomers")).remember(self.partner, "stripe", "cus_partner_own", new Date());
    await pay(self.uid, "credits_5000", 2_000, { customer: "cus_partner_own" });
    expect(await linesOf(self.partner)).toEqual([]);
  });
});

describe("crashes", () => {
  it.each(["effect:credit", "effect:reversal_ledger"])("a delivery dying after %s is completed by the redelivery, once", async (step) => {
    const a = await referred();
    let armed = step === "effect:credit";
    const restore = overrideServicesForTests({
      faults: {
        at(point) {
          if (armed && point === step) {
            armed = false;
            throw new Error(`injected failure at ${point}`);
          }
        },
      },
    });
    try {
      const pi = ids.of("pi");
      const paid = stripeEvent(
        "checkout.session.completed",
        stripeCheckoutPayment({ uid: a.uid, sku: "credits_5000", paymentIntent: pi, amount: 2_000 }),
      );
      if (step === "effect:credit") expect((await deliver(api.baseUrl, paid)).status).toBe(500);
      expect((await deliver(api.baseUrl, paid)).status).toBe(200);
      armed = step === "effect:reversal_ledger";
      const refund = stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 2_000, amountRefunded: 1_000 }));
      if (step === "effect:reversal_ledger") expect((await deliver(api.baseUrl, refund)).status).toBe(500);
      expect((await deliver(api.baseUrl, refund)).status).toBe(200);
      expect((await deliver(api.baseUrl, refund)).status).toBe(200);
      expect((await linesOf(a.partner)).map((l) => l.amount)).toEqual([4_000, -2_000]);
    } finally {
      restore();
    }
  });
});

describe("reversal on refund and chargeback", () => {
  it("a refund takes back the refunded share, a chargeback the rest: negative lines, the commission line untouched", async () => {
    const a = await referred();
    const pi = await pay(a.uid, "credits_5000", 2_000);
    // 500 of 2,000 cents refunded: 1,250 of 5,000 credits reversed; the commission keeps floor(4,000 × 3,750 / 5,000) = 3,000.
    await deliver(
      api.baseUrl,
      stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 2_000, amountRefunded: 500 })),
    );
    let lines = await linesOf(a.partner);
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([
      ["commission", 4_000],
      ["commission_reversal", -1_000],
    ]);
    // Still held: the reversal matures with the commission.
    expect(lines[1].available_at).toEqual(lines[0].available_at);
    await deliver(
      api.baseUrl,
      stripeEvent("charge.dispute.created", stripeDispute({ id: ids.of("dp"), paymentIntent: pi, amount: 2_000 })),
    );
    lines = await linesOf(a.partner);
    expect(lines.map((l) => l.amount)).toEqual([4_000, -1_000, -3_000]);
    expect(sum(lines)).toBe(0);
    expect(await commissionEvents(a.partner)).toEqual([4_000, -1_000, -3_000]);
  });

  it("after a payout, a refund leaves a negative balance (clawback against later commissions); the paid line is never edited", async () => {
    process.env.MARKETPLACE_REFUND_WINDOW_DAYS = "0";
    process.env.MARKETPLACE_PAYOUT_MIN_CENTS = "100";
    const a = await referred();
    const pi = await pay(a.uid, "credits_5000", 2_000);
    const accounts = await services.store("marketplaceAccounts");
    await accounts.ensure(a.partner);
    await accounts.setConnect(a.partner, {
      account_id: `acct_${a.partner}`,
      transfers: "active",
      payouts_enabled: true,
      details_submitted: true,
      disabled_reason: null,
      currently_due: [],
      checked_at: new Date(),
    });
    await new Promise((r) => setTimeout(r, 5));
    await runPayouts(services, `commission-${a.partner}`);
    expect(fakes.stripe.transfers.filter((t) => t.destination === `acct_${a.partner}`).map((t) => t.amount)).toEqual([400]);
    const paidLine = (await linesOf(a.partner))[0];
    await deliver(
      api.baseUrl,
      stripeEvent("charge.refunded", stripeChargeRefunded({ paymentIntent: pi, amount: 2_000, amountRefunded: 2_000 })),
    );
    const lines = await linesOf(a.partner);
    expect(lines.map((l) => [l.kind, l.amount])).toEqual([
      ["commission", 4_000],
      ["payout", -4_000],
      ["commission_reversal", -4_000],
    ]);
    expect(lines[0]).toEqual(paidLine);
    expect(await (await services.store("earnings")).availableAt(a.partner, new Date())).toBe(-4_000);
    // The next commission first pays back the clawback.
    await pay(a.uid, "credits_20000", 7_000); // 7,000 × 10 × 0.2 = 14,000
    expect(await (await services.store("earnings")).availableAt(a.partner, new Date(Date.now() + 1_000))).toBe(10_000);
  });
});
