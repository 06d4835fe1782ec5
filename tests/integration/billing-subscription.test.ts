import { setLogSink } from "../../functions/src/platform/logger";
import { createUser, type TestUser } from "../support/auth-emulator";
import { usePaymentApi } from "../support/fakes/payment-fakes";
import { expectErrorBody, request } from "../support/http";

/** GET /billing/subscription, POST /billing/subscription/cancel and POST /billing/portal, against the provider api.fakes. */
const api = usePaymentApi("billing_subscription");
const testDb = api.testDb;

const collection = async (name: string) => (await testDb.db()).collection(name);
const periodEnd = new Date("2031-01-31T00:00:00.000Z");

/** A subscription as the payment webhooks record it. */
async function seedSubscription(user: TestUser, fields: Record<string, unknown> = {}) {
  const doc = {
    provider: "stripe",
    subscription_id: `sub_${user.uid.slice(0, 8)}_${Math.random().toString(36).slice(2, 8)}`,
    uid: user.uid,
    sku: "tier_pro_monthly",
    tier: "pro",
    status: "active",
    current_period_end: periodEnd,
    cancel_at_period_end: false,
    version: 1_700_000_000,
    updated_at: new Date(Date.now() - 60_000),
    ...fields,
  };
  await (await collection("subscriptions")).insertOne(doc);
  return doc;
}

describe("GET /billing/subscription", () => {
  it("answers null and the free tier for a user without a subscription, creating nothing", async () => {
    const user = await createUser("sub-none");
    // An accepted request marks its caller active (after the response): the one write a read makes.
    const unchanged = () => testDb.snapshot({ except: ["user_activity"] });
    const before = await unchanged();
    const res = await request(api.baseUrl, "GET", "/billing/subscription", { token: user.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ subscription: null, tier: "free" });
    expect(await unchanged()).toEqual(before);
  });

  it("answers the current subscription and the tier from the user's profile", async () => {
    const user = await createUser("sub-active");
    await request(api.baseUrl, "GET", "/users/me", { token: user.idToken });
    await (await collection("users")).updateOne({ uid: user.uid }, { $set: { tier: "pro" } });
    await seedSubscription(user, { status: "canceled", subscription_id: "sub_old", updated_at: new Date() });
    const current = await seedSubscription(user, { provider: "paddle", subscription_id: "sub_current" });

    const res = await request(api.baseUrl, "GET", "/billing/subscription", { token: user.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      subscription: {
        provider: "paddle",
        subscriptionId: current.subscription_id,
        sku: "tier_pro_monthly",
        tier: "pro",
        status: "active",
        currentPeriodEnd: periodEnd.toISOString(),
        cancelAtPeriodEnd: false,
      },
      tier: "pro",
    });
  });

  it("does not show another user's subscription", async () => {
    const owner = await createUser("sub-owner");
    const other = await createUser("sub-other");
    await seedSubscription(owner);
    const res = await request(api.baseUrl, "GET", "/billing/subscription", { token: other.idToken });
    expect(res.json).toEqual({ subscription: null, tier: "free" });
  });
});

describe("POST /billing/subscription/cancel", () => {
  const cancel = (user: TestUser) => request(api.baseUrl, "POST", "/billing/subscription/cancel", { token: user.idToken });

  it("answers 404 when the caller has no current subscription", async () => {
    const user = await createUser("cancel-none");
    await seedSubscription(user, { status: "canceled" });
    expectErrorBody(await cancel(user), 404, "not_found");
    expect([...api.fakes.stripe.requests, ...api.fakes.razorpay.requests, ...api.fakes.paddle.requests]).toHaveLength(0);
  });

  it("cancels a Stripe subscription at period end, then records it; asking again calls nothing", async () => {
    const user = await createUser("cancel-stripe");
    const seeded = await seedSubscription(user);
    const res = await cancel(user);
    expect(res.status).toBe(200);
    expect(res.json.subscription).toMatchObject({
      provider: "stripe",
      subscriptionId: seeded.subscription_id,
      status: "active",
      cancelAtPeriodEnd: true,
    });
    const [update] = api.fakes.stripe.requestsTo("POST", `/v1/subscriptions/${seeded.subscription_id}`);
    expect(update.body).toEqual({ cancel_at_period_end: "true" });
    expect(update.headers["idempotency-key"]).toEqual(expect.any(String));
    const doc = await (await collection("subscriptions")).findOne({ subscription_id: seeded.subscription_id });
    // The webhook's state stays authoritative: status and version untouched.
    expect(doc).toMatchObject({ cancel_at_period_end: true, status: "active", version: seeded.version });

    const again = await cancel(user);
    expect(again.status).toBe(200);
    expect(again.json.subscription.cancelAtPeriodEnd).toBe(true);
    expect(api.fakes.stripe.requests).toHaveLength(1);
  });

  it("cancels a Razorpay subscription at the end of the cycle", async () => {
    const user = await createUser("cancel-rzp");
    const seeded = await seedSubscription(user, { provider: "razorpay", subscription_id: "sub_RzpFake1" });
    expect((await cancel(user)).status).toBe(200);
    const [req] = api.fakes.razorpay.requestsTo("POST", "/v1/subscriptions/sub_RzpFake1/cancel");
    expect(req.body).toEqual({ cancel_at_cycle_end: 1 });
    expect(await (await collection("subscriptions")).findOne({ subscription_id: seeded.subscription_id })).toMatchObject({
      cancel_at_period_end: true,
    });
  });

  it("cancels a Paddle subscription from the next billing period", async () => {
    const user = await createUser("cancel-paddle");
    await seedSubscription(user, { provider: "paddle", subscription_id: "sub_paddle_fake1" });
    expect((await cancel(user)).status).toBe(200);
    const [req] = api.fakes.paddle.requestsTo("POST", "/subscriptions/sub_paddle_fake1/cancel");
    expect(req.body).toEqual({ effective_from: "next_billing_period" });
  });

  it("retries a provider 5xx once (cancelling is idempotent)", async () => {
    const user = await createUser("cancel-retry");
    await seedSubscription(user, { provider: "paddle", subscription_id: "sub_paddle_retry" });
    api.fakes.paddle.failNext(1, { status: 500 });
    expect((await cancel(user)).status).toBe(200);
    expect(api.fakes.paddle.requestsTo("POST", "/subscriptions/sub_paddle_retry/cancel")).toHaveLength(2);
  });

  it.each(["stripe", "razorpay", "paddle"] as const)("leaves the subscription untouched when %s keeps failing (502)", async (provider) => {
    const user = await createUser(`cancel-fail-${provider}`);
    await seedSubscription(user, { provider });
    api.fakes[provider].failNext(2, { status: 500 });
    const before = await testDb.snapshot();
    const res = await cancel(user);
    expectErrorBody(res, 502, "payment_provider_error");
    expect(await testDb.snapshot()).toEqual(before);
  });
});

describe("a provider's own error text never reaches the client", () => {
  const VENDOR_TEXT = "No such subscription: sub_internal_4242 (acct_secret)";
  const bodies = {
    stripe: { error: { type: "invalid_request_error", code: "resource_missing", message: VENDOR_TEXT } },
    razorpay: {
      error: { code: "BAD_REQUEST_ERROR", description: VENDOR_TEXT, source: "business", step: "NA", reason: "input_validation_failed" },
    },
    paddle: {
      error: { type: "request_error", code: "not_found", detail: VENDOR_TEXT, documentation_url: "https://developer.paddle.com/errors" },
      meta: { request_id: "r1" },
    },
  };

  it.each(["stripe", "razorpay", "paddle"] as const)(
    "%s: a rejected cancel is our 502 payment_provider_error; the vendor's message goes to the log only",
    async (provider) => {
      const user = await createUser(`cancel-text-${provider}`);
      await seedSubscription(user, { provider });
      api.fakes[provider].failNext(1, { status: 404, body: bodies[provider] });
      const logged: { event: string; fields: Record<string, unknown> }[] = [];
      setLogSink((_level, event, fields) => logged.push({ event, fields }));
      try {
        const res = await request(api.baseUrl, "POST", "/billing/subscription/cancel", { token: user.idToken });
        expectErrorBody(res, 502, "payment_provider_error");
        expect(res.text).not.toContain("sub_internal_4242");
        expect(res.text).not.toContain("acct_secret");
      } finally {
        setLogSink(() => undefined);
      }
      expect(logged.find((l) => l.event === "payment_provider_failed")?.fields).toMatchObject({
        provider,
        kind: "rejected",
        message: VENDOR_TEXT,
      });
    },
  );

  it("stripe: a rejected portal session likewise", async () => {
    const user = await createUser("portal-text");
    api.fakes.stripe.failNext(1, { status: 400, body: bodies.stripe }, (r) => r.path === "/v1/billing_portal/sessions");
    const res = await request(api.baseUrl, "POST", "/billing/portal", { token: user.idToken });
    expectErrorBody(res, 502, "payment_provider_error");
    expect(res.text).not.toContain("sub_internal_4242");
  });
});

describe("POST /billing/portal", () => {
  const portal = (user: TestUser, body?: unknown) => request(api.baseUrl, "POST", "/billing/portal", { token: user.idToken, body });

  it("creates the caller's Stripe customer, records it, and returns a portal URL back to the billing page", async () => {
    const user = await createUser("portal-new");
    const res = await portal(user);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ url: expect.stringMatching(/^https:\/\/billing\.stripe\.test\//) });
    const customer = api.fakes.stripe.customers.at(-1)!;
    expect(customer.metadata).toEqual({ uid: user.uid });
    const [sessionReq] = api.fakes.stripe.requestsTo("POST", "/v1/billing_portal/sessions");
    expect(sessionReq.body).toEqual({ customer: customer.id, return_url: "https://promptforge.app/billing" });
    expect(await (await collection("billing_customers")).findOne({ uid: user.uid })).toMatchObject({ stripe_customer_id: customer.id });

    const again = await portal(user, { returnUrl: "https://promptforge.app/settings?tab=billing" });
    expect(again.status).toBe(200);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/customers")).toHaveLength(1);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/billing_portal/sessions")[1].body).toEqual({
      customer: customer.id,
      return_url: "https://promptforge.app/settings?tab=billing",
    });
  });

  it("uses the customer a checkout created", async () => {
    const user = await createUser("portal-after-checkout");
    expect(
      (await request(api.baseUrl, "POST", "/billing/checkout", { token: user.idToken, body: { provider: "stripe", sku: "credits_1000" } }))
        .status,
    ).toBe(200);
    const customerId = api.fakes.stripe.customers.at(-1)!.id;
    expect((await portal(user, {})).status).toBe(200);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/billing_portal/sessions")[0].body.customer).toBe(customerId);
    expect(api.fakes.stripe.requestsTo("POST", "/v1/customers")).toHaveLength(1);
  });

  it.each([
    ["an http URL", { returnUrl: "http://promptforge.app/billing" }],
    ["a javascript: URL", { returnUrl: "javascript:alert(1)" }],
    ["an over-long URL", { returnUrl: `https://promptforge.app/${"a".repeat(2_000)}` }],
    ["another site (open redirect)", { returnUrl: "https://evil.example/phish" }],
  ])("rejects %s with 400", async (_label, body) => {
    const user = await createUser("portal-bad");
    const res = await portal(user, body);
    expectErrorBody(res, 400, "validation_failed");
    expect(api.fakes.stripe.requests).toHaveLength(0);
  });

  it("answers 502 and records nothing when the portal session cannot be created", async () => {
    const user = await createUser("portal-fail");
    api.fakes.stripe.failNext(2, { status: 500 }, (r) => r.path === "/v1/billing_portal/sessions");
    const before = await testDb.snapshot();
    expectErrorBody(await portal(user), 502, "payment_provider_error");
    expect(await testDb.snapshot()).toEqual(before);
  });
});
