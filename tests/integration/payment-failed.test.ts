import { fanOutBatch } from "../../functions/src/core/notifications/fan-out";
import { services } from "../../functions/src/services";
import {
  deliver,
  ids,
  paddleEvent,
  paddleTransaction,
  razorpayEvent,
  razorpayPayment,
  recordCheckout,
  stripeEvent,
  stripeInvoice,
  useWebhookApi,
} from "../support/webhook-events";

/**
 * A failed payment attempt, as each provider reports it, becomes one `payment.failed` fact and one
 * notification for the payer our server knows (our checkout, or secret-key metadata): never the
 * user a browser-set field names, and nobody when nothing of ours names the payer. No money moves.
 */
const api = useWebhookApi("payment_failed");

async function notificationsOf(uid: string) {
  await fanOutBatch(services);
  const db = await api.db();
  return db.collection("notifications").find({ uid, type: "payment.failed" }).toArray();
}

async function failedFacts(paymentId: string) {
  return (await api.db()).collection("events").find({ type: "payment.failed", "data.paymentId": paymentId }).toArray();
}

it("Stripe invoice.payment_failed: the subscription's secret-key metadata names the payer, told once however often it is delivered", async () => {
  const uid = ids.uid();
  const invoiceId = ids.of("in");
  const invoice = {
    ...stripeInvoice({
      id: invoiceId,
      uid,
      sku: "pro_monthly",
      subscription: ids.of("sub"),
      periodStart: new Date("2026-11-01T00:00:00Z"),
      periodEnd: new Date("2026-12-01T00:00:00Z"),
      amount: 1900,
    }),
    status: "open",
    amount_paid: 0,
    amount_due: 1900,
  };
  const event = stripeEvent("invoice.payment_failed", invoice);
  expect((await deliver(api.baseUrl, event)).status).toBe(200);
  expect((await deliver(api.baseUrl, event)).status).toBe(200);
  expect(await failedFacts(invoiceId)).toEqual([
    expect.objectContaining({ uid, data: expect.objectContaining({ provider: "stripe", amount: 1900, currency: "USD" }) }),
  ]);
  const [note, ...more] = await notificationsOf(uid);
  expect(more).toEqual([]);
  expect(note).toMatchObject({ title: "Payment failed", body: expect.stringContaining("$19.00 could not be charged") });
  expect(await (await api.db()).collection("transactions").countDocuments({ uid })).toBe(0);
});

it("Razorpay payment.failed: our order's checkout names the payer, not the payment's notes", async () => {
  const [buyer, claimed] = [ids.uid(), ids.uid()];
  const orderId = ids.of("order");
  const paymentId = ids.of("pay");
  await recordCheckout(await api.db(), { provider: "razorpay", uid: buyer, sku: "credits_1000", ids: [orderId] });
  const payment = razorpayPayment({ id: paymentId, orderId, amount: 39_900, notes: { uid: claimed } });
  const entity = { ...payment.entity, status: "failed", captured: false, error_code: "BAD_REQUEST_ERROR", error_reason: "payment_failed" };
  expect((await deliver(api.baseUrl, razorpayEvent("payment.failed", { payment: { entity } }))).status).toBe(200);
  expect(await failedFacts(paymentId)).toEqual([
    expect.objectContaining({
      uid: buyer,
      data: expect.objectContaining({ provider: "razorpay", amount: 39_900, currency: "INR", reason: "BAD_REQUEST_ERROR" }),
    }),
  ]);
  expect(await notificationsOf(buyer)).toHaveLength(1);
  expect(await notificationsOf(claimed)).toHaveLength(0);
});

it("Paddle transaction.payment_failed: our checkout's transaction names the payer, not custom_data", async () => {
  const [buyer, claimed] = [ids.uid(), ids.uid()];
  const txn = ids.of("txn");
  await recordCheckout(await api.db(), { provider: "paddle", uid: buyer, sku: "credits_1000", ids: [txn] });
  const transaction = {
    ...paddleTransaction({ id: txn, sku: "credits_1000", total: 500, customData: { uid: claimed } }),
    status: "past_due",
    payments: [{ status: "error", error_code: "declined" }],
  };
  expect((await deliver(api.baseUrl, paddleEvent("transaction.payment_failed", transaction))).status).toBe(200);
  expect(await failedFacts(txn)).toEqual([
    expect.objectContaining({ uid: buyer, data: expect.objectContaining({ provider: "paddle", amount: 500, reason: "declined" }) }),
  ]);
  const [note] = await notificationsOf(buyer);
  expect(note.body).toBe("$5.00 could not be charged (declined). Check your payment method.");
  expect(await notificationsOf(claimed)).toHaveLength(0);
});

it("a failure that nothing of ours attributes (only browser-set fields name a user) notifies nobody", async () => {
  const claimed = ids.uid();
  const paymentId = ids.of("pay");
  const payment = razorpayPayment({ id: paymentId, notes: { uid: claimed } });
  const entity = { ...payment.entity, status: "failed", captured: false, error_code: "BAD_REQUEST_ERROR" };
  expect((await deliver(api.baseUrl, razorpayEvent("payment.failed", { payment: { entity } }))).status).toBe(200);
  expect(await failedFacts(paymentId)).toEqual([]);
  expect(await notificationsOf(claimed)).toHaveLength(0);
});
