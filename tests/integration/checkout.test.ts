import { createUser, type TestUser } from "../support/auth-emulator";
import { usePaymentApi } from "../support/fakes/payment-fakes";
import { expectErrorBody, request } from "../support/http";

/**
 * POST /billing/checkout through the deployed function, with the real Stripe, Razorpay and Paddle
 * SDKs talking to loopback fakes of their APIs.
 */
const api = usePaymentApi("checkout");
const testDb = api.testDb;

const checkout = (user: TestUser, body: unknown) => request(api.baseUrl, "POST", "/billing/checkout", { token: user.idToken, body });
const collection = async (name: string) => (await testDb.db()).collection(name);
const PROVIDER_MESSAGE = /Scripted failure|api_error|SERVER_ERROR|internal_error|Unrecognized/;

describe("Stripe", () => {
  it("creates the user's customer once and a payment-mode session for a credit pack, priced inline in USD", async () => {
    const user = await createUser("stripe-pack");
    const res = await checkout(user, { provider: "stripe", sku: "credits_1000" });

    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      provider: "stripe",
      kind: "redirect",
      id: expect.stringMatching(/^cs_/),
      url: expect.stringMatching(/^https:\/\//),
    });
    const [customerReq] = api.fakes.stripe.requestsTo("POST", "/v1/customers");
    expect(customerReq.body).toMatchObject({ email: user.email, metadata: { uid: user.uid } });
    expect(customerReq.headers["idempotency-key"]).toBe(`customer:${user.uid}`);
    const [sessionReq] = api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions");
    expect(sessionReq.headers.authorization).toBe("Bearer sk_test_fake");
    expect(sessionReq.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(sessionReq.body).toMatchObject({
      mode: "payment",
      customer: api.fakes.stripe.customers.at(-1)!.id,
      client_reference_id: user.uid,
      metadata: { uid: user.uid, sku: "credits_1000" },
      payment_intent_data: { metadata: { uid: user.uid, sku: "credits_1000" } },
      line_items: [{ quantity: "1", price_data: { currency: "usd", unit_amount: "500", product_data: { name: "1,000 credits" } } }],
      success_url: "https://promptforge.app/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://promptforge.app/billing/cancel",
    });
    expect(sessionReq.body.subscription_data).toBeUndefined();

    const customers = await (await collection("billing_customers")).find({ uid: user.uid }).toArray();
    expect(customers).toEqual([expect.objectContaining({ uid: user.uid, stripe_customer_id: api.fakes.stripe.customers.at(-1)!.id })]);
    // Recorded even without a client idempotency key (a server key instead): webhooks attribute the payment by it.
    expect(await (await collection("checkouts")).find({ uid: user.uid }).toArray()).toEqual([
      expect.objectContaining({
        idempotency_key: expect.stringMatching(/^server:[0-9a-f-]{36}$/),
        provider: "stripe",
        sku: "credits_1000",
        provider_ids: [res.json.id],
        customer_id: api.fakes.stripe.customers.at(-1)!.id,
        price: { amount: 500, currency: "USD" },
      }),
    ]);
  });

  it("uses the configured price id for a pack that has one, and reuses the remembered customer", async () => {
    const user = await createUser("stripe-priced");
    expect((await checkout(user, { provider: "stripe", sku: "credits_1000" })).status).toBe(200);
    const res = await checkout(user, { provider: "stripe", sku: "credits_20000" });
    expect(res.status).toBe(200);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/customers")).toHaveLength(1);
    const sessions = api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions");
    expect(sessions[1].body.line_items).toEqual([{ price: "price_credits20k_fake", quantity: "1" }]);
    expect(sessions[1].body.customer).toBe(sessions[0].body.customer);
  });

  it("creates a subscription-mode session with the tier's price id and uid + sku on the subscription", async () => {
    const user = await createUser("stripe-sub");
    const res = await checkout(user, { provider: "stripe", sku: "tier_pro_monthly" });
    expect(res.status).toBe(200);
    const [sessionReq] = api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions");
    expect(sessionReq.body).toMatchObject({
      mode: "subscription",
      line_items: [{ price: "price_pro_fake", quantity: "1" }],
      metadata: { uid: user.uid, sku: "tier_pro_monthly" },
      subscription_data: { metadata: { uid: user.uid, sku: "tier_pro_monthly" } },
      client_reference_id: user.uid,
    });
    expect(sessionReq.body.payment_intent_data).toBeUndefined();
  });

  it("answers 503 payment_provider_unconfigured for a tier without a Stripe price id, calling nothing and writing nothing", async () => {
    const user = await createUser("stripe-unconfigured");
    const before = await testDb.snapshot();
    const res = await checkout(user, { provider: "stripe", sku: "tier_team_monthly" });
    expectErrorBody(res, 503, "payment_provider_unconfigured");
    expect(res.text).not.toContain("STRIPE_PRICES");
    expect(api.fakes.stripe.requests).toHaveLength(0);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("returns the same session for a repeated client idempotency key, and 409 when the key is reused for another sku", async () => {
    const user = await createUser("stripe-idem");
    const body = { provider: "stripe", sku: "credits_5000", idempotencyKey: "order-2024-abc_1" };
    const first = await checkout(user, body);
    const second = await checkout(user, body);
    expect(first.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(api.fakes.stripe.checkoutSessions.filter((s) => s.client_reference_id === user.uid)).toHaveLength(1);
    expect(await (await collection("checkouts")).find({ uid: user.uid }).toArray()).toEqual([
      expect.objectContaining({ idempotency_key: "order-2024-abc_1", provider: "stripe", sku: "credits_5000", result: first.json }),
    ]);

    const other = await checkout(user, { ...body, sku: "credits_1000" });
    expectErrorBody(other, 409, "idempotency_key_reused");
  });

  it("creates one session for the same key sent concurrently", async () => {
    const user = await createUser("stripe-idem-race");
    const body = { provider: "stripe", sku: "credits_1000", idempotencyKey: "double-click-1234" };
    const responses = await Promise.all(Array.from({ length: 5 }, () => checkout(user, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(new Set(responses.map((r) => r.json.id)).size).toBe(1);
    expect(api.fakes.stripe.checkoutSessions.filter((s) => s.client_reference_id === user.uid)).toHaveLength(1);
  });

  it("creates exactly one customer under 10 concurrent first checkouts, shared by every session", async () => {
    const user = await createUser("stripe-race");
    const responses = await Promise.all(Array.from({ length: 10 }, () => checkout(user, { provider: "stripe", sku: "credits_1000" })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const created = api.fakes.stripe.customers.filter((c) => c.metadata.uid === user.uid);
    expect(created).toHaveLength(1);
    const sessions = api.fakes.stripe.checkoutSessions.filter((s) => s.client_reference_id === user.uid);
    expect(sessions).toHaveLength(10);
    expect(new Set(sessions.map((s) => s.customer))).toEqual(new Set([created[0].id]));
    const docs = await (await collection("billing_customers")).find({ uid: user.uid }).toArray();
    expect(docs.map((d) => d.stripe_customer_id)).toEqual([created[0].id]);
  });

  it("retries a 5xx once with the same idempotency key and succeeds", async () => {
    const user = await createUser("stripe-retry");
    api.fakes.stripe.failNext(1, { status: 500 }, (r) => r.path === "/v1/checkout/sessions");
    const res = await checkout(user, { provider: "stripe", sku: "credits_1000" });
    expect(res.status).toBe(200);
    const attempts = api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions");
    expect(attempts).toHaveLength(2);
    expect(attempts[1].headers["idempotency-key"]).toBe(attempts[0].headers["idempotency-key"]);
  });

  it.each([
    ["a 5xx twice", { status: 503 }, 2],
    ["a 400 (our request rejected)", { status: 400 }, 1],
    ["a 429", { status: 429 }, 1],
  ] as const)(
    "answers %s with 502 payment_provider_error, without the provider's message, writing nothing",
    async (_label, failure, count) => {
      const user = await createUser("stripe-fail");
      // The user already has a customer: the failure hits the session create.
      expect((await checkout(user, { provider: "stripe", sku: "credits_1000" })).status).toBe(200);
      api.fakes.reset();
      api.fakes.stripe.failNext(count, failure, (r) => r.path === "/v1/checkout/sessions");
      const before = await testDb.snapshot();
      const res = await checkout(user, { provider: "stripe", sku: "credits_5000", idempotencyKey: "will-fail-0001" });
      expectErrorBody(res, 502, "payment_provider_error");
      expect(res.text).not.toMatch(PROVIDER_MESSAGE);
      expect(api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions")).toHaveLength(count);
      expect(await testDb.snapshot()).toEqual(before);
    },
  );

  it("answers 502 when creating the customer fails, remembering nothing", async () => {
    const user = await createUser("stripe-customer-down");
    api.fakes.stripe.failNext(2, { status: 500 }, (r) => r.path === "/v1/customers");
    const before = await testDb.snapshot();
    const res = await checkout(user, { provider: "stripe", sku: "credits_1000" });
    expectErrorBody(res, 502, "payment_provider_error");
    expect(api.fakes.stripe.requestsTo("POST", "/v1/checkout/sessions")).toHaveLength(0);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("answers 502 after the timeout when Stripe does not answer, without retrying, writing nothing", async () => {
    const user = await createUser("stripe-hang");
    api.fakes.stripe.failNext(1, "hang", (r) => r.path === "/v1/customers");
    const before = await testDb.snapshot();
    const started = Date.now();
    const res = await checkout(user, { provider: "stripe", sku: "credits_1000", idempotencyKey: "hang-key-00001" });
    expectErrorBody(res, 502, "payment_provider_error");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/customers")).toHaveLength(1);
    expect(await testDb.snapshot()).toEqual(before);
  });
});

describe("Razorpay", () => {
  it("creates an INR order in paise for a credit pack, with uid + sku in notes and a short receipt", async () => {
    const user = await createUser("rzp-pack");
    const res = await checkout(user, { provider: "razorpay", sku: "credits_5000" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      provider: "razorpay",
      kind: "razorpay_order",
      orderId: expect.stringMatching(/^order_/),
      keyId: "rzp_test_fakekey",
      amount: 159_900,
      currency: "INR",
    });
    const [orderReq] = api.fakes.razorpay.requestsTo("POST", "/v1/orders");
    expect(orderReq.headers.authorization).toBe(`Basic ${Buffer.from("rzp_test_fakekey:rzp_fake_secret").toString("base64")}`);
    expect(orderReq.body).toEqual({
      amount: 159_900,
      currency: "INR",
      receipt: expect.any(String),
      notes: { uid: user.uid, sku: "credits_5000" },
    });
    expect(orderReq.body.receipt.length).toBeLessThanOrEqual(40);
    expect(await (await collection("checkouts")).findOne({ uid: user.uid })).toMatchObject({
      provider: "razorpay",
      sku: "credits_5000",
      provider_ids: [res.json.orderId],
      price: { amount: 159_900, currency: "INR" },
    });
    // Razorpay needs no customer.
    expect(await (await collection("billing_customers")).countDocuments({ uid: user.uid })).toBe(0);
  });

  it("creates a subscription on the tier's plan with uid + sku in notes", async () => {
    const user = await createUser("rzp-sub");
    const res = await checkout(user, { provider: "razorpay", sku: "tier_pro_monthly" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      provider: "razorpay",
      kind: "razorpay_subscription",
      subscriptionId: expect.stringMatching(/^sub_/),
      keyId: "rzp_test_fakekey",
      shortUrl: expect.stringMatching(/^https:\/\//),
    });
    const [subReq] = api.fakes.razorpay.requestsTo("POST", "/v1/subscriptions");
    expect(subReq.body).toMatchObject({ plan_id: "plan_pro_fake", total_count: 120, notes: { uid: user.uid, sku: "tier_pro_monthly" } });
  });

  it("answers 503 for a tier without a Razorpay plan", async () => {
    const user = await createUser("rzp-noplan");
    const res = await checkout(user, { provider: "razorpay", sku: "tier_team_monthly" });
    expectErrorBody(res, 503, "payment_provider_unconfigured");
    expect(api.fakes.razorpay.requests).toHaveLength(0);
  });

  it("returns the same order for a repeated client idempotency key", async () => {
    const user = await createUser("rzp-idem");
    const body = { provider: "razorpay", sku: "credits_1000", idempotencyKey: "rzp-order-key-1" };
    const first = await checkout(user, body);
    const second = await checkout(user, body);
    expect(second.json).toEqual(first.json);
    expect(api.fakes.razorpay.orders.filter((o) => o.notes.uid === user.uid)).toHaveLength(1);
  });

  it.each([
    ["a 5xx", { status: 500 } as const],
    ["a timeout", "hang" as const],
  ])("answers %s with 502 and does not retry the order create (no idempotency keys), writing nothing", async (_label, failure) => {
    const user = await createUser("rzp-fail");
    api.fakes.razorpay.failNext(1, failure);
    const before = await testDb.snapshot();
    const res = await checkout(user, { provider: "razorpay", sku: "credits_1000", idempotencyKey: "rzp-fail-key-1" });
    expectErrorBody(res, 502, "payment_provider_error");
    expect(res.text).not.toMatch(PROVIDER_MESSAGE);
    expect(api.fakes.razorpay.requestsTo("POST", "/v1/orders")).toHaveLength(1);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("answers 502 when Razorpay cannot be reached at all", async () => {
    const user = await createUser("rzp-down");
    const url = process.env.RAZORPAY_API_URL;
    process.env.RAZORPAY_API_URL = "http://127.0.0.1:9"; // discard port: connection refused
    try {
      const res = await checkout(user, { provider: "razorpay", sku: "credits_1000" });
      expectErrorBody(res, 502, "payment_provider_error");
    } finally {
      process.env.RAZORPAY_API_URL = url;
    }
  });
});

describe("Paddle", () => {
  it("creates a transaction with the sku's price id and uid + sku in custom_data", async () => {
    const user = await createUser("paddle-pack");
    const res = await checkout(user, { provider: "paddle", sku: "credits_1000" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      provider: "paddle",
      kind: "paddle_transaction",
      transactionId: expect.stringMatching(/^txn_/),
      url: expect.stringMatching(/^https:\/\//),
    });
    const [txnReq] = api.fakes.paddle.requestsTo("POST", "/transactions");
    expect(txnReq.headers.authorization).toBe("bearer pdl_fake_apikey");
    expect(txnReq.body).toEqual({
      items: [{ price_id: "pri_credits1k_fake", quantity: 1 }],
      custom_data: { uid: user.uid, sku: "credits_1000" },
    });
    expect(await (await collection("checkouts")).findOne({ uid: user.uid })).toMatchObject({
      provider: "paddle",
      sku: "credits_1000",
      provider_ids: [res.json.transactionId],
    });
  });

  it("passes the user's known Paddle customer", async () => {
    const user = await createUser("paddle-customer");
    const now = new Date();
    await (
      await collection("billing_customers")
    ).insertOne({ uid: user.uid, paddle_customer_id: "ctm_known", created_at: now, updated_at: now });
    expect((await checkout(user, { provider: "paddle", sku: "tier_team_monthly" })).status).toBe(200);
    const [txnReq] = api.fakes.paddle.requestsTo("POST", "/transactions");
    expect(txnReq.body).toMatchObject({ customer_id: "ctm_known", items: [{ price_id: "pri_team_fake", quantity: 1 }] });
  });

  it("answers 503 for a sku without a Paddle price", async () => {
    const user = await createUser("paddle-noprice");
    const res = await checkout(user, { provider: "paddle", sku: "credits_20000" });
    expectErrorBody(res, 503, "payment_provider_unconfigured");
    expect(api.fakes.paddle.requests).toHaveLength(0);
  });

  it.each([
    ["a 5xx", { status: 502 } as const],
    ["a 400", { status: 400 } as const],
    ["a timeout (the SDK has none: ours)", "hang" as const],
  ])("answers %s with 502 without retrying the create, writing nothing", async (_label, failure) => {
    const user = await createUser("paddle-fail");
    api.fakes.paddle.failNext(1, failure);
    const before = await testDb.snapshot();
    const res = await checkout(user, { provider: "paddle", sku: "credits_1000", idempotencyKey: "paddle-fail-key" });
    expectErrorBody(res, 502, "payment_provider_error");
    expect(res.text).not.toMatch(PROVIDER_MESSAGE);
    expect(api.fakes.paddle.requestsTo("POST", "/transactions")).toHaveLength(1);
    expect(await testDb.snapshot()).toEqual(before);
  });
});

describe("input", () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser("checkout-input");
  });

  it.each([
    ["an unknown sku", { provider: "stripe", sku: "credits_999" }, "body.sku"],
    ["an unknown provider", { provider: "paypal", sku: "credits_1000" }, "body.provider"],
    ["a short idempotency key", { provider: "stripe", sku: "credits_1000", idempotencyKey: "short" }, "body.idempotencyKey"],
    [
      "an idempotency key with other characters",
      { provider: "stripe", sku: "credits_1000", idempotencyKey: "key with spaces!" },
      "body.idempotencyKey",
    ],
    ["no sku", { provider: "stripe" }, "body.sku"],
  ])("rejects %s with 400, calling no provider", async (_label, body, field) => {
    const res = await checkout(user, body);
    expectErrorBody(res, 400, "validation_failed");
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect([...api.fakes.stripe.requests, ...api.fakes.razorpay.requests, ...api.fakes.paddle.requests]).toHaveLength(0);
  });

  it("requires a signed-in caller", async () => {
    const res = await request(api.baseUrl, "POST", "/billing/checkout", { body: { provider: "stripe", sku: "credits_1000" } });
    expectErrorBody(res, 401, "unauthenticated");
  });
});
