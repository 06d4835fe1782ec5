import { startApi, type ApiServer } from "../api-server";
import { createUser } from "../auth-emulator";
import { useTestDatabase } from "../db";
import { request } from "../http";
import { PaddleFake } from "./paddle-fake";
import { RazorpayFake } from "./razorpay-fake";
import { StripeFake } from "./stripe-fake";

/** Price and plan ids the payment tests configure (team tier deliberately unmapped for Stripe and Razorpay). */
export const TEST_PRICE_IDS = {
  stripe: { tier_pro_monthly: "price_pro_fake", credits_20000: "price_credits20k_fake" },
  razorpay: { tier_pro_monthly: "plan_pro_fake" },
  paddle: {
    credits_1000: "pri_credits1k_fake",
    credits_5000: "pri_credits5k_fake",
    tier_pro_monthly: "pri_pro_fake",
    tier_team_monthly: "pri_team_fake",
  },
};

export interface PaymentFakes {
  stripe: StripeFake;
  razorpay: RazorpayFake;
  paddle: PaddleFake;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the three provider fakes and points the payment params and secrets at them, the way a
 * deployed function receives them (environment variables). close() restores the environment.
 */
export async function startPaymentFakes(timeoutMs = 1_000): Promise<PaymentFakes> {
  const [stripe, razorpay, paddle] = await Promise.all([new StripeFake().start(), new RazorpayFake().start(), new PaddleFake().start()]);
  const env: Record<string, string> = {
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_API_URL: stripe.url,
    STRIPE_PRICES: JSON.stringify(TEST_PRICE_IDS.stripe),
    RAZORPAY_KEY_ID: "rzp_test_fakekey",
    RAZORPAY_KEY_SECRET: "rzp_fake_secret",
    RAZORPAY_API_URL: razorpay.url,
    RAZORPAY_PLANS: JSON.stringify(TEST_PRICE_IDS.razorpay),
    PADDLE_API_KEY: "pdl_fake_apikey",
    PADDLE_API_URL: paddle.url,
    PADDLE_PRICES: JSON.stringify(TEST_PRICE_IDS.paddle),
    PAYMENT_API_TIMEOUT_MS: String(timeoutMs),
  };
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return {
    stripe,
    razorpay,
    paddle,
    reset() {
      stripe.reset();
      razorpay.reset();
      paddle.reset();
    },
    async close() {
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await Promise.all([stripe.close(), razorpay.close(), paddle.close()]);
    },
  };
}

/**
 * A billing test file's setup: its own database, the three provider fakes (reset before each test)
 * and the exported functions over HTTP. The first request creates collections and indexes, so
 * database snapshots taken in tests compare after that.
 */
export function usePaymentApi(label: string) {
  const testDb = useTestDatabase(label);
  let server: ApiServer;
  let started: PaymentFakes;
  beforeAll(async () => {
    started = await startPaymentFakes();
    server = await startApi();
    await request(server.baseUrl, "GET", "/billing/subscription", { token: (await createUser("warmup")).idToken });
  });
  afterAll(async () => {
    await server.close();
    await started.close();
  });
  beforeEach(() => started.reset());
  return {
    testDb,
    get baseUrl() {
      return server.baseUrl;
    },
    get fakes() {
      return started;
    },
  };
}
