import type { Db } from "mongodb";
import { BillingCustomersStore } from "../../functions/src/api/billing/billing-customers-store";
import { CheckoutsStore } from "../../functions/src/core/payments/checkouts-store";
import { findSku, type CatalogItem } from "../../functions/src/core/billing/catalog";
import type { PaymentProvider } from "../../functions/src/core/payments/payment-provider";
import { callProvider, type ProviderFailure } from "../../functions/src/core/payments/provider-call";
import { skuMapParam } from "../../functions/src/core/payments/provider-config";
import { classifyPaddleError } from "../../functions/src/core/payments/providers/paddle-provider";
import { classifyRazorpayError, razorpayReceipt, RazorpayProvider } from "../../functions/src/core/payments/providers/razorpay-provider";
import { classifyStripeError } from "../../functions/src/core/payments/providers/stripe-provider";
import { HttpError } from "../../functions/src/platform/http-error";

describe("callProvider", () => {
  const run = (idempotent: boolean, failures: ProviderFailure[], extra: Partial<Parameters<typeof callProvider>[0]> = {}) => {
    let calls = 0;
    const sleeps: number[] = [];
    const promise = callProvider(
      {
        provider: "stripe",
        operation: "test.op",
        idempotent,
        classify: (err) => err as ProviderFailure,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
        ...extra,
      },
      async () => {
        const failure = failures[calls++];
        if (failure) throw failure;
        return "ok";
      },
    );
    return { promise, calls: () => calls, sleeps };
  };

  it.each(["network", "server"] as const)("retries an idempotent call once after a %s failure, with jitter", async (kind) => {
    const r = run(true, [{ kind }]);
    await expect(r.promise).resolves.toBe("ok");
    expect(r.calls()).toBe(2);
    expect(r.sleeps).toEqual([300]);
  });

  it("gives up after the one retry with 502", async () => {
    const r = run(true, [{ kind: "server" }, { kind: "server" }]);
    await expect(r.promise).rejects.toMatchObject({ status: 502, code: "payment_provider_error" });
    expect(r.calls()).toBe(2);
  });

  it.each([
    ["a timeout (it may have been processed; a retry doubles the wait)", true, { kind: "timeout" }],
    ["a rejection (retrying cannot help)", true, { kind: "rejected", status: 400 }],
    ["a non-idempotent call", false, { kind: "network" }],
  ] as const)("does not retry %s", async (_label, idempotent, failure) => {
    const r = run(idempotent, [failure]);
    await expect(r.promise).rejects.toBeInstanceOf(HttpError);
    expect(r.calls()).toBe(1);
  });

  it("never puts the provider's message in the client's error", async () => {
    const r = run(false, [{ kind: "rejected", status: 400, message: "No such customer: cus_secret" }]);
    const err = (await r.promise.catch((e: unknown) => e)) as HttpError;
    expect(err.message).not.toContain("cus_secret");
  });

  it("passes our own HttpErrors through untouched", async () => {
    const own = new HttpError(503, "payment_provider_unconfigured", "x");
    await expect(
      callProvider({ provider: "paddle", operation: "op", idempotent: true, classify: () => ({ kind: "server" }) }, async () => {
        throw own;
      }),
    ).rejects.toBe(own);
  });

  it("enforces its own deadline for SDKs without one", async () => {
    const started = Date.now();
    const never = new Promise<string>(() => undefined);
    await expect(
      callProvider(
        { provider: "paddle", operation: "op", idempotent: true, classify: () => ({ kind: "server" }), deadlineMs: 50 },
        () => never,
      ),
    ).rejects.toMatchObject({ status: 502 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("error classification", () => {
  it("Stripe: connection errors, timeouts, 5xx and 409 locks are retryable; 4xx are rejections", () => {
    expect(classifyStripeError({ type: "StripeConnectionError", message: "An error occurred with our connection to Stripe." }).kind).toBe(
      "network",
    );
    expect(
      classifyStripeError({ type: "StripeConnectionError", message: "Request aborted due to timeout being reached (10000ms)" }).kind,
    ).toBe("timeout");
    expect(classifyStripeError({ type: "StripeAPIError", statusCode: 500 }).kind).toBe("server");
    expect(classifyStripeError({ type: "StripeIdempotencyError", statusCode: 409 }).kind).toBe("server");
    expect(classifyStripeError({ type: "StripeInvalidRequestError", statusCode: 400, code: "resource_missing" })).toMatchObject({
      kind: "rejected",
      status: 400,
    });
    expect(classifyStripeError({ type: "StripeRateLimitError", statusCode: 429 }).kind).toBe("rejected");
  });

  it("Razorpay: plain-object errors by status; connection failures and timeouts by code", () => {
    expect(classifyRazorpayError({ statusCode: 502, error: { code: "SERVER_ERROR" } }).kind).toBe("server");
    expect(classifyRazorpayError({ statusCode: 400, error: { code: "BAD_REQUEST_ERROR", description: "x" } })).toMatchObject({
      kind: "rejected",
      status: 400,
    });
    expect(classifyRazorpayError({ statusCode: 0, error: { code: "ECONNABORTED" } }).kind).toBe("timeout");
    expect(classifyRazorpayError({ statusCode: 0, error: { code: "ECONNREFUSED" } }).kind).toBe("network");
    expect(classifyRazorpayError(new TypeError("Cannot read properties of undefined (reading 'status')")).kind).toBe("server");
  });

  it("Paddle: api_error is the provider's failure, request_error ours, fetch failures are network", () => {
    expect(classifyPaddleError(Object.assign(new Error("boom"), { type: "api_error", code: "internal_error", detail: "boom" })).kind).toBe(
      "server",
    );
    expect(classifyPaddleError(Object.assign(new Error("bad"), { type: "request_error", code: "bad_request", detail: "bad" })).kind).toBe(
      "rejected",
    );
    expect(classifyPaddleError(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })).kind).toBe("network");
    expect(classifyPaddleError(new SyntaxError("Unexpected token <")).kind).toBe("server");
  });
});

describe("provider configuration", () => {
  afterEach(() => {
    delete process.env.STRIPE_PRICES;
    delete process.env.RAZORPAY_PLANS;
  });

  it("Razorpay refuses a sku without an INR price with 400 currency_unsupported", () => {
    const usdOnly: CatalogItem = {
      kind: "credits",
      sku: "credits_usd_only",
      credits: 10,
      name: "USD only",
      prices: [{ currency: "USD", unitAmount: 100 }],
    };
    expect(() => new RazorpayProvider().assertSellable(usdOnly)).toThrow(
      expect.objectContaining({ status: 400, code: "currency_unsupported" }),
    );
    expect(() => new RazorpayProvider().assertSellable(findSku("credits_1000")!)).not.toThrow();
  });

  it("a malformed price map is a 503 configuration error, not a crash", () => {
    process.env.STRIPE_PRICES = "{not json";
    expect(() =>
      skuMapParam("stripe", { name: "STRIPE_PRICES", value: () => process.env.STRIPE_PRICES!, options: { default: "{}" } }),
    ).toThrow(expect.objectContaining({ status: 503, code: "payment_provider_unconfigured" }));
  });

  it("keeps Razorpay receipts within 40 characters and stable per key", () => {
    const receipt = razorpayReceipt(`checkout:${"x".repeat(300)}`);
    expect(receipt.length).toBeLessThanOrEqual(40);
    expect(razorpayReceipt("k1")).toBe(razorpayReceipt("k1"));
    expect(razorpayReceipt("k1")).not.toBe(razorpayReceipt("k2"));
  });
});

/** A Db whose collection answers from scripted functions: for the E11000 branches CongoDB cannot produce. */
function fakeDb(collection: Record<string, jest.Mock>): Db {
  return { collection: () => collection } as unknown as Db;
}
const duplicateKey = Object.assign(new Error("E11000 duplicate key error"), { code: 11000 });

describe("stores under a real MongoDB's unique indexes", () => {
  it("BillingCustomersStore.remember treats E11000 on the insert as 'exists' and returns the first recorded id", async () => {
    const updateOne = jest.fn().mockRejectedValueOnce(duplicateKey).mockResolvedValueOnce({ matchedCount: 0 });
    const findOne = jest.fn().mockResolvedValue({ uid: "u1", stripe_customer_id: "cus_first" });
    const store = new BillingCustomersStore(fakeDb({ updateOne, findOne }));
    await expect(store.remember("u1", "stripe", "cus_second", new Date())).resolves.toBe("cus_first");
    expect(updateOne).toHaveBeenNthCalledWith(2, { uid: "u1", stripe_customer_id: { $exists: false } }, expect.anything());
  });

  it("BillingCustomersStore.resolve shares one provider call among concurrent callers", async () => {
    const findOne = jest.fn().mockResolvedValue(null);
    let release!: () => void;
    const ensureCustomer = jest.fn(() => new Promise<string>((resolve) => (release = () => resolve("cus_1"))));
    const provider = { name: "stripe", ensureCustomer } as unknown as PaymentProvider;
    const store = new BillingCustomersStore(fakeDb({ findOne }));
    const all = Promise.all([
      store.resolve(provider, { uid: "u2" }),
      store.resolve(provider, { uid: "u2" }),
      store.resolve(provider, { uid: "u2" }),
    ]);
    await new Promise((r) => setImmediate(r));
    release();
    expect(await all).toEqual(Array(3).fill({ id: "cus_1", known: false }));
    expect(ensureCustomer).toHaveBeenCalledTimes(1);
  });

  it("CheckoutsStore.save returns the winner's checkout when a concurrent save hit E11000", async () => {
    const winner = {
      uid: "u1",
      idempotency_key: "k",
      provider: "stripe",
      sku: "credits_1000",
      result: { provider: "stripe", kind: "redirect", id: "cs_1", url: "https://x" },
    };
    const findOneAndUpdate = jest.fn().mockRejectedValue(duplicateKey);
    const findOne = jest.fn().mockResolvedValue(winner);
    const store = new CheckoutsStore(fakeDb({ findOneAndUpdate, findOne }));
    await expect(store.save({ ...winner, result: { ...winner.result, id: "cs_2" }, created_at: new Date() } as never)).resolves.toBe(
      winner,
    );
  });
});
