import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { services } from "../../functions/src/services";
import { createUser, type TestUser } from "../support/auth-emulator";
import { countCommands, type CommandLog } from "../support/command-counter";
import { request } from "../support/http";
import { deliver, ids, stripeCheckoutPayment, stripeEvent, useWebhookApi } from "../support/webhook-events";

/**
 * MongoDB round trips per representative operation, counted with the driver's command monitoring (a
 * figure that does not depend on the machine). Each operation is measured for a caller with little
 * data and again after the caller (and others) have much more: the count must not grow with the data,
 * and must stay at or below the figure recorded here (bench/db-commands.mjs prints the same table,
 * with what each command is for: README "Performance").
 */
const BUDGET = {
  // rate_limits findAndModify (per-uid limit; Redis when REDIS_URL is set), users find (the profile),
  // credit_accounts find (the balance shown with it; read together with the profile).
  "GET /users/me": 3,
  // rate limit, credit_accounts find (the balance) and transactions find (which grants expire soon), together.
  "GET /billing/balance": 3,
  // rate limit, prompt_versions insert, prompts insert (the version first: a crash leaves no prompt
  // without its version).
  "POST /prompts": 3,
  // users find (the tier: rate limit and output cap, read once per request), rate limit,
  // reservations insert (before credits move, so the sweep can always find it), reserve: the
  // conditional debit that parks its entry + the entry insert + the un-park, settle: the same three,
  // reservations update (closed: the sweep skips it), notification_preferences find (the low-balance
  // threshold: the settle that crosses it records credits.low_balance), usage_events insert.
  "POST /ai/generate": 12,
  // webhook_events claim (lease), checkouts find (attribution), payments upsert (who/what/amount),
  // transactions find (is the credit already applied?), the credit's three ledger writes, events
  // insert (payment.succeeded), referrals find (a referred payer's partner earns a commission:
  // core/marketplace/payment-commission.ts; one read when the payer was not referred), webhook_events done.
  "POST /webhooks/stripe (credit pack)": 10,
  // rate limit, one page of transactions.
  "GET /billing/ledger": 2,
} as const;
type Operation = keyof typeof BUDGET;

/** Of those, the round trips a caller waits for one after another (reads that do not depend on each other go together). */
const IN_SEQUENCE: Partial<Record<Operation, number>> = { "GET /users/me": 2, "GET /billing/balance": 2 };

const api = useWebhookApi("db_round_trips");
const cause = { kind: "test", id: "round-trips" };
let user: TestUser;

async function fund(uid: string, amount: number, n = 1): Promise<void> {
  const ledger = new MongoCreditLedger(await api.db(), () => services.now());
  for (let i = 0; i < n; i++) {
    await ledger.grant({
      uid,
      amount,
      idempotencyKey: `rt:${uid}:${amount}:${i}:${Math.random()}`,
      actor: "system:test",
      reason: "test",
      cause,
    });
  }
}

/** One call of each operation, warm (the connection and every lazy import already made). */
const operations: Record<Operation, () => Promise<unknown>> = {
  "GET /users/me": () => request(api.baseUrl, "GET", "/users/me", { token: user.idToken }),
  "POST /prompts": () =>
    request(api.baseUrl, "POST", "/prompts", {
      token: user.idToken,
      body: { title: `Prompt ${Math.random()}`, type: "text", template: "Say {{word}}", variables: [{ name: "word", type: "string" }] },
    }),
  "POST /ai/generate": () =>
    request(api.baseUrl, "POST", "/ai/generate", {
      token: user.idToken,
      body: { model: "demo:echo", messages: [{ role: "user", content: "hello there" }], maxOutputTokens: 64 },
    }),
  "POST /webhooks/stripe (credit pack)": () =>
    deliver(
      api.baseUrl,
      stripeEvent("checkout.session.completed", stripeCheckoutPayment({ uid: user.uid, sku: "credits_1000", paymentIntent: ids.of("pi") })),
    ),
  "GET /billing/ledger": () => request(api.baseUrl, "GET", "/billing/ledger?limit=20", { token: user.idToken }),
  "GET /billing/balance": () => request(api.baseUrl, "GET", "/billing/balance", { token: user.idToken }),
};

async function measure(): Promise<Record<Operation, CommandLog>> {
  const out = {} as Record<Operation, CommandLog>;
  for (const [name, run] of Object.entries(operations) as [Operation, () => Promise<{ status?: number }>][]) {
    const { result, ...counted } = await countCommands(run);
    // Left out of the per-request figures: the LLM breakers' state, published at most every 30 s per
    // instance by whichever call comes after that (core/llm/breaker-publisher.ts: a periodic write, not
    // one per request), and the DAU marker, written after the response (not on the request's path) once
    // per user and 15 minutes (analytics-activity.test.ts covers it). A slow machine may cross either
    // during a measurement.
    const periodic = new Set(["update llm_health", "update user_activity"]);
    const commands = counted.commands.filter((c) => !periodic.has(c));
    const afterResponse = counted.commands.filter((c) => c === "update user_activity").length;
    const log = { ...counted, commands, count: commands.length, inSequence: counted.inSequence - afterResponse };
    expect({ name, status: (result as { status: number }).status }).toMatchObject({ name, status: expect.any(Number) });
    expect([200, 201]).toContain((result as { status: number }).status);
    out[name] = log;
  }
  return out;
}

let small: Record<Operation, CommandLog>;
let large: Record<Operation, CommandLog>;

beforeAll(async () => {
  user = await createUser("round-trips");
  await fund(user.uid, 5_000);
  // Warm every path once: lazy imports, the connection pool, the month's free allowance.
  for (const run of Object.values(operations)) await run();
  small = await measure();
  // Much more data for this caller and for others: prompts, ledger entries, payments.
  const other = await createUser("round-trips-other");
  await fund(user.uid, 10, 150);
  await fund(other.uid, 10, 150);
  for (let i = 0; i < 40; i++) await operations["POST /prompts"]();
  large = await measure();
}, 120_000);

describe.each(Object.keys(BUDGET) as Operation[])("%s", (name) => {
  it(`makes ${BUDGET[name]} MongoDB round trips, no more`, () => {
    expect({ name, count: small[name].count, commands: small[name].commands }).toEqual({
      name,
      count: expect.any(Number),
      commands: small[name].commands,
    });
    expect(small[name].count).toBeLessThanOrEqual(BUDGET[name]);
  });

  // Commands sent together may start in either order.
  it("makes the same round trips whatever the amount of data", () => {
    expect([...large[name].commands].sort()).toEqual([...small[name].commands].sort());
  });

  if (IN_SEQUENCE[name] !== undefined) {
    it(`waits for ${IN_SEQUENCE[name]} of them in sequence`, () => {
      expect({ name, inSequence: small[name].inSequence }).toEqual({ name, inSequence: IN_SEQUENCE[name] });
      expect(large[name].inSequence).toBe(IN_SEQUENCE[name]);
    });
  }
});

afterAll(() => {
  // The figures, for the README and the note (run with TEST_LOGS=1 to see them).
  if (process.env.TEST_LOGS)
    for (const [name, log] of Object.entries(small))
      console.log(`${name}: ${log.count} (${log.inSequence} in sequence)\n  ${log.commands.join("\n  ")}`);
});
