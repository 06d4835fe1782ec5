import type { EarningLineDoc } from "../../functions/src/core/marketplace/earnings-store";
import { runPayouts } from "../../functions/src/core/marketplace/payout-run";
import { services } from "../../functions/src/services";
import { startPaymentFakes, type PaymentFakes } from "../support/fakes/payment-fakes";
import { deliver, ids, stripeEvent, useWebhookApi } from "../support/webhook-events";

/** `transfer.reversed` through the exported stripeWebhook: the reversed cents come back to the payee's available earnings, once. */
const api = useWebhookApi("payout_reversal");
let fakes: PaymentFakes;

beforeAll(async () => {
  fakes = await startPaymentFakes();
});
afterAll(() => fakes.close());

async function paidPayee(credits: number): Promise<{ uid: string; transfer: Record<string, any> }> {
  const uid = ids.uid();
  const accounts = await services.store("marketplaceAccounts");
  await accounts.ensure(uid);
  await accounts.setConnect(uid, {
    account_id: `acct_${uid}`,
    transfers: "active",
    payouts_enabled: true,
    details_submitted: true,
    disabled_reason: null,
    currently_due: [],
    checked_at: new Date(),
  });
  await (
    await services.store("earnings")
  ).record({
    key: `test:sale:${uid}`,
    payee_uid: uid,
    kind: "sale",
    amount: credits,
    available_at: new Date(Date.now() - 1_000),
    source: { type: "purchase", id: `p-${uid}` },
  });
  await runPayouts(services, `rev-${uid}`);
  const transfer = fakes.stripe.transfers.find((t) => t.destination === `acct_${uid}`)!;
  expect(transfer).toBeDefined();
  return { uid, transfer };
}

const reversed = (transfer: Record<string, any>, amountReversed: number) =>
  stripeEvent("transfer.reversed", { ...transfer, amount_reversed: amountReversed, reversed: amountReversed >= transfer.amount });
const lines = async (uid: string) =>
  (await api.db()).collection<EarningLineDoc>("earnings").find({ payee_uid: uid }).sort({ created_at: 1, _id: 1 }).toArray();
const available = async (uid: string) => (await services.store("earnings")).availableAt(uid, new Date(Date.now() + 1_000));

it("returns each reversed cent once: partial then cumulative, redelivered, out of order and concurrent", async () => {
  const { uid, transfer } = await paidPayee(12_345); // 1,234 cents sent, 5 credits kept
  expect(await available(uid)).toBe(5);
  const first = reversed(transfer, 100);
  const second = reversed(transfer, 250);
  expect((await deliver(api.baseUrl, second)).status).toBe(200);
  expect((await deliver(api.baseUrl, first)).status).toBe(200); // older, smaller total: nothing more
  await Promise.all(Array.from({ length: 10 }, () => deliver(api.baseUrl, reversed(transfer, 400))));
  expect((await deliver(api.baseUrl, second)).status).toBe(200);
  const returns = (await lines(uid)).filter((l) => l.kind === "payout_return").map((l) => l.amount);
  expect(returns.reduce((s, a) => s + a, 0)).toBe(4_000);
  expect(await available(uid)).toBe(4_005);
  const payout = await (await api.db()).collection("payouts").findOne({ payee_uid: uid });
  expect(payout).toMatchObject({ state: "sent", reversed_cents: 400 });
  expect(await (await api.db()).collection("events").countDocuments({ type: "payout.failed", uid })).toBe(2);
});

it("ignores a transfer that is not a payout of ours", async () => {
  const res = await deliver(
    api.baseUrl,
    stripeEvent("transfer.reversed", { id: "tr_unknown", object: "transfer", amount: 100, amount_reversed: 100, metadata: {} }),
  );
  expect(res.status).toBe(200);
});
