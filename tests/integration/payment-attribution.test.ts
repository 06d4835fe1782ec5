import { createUser, type TestUser } from "../support/auth-emulator";
import { usePaymentApi } from "../support/fakes/payment-fakes";
import { request } from "../support/http";
import {
  catalogPrice,
  deliver,
  ids,
  ledgerOf,
  paddleEvent,
  paddleTransaction,
  razorpayEvent,
  razorpayOrder,
  razorpayPayment,
  stripeCheckoutPayment,
  stripeEvent,
  useWebhookSecrets,
} from "../support/webhook-events";

/**
 * The trust boundary, end to end: a buyer starts a checkout through POST /billing/checkout (the real
 * Stripe, Razorpay and Paddle SDKs against their loopback fakes), then the provider's signed events
 * arrive, with the fields a buyer's browser can set (Razorpay payment notes, Paddle custom_data) or
 * metadata that disagrees with the amount. Each attack grants at most what was paid for, to the buyer
 * who started the checkout; the honest path grants exactly once.
 */
useWebhookSecrets();
const api = usePaymentApi("payment_attribution");
const db = () => api.testDb.db();

const checkout = async (user: TestUser, provider: string, sku: string) => {
  const res = await request(api.baseUrl, "POST", "/billing/checkout", { token: user.idToken, body: { provider, sku } });
  expect(res.status).toBe(200);
  return res.json;
};
const payment = async (provider: string, id: string) => (await db()).collection("payments").findOne({ provider, payment_id: id });

describe("Razorpay: payment notes are the browser's", () => {
  it("an order of ours paid with payment notes naming another user and the biggest pack: the order's buyer gets the pack the order was for, once", async () => {
    const [buyer, victim] = await Promise.all([createUser("rzp-buyer"), createUser("rzp-victim")]);
    const { orderId } = await checkout(buyer, "razorpay", "credits_1000");
    const payId = ids.of("pay");
    const amount = catalogPrice("credits_1000", "INR");
    const forged = { uid: victim.uid, sku: "credits_20000" };
    const captured = razorpayEvent("payment.captured", { payment: razorpayPayment({ id: payId, orderId, amount, notes: forged }) });
    // order.paid carries the order as Razorpay stores it: the notes our server set with the key secret.
    const orderPaid = razorpayEvent("order.paid", {
      payment: razorpayPayment({ id: payId, orderId, amount, notes: forged }),
      order: razorpayOrder({ id: orderId, amount, notes: { uid: buyer.uid, sku: "credits_1000" } }),
    });
    for (const e of [captured, orderPaid, captured]) expect((await deliver(api.baseUrl, e)).status).toBe(200);

    expect((await ledgerOf(await db(), buyer.uid)).entries.map((e) => [e.type, e.delta_available])).toEqual([["purchase", 1000]]);
    expect((await ledgerOf(await db(), victim.uid)).entries).toEqual([]);
    expect(await payment("razorpay", payId)).toMatchObject({
      uid: buyer.uid,
      sku: "credits_1000",
      credits: 1000,
      attributed_by: "checkout",
      claimed: forged,
    });
  });

  it("a payment outside any order of ours, with notes naming a user and a pack: held, nothing granted", async () => {
    const victim = await createUser("rzp-direct");
    const payId = ids.of("pay");
    const e = razorpayEvent("payment.captured", {
      payment: razorpayPayment({
        id: payId,
        amount: catalogPrice("credits_1000", "INR"),
        notes: { uid: victim.uid, sku: "credits_20000" },
      }),
    });
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), victim.uid)).entries).toEqual([]);
    expect(await payment("razorpay", payId)).toMatchObject({
      state: "held",
      uid: null,
      credits: 0,
      claimed: { uid: victim.uid, sku: "credits_20000" },
    });
  });
});

describe("Paddle: custom_data is the browser's", () => {
  it("our transaction completed with custom_data naming another user and a bigger pack: the buyer gets the pack billed, once", async () => {
    const [buyer, victim] = await Promise.all([createUser("pdl-buyer"), createUser("pdl-victim")]);
    const { transactionId } = await checkout(buyer, "paddle", "credits_1000");
    const paid = paddleEvent(
      "transaction.completed",
      paddleTransaction({ id: transactionId, sku: "credits_1000", total: 500, customData: { uid: victim.uid, sku: "credits_20000" } }),
    );
    for (const e of [paid, paid]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), buyer.uid)).entries.map((e) => [e.type, e.delta_available])).toEqual([["purchase", 1000]]);
    expect((await ledgerOf(await db(), victim.uid)).entries).toEqual([]);
  });

  it("a transaction we did not create (Paddle.js with the client token), custom_data naming a user: held, nothing granted", async () => {
    const victim = await createUser("pdl-foreign");
    const txn = ids.of("txn");
    const paid = paddleEvent(
      "transaction.completed",
      paddleTransaction({ id: txn, sku: "credits_1000", total: 500, customData: { uid: victim.uid, sku: "credits_1000" } }),
    );
    expect((await deliver(api.baseUrl, paid)).status).toBe(200);
    expect((await ledgerOf(await db(), victim.uid)).entries).toEqual([]);
    expect(await payment("paddle", txn)).toMatchObject({
      state: "held",
      uid: null,
      hold_reason: expect.stringContaining("names the buyer"),
    });
  });

  it("our transaction billed at another price than the checkout sold: held", async () => {
    const buyer = await createUser("pdl-swap");
    const { transactionId } = await checkout(buyer, "paddle", "credits_1000");
    const paid = paddleEvent("transaction.completed", paddleTransaction({ id: transactionId, sku: "credits_5000", total: 2000 }));
    expect((await deliver(api.baseUrl, paid)).status).toBe(200);
    expect((await ledgerOf(await db(), buyer.uid)).entries).toEqual([]);
    expect(await payment("paddle", transactionId)).toMatchObject({
      state: "held",
      uid: buyer.uid,
      hold_reason: expect.stringContaining("checkout was for credits_1000"),
    });
  });
});

describe("Stripe: metadata against the amount", () => {
  it("our session paid the small pack's price with metadata claiming the biggest pack: held, nothing granted", async () => {
    const buyer = await createUser("stripe-meta");
    const { id: sessionId } = await checkout(buyer, "stripe", "credits_1000");
    const pi = ids.of("pi");
    const e = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ sessionId, uid: buyer.uid, sku: "credits_20000", paymentIntent: pi, amount: 500 }),
    );
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), buyer.uid)).entries).toEqual([]);
    expect(await payment("stripe", pi)).toMatchObject({ state: "held", credits: 0 });
  });

  it("a session with no record of ours, metadata claiming the biggest pack for the small pack's amount: held", async () => {
    const buyer = await createUser("stripe-meta2");
    const pi = ids.of("pi");
    const e = stripeEvent(
      "checkout.session.completed",
      stripeCheckoutPayment({ uid: buyer.uid, sku: "credits_20000", paymentIntent: pi, amount: 500 }),
    );
    expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), buyer.uid)).entries).toEqual([]);
    expect(await payment("stripe", pi)).toMatchObject({
      state: "held",
      hold_reason: expect.stringMatching(/500 USD.*credits_20000.*7000 USD/),
    });
  });
});

describe("the honest path through each provider's checkout grants exactly once", () => {
  it.each(["stripe", "razorpay", "paddle"] as const)("%s", async (provider) => {
    const buyer = await createUser(`honest-${provider}`);
    const created = await checkout(buyer, provider, "credits_5000");
    let events;
    let paymentId: string;
    if (provider === "stripe") {
      paymentId = ids.of("pi");
      // The session as Stripe reports it: the metadata our server set, nothing else to go by.
      events = [
        stripeEvent(
          "checkout.session.completed",
          stripeCheckoutPayment({ sessionId: created.id, uid: buyer.uid, sku: "credits_5000", paymentIntent: paymentId, amount: 2000 }),
        ),
      ];
    } else if (provider === "razorpay") {
      paymentId = ids.of("pay");
      const amount = created.amount;
      events = [
        razorpayEvent("payment.captured", { payment: razorpayPayment({ id: paymentId, orderId: created.orderId, amount }) }),
        razorpayEvent("order.paid", {
          payment: razorpayPayment({ id: paymentId, orderId: created.orderId, amount }),
          order: razorpayOrder({ id: created.orderId, amount, notes: { uid: buyer.uid, sku: "credits_5000" } }),
        }),
      ];
    } else {
      paymentId = created.transactionId;
      events = [
        paddleEvent(
          "transaction.completed",
          paddleTransaction({ id: created.transactionId, sku: "credits_5000", total: 2000, uid: buyer.uid }),
        ),
      ];
    }
    for (const e of [...events, ...events]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect((await ledgerOf(await db(), buyer.uid)).entries.map((e) => [e.type, e.delta_available])).toEqual([["purchase", 5000]]);
    expect(await payment(provider, paymentId)).toMatchObject({
      state: "granted",
      uid: buyer.uid,
      attributed_by: "checkout",
      payer_is_beneficiary: true,
    });
  });
});
