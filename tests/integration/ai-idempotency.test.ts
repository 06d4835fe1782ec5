import fc from "fast-check";
import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { startApi, type ApiServer } from "../support/api-server";
import { adminAuth, createUser, signIn, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request, type ApiResponse } from "../support/http";

/**
 * Reservation keys are ours, never the client's, and an Idempotency-Key replays a request only when
 * it is the same request. Over real HTTP, paid through the real ledger, on the demo model priced
 * (catalogue overrides) so that a reservation and the charge of a call differ.
 */
const IN_PRICE = 30_000;
const OUT_PRICE = 90_000;
const savedOverrides = process.env.LLM_CATALOG_OVERRIDES;
process.env.LLM_CATALOG_OVERRIDES = JSON.stringify({
  "demo:echo": { price: { inputMicroCreditsPerToken: IN_PRICE, outputMicroCreditsPerToken: OUT_PRICE } },
  "demo:echo-large": {
    price: { inputMicroCreditsPerToken: 2 * IN_PRICE, outputMicroCreditsPerToken: 2 * OUT_PRICE },
    tiers: ["free", "pro", "team", "enterprise"],
  },
});
const testDb = useTestDatabase("ai_idempotency");
let api: ApiServer;
const cause = { kind: "test", id: "idempotency" };

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  if (savedOverrides === undefined) delete process.env.LLM_CATALOG_OVERRIDES;
  else process.env.LLM_CATALOG_OVERRIDES = savedOverrides;
});

const db = (): Promise<Db> => testDb.db();
async function fund(uid: string, amount: number): Promise<void> {
  await new MongoCreditLedger(await db(), () => new Date()).grant({
    uid,
    amount,
    idempotencyKey: `test:${uid}:${amount}:${Math.random()}`,
    actor: "system:test",
    reason: "test",
    cause,
  });
}
async function account(uid: string) {
  const a = await new MongoCreditLedger(await db(), () => new Date()).account(uid);
  return { balance: a.balance, reserved: a.reserved };
}
async function enterpriseUser(prefix: string): Promise<TestUser> {
  const user = await createUser(prefix);
  await (await adminAuth()).setCustomUserClaims(user.uid, { tier: "enterprise" });
  return { ...user, idToken: await signIn(user) };
}
const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  request(api.baseUrl, "POST", path, { token, body, headers });
const body = (content: string, maxOutputTokens = 200) => ({ model: "demo:echo", messages: [{ role: "user", content }], maxOutputTokens });

describe("X-Request-Id is a tracing id only", () => {
  it("a refused call and a bigger call with the same request id: the bigger one reserves, charges and releases its own amount", async () => {
    const user = await createUser("steer");
    const headers = { "x-request-id": "steer-request-0001" };
    // First a tiny call the empty balance refuses (the old code kept its reservation document and amount)...
    expectErrorBody(await post("/ai/generate", user.idToken, body("hi", 1), headers), 402, "insufficient_credits");
    await fund(user.uid, 500);
    // ...then a big call with the same id: it must not settle against the tiny reservation.
    const big = await post("/ai/generate", user.idToken, body("x".repeat(3_000), 1_000), headers);
    expect(big.status).toBe(200);
    expect(big.headers.get("x-request-id")).toBe("steer-request-0001");
    const charged = Math.ceil((big.json.usage.inputTokens * IN_PRICE + big.json.usage.outputTokens * OUT_PRICE) / 1e6);
    expect(big.json.cost).toEqual({ credits: charged });
    expect(charged).toBeGreaterThan(2);
    expect(await account(user.uid)).toEqual({ balance: 500 - charged, reserved: 0 });
  });

  it("two calls (and a comparison) with the same request id are separate calls, each paid once", async () => {
    const user = await createUser("same-id");
    await fund(user.uid, 500);
    const headers = { "x-request-id": "reused-request-id-42" };
    const a = await post("/ai/generate", user.idToken, body("first"), headers);
    const b = await post("/ai/generate", user.idToken, body("second"), headers);
    const c = await post(
      "/ai/compare",
      user.idToken,
      { models: ["demo:echo", "demo:echo-large"], messages: [{ role: "user", content: "third" }], maxOutputTokens: 100 },
      headers,
    );
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const spent =
      a.json.cost.credits +
      b.json.cost.credits +
      c.json.results.reduce((n: number, r: { result: { cost: { credits: number } } }) => n + r.result.cost.credits, 0);
    expect(await account(user.uid)).toEqual({ balance: 500 - spent, reserved: 0 });
    expect(
      await (await db()).collection("usage_events").countDocuments({ uid: user.uid, request_id: "reused-request-id-42", outcome: "ok" }),
    ).toBe(4);
  });
});

describe("Idempotency-Key", () => {
  it("replays the same request's response without running or charging it again", async () => {
    const user = await createUser("replay");
    await fund(user.uid, 100);
    const headers = { "idempotency-key": "replay-key-0001" };
    const first = await post("/ai/generate", user.idToken, body("once only"), headers);
    expect(first.status).toBe(200);
    const after = await account(user.uid);
    // Same request, keys in another order: the same request.
    const again = await post(
      "/ai/generate",
      user.idToken,
      { maxOutputTokens: 200, messages: [{ content: "once only", role: "user" }], model: "demo:echo" },
      headers,
    );
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await account(user.uid)).toEqual(after);
    expect(after.balance).toBe(100 - first.json.cost.credits);
    expect(await (await db()).collection("usage_events").countDocuments({ uid: user.uid })).toBe(1);
  });

  it("answers 409 idempotency_key_reused for the same key with another request, and changes nothing", async () => {
    const user = await createUser("reuse");
    await fund(user.uid, 100);
    const headers = { "idempotency-key": "reuse-key-0001" };
    expect((await post("/ai/generate", user.idToken, body("small"), headers)).status).toBe(200);
    const before = await account(user.uid);
    expectErrorBody(await post("/ai/generate", user.idToken, body("a different request"), headers), 409, "idempotency_key_reused");
    expectErrorBody(
      await post(
        "/ai/compare",
        user.idToken,
        { models: ["demo:echo", "demo:echo-large"], messages: [{ role: "user", content: "small" }] },
        headers,
      ),
      409,
      "idempotency_key_reused",
    );
    expect(await account(user.uid)).toEqual(before);
    // Keys are per user: another user's same key is a new request.
    const other = await createUser("reuse-other");
    await fund(other.uid, 100);
    expect((await post("/ai/generate", other.idToken, body("a different request"), headers)).status).toBe(200);
  });

  it.each([
    ["too short", "short"],
    ["not allowed characters", "key with spaces!"],
    ["too long", "k".repeat(129)],
  ])("refuses a malformed key (%s) with 400 before any credit moves", async (_what, key) => {
    const user = await createUser("bad-key");
    await fund(user.uid, 100);
    expectErrorBody(await post("/ai/generate", user.idToken, body("hello"), { "idempotency-key": key }), 400, "invalid_idempotency_key");
    expect(await account(user.uid)).toEqual({ balance: 100, reserved: 0 });
  });

  it("refuses a key on a streamed call (a stream cannot be replayed)", async () => {
    const user = await createUser("stream-key");
    await fund(user.uid, 100);
    expectErrorBody(
      await post("/ai/generate", user.idToken, { ...body("hello"), stream: true }, { "idempotency-key": "stream-key-0001" }),
      400,
      "idempotency_not_supported",
    );
    expect(await account(user.uid)).toEqual({ balance: 100, reserved: 0 });
  });

  it("runs concurrent duplicates once: the others are 409 request_in_progress or the replay", async () => {
    const user = await enterpriseUser("concurrent-key");
    await fund(user.uid, 100);
    const headers = { "idempotency-key": "concurrent-key-0001" };
    const results = await Promise.all(Array.from({ length: 8 }, () => post("/ai/generate", user.idToken, body("race me"), headers)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.json).toEqual(ok[0].json);
    for (const r of results.filter((r) => r.status !== 200)) expectErrorBody(r, 409, "request_in_progress");
    expect(await account(user.uid)).toEqual({ balance: 100 - ok[0].json.cost.credits, reserved: 0 });
    expect(await (await db()).collection("usage_events").countDocuments({ uid: user.uid })).toBe(1);
  });

  it("does not store a failure: the same key runs again once the caller can pay", async () => {
    const user = await createUser("retry-after-402");
    const headers = { "idempotency-key": "retry-key-0001" };
    expectErrorBody(await post("/ai/generate", user.idToken, body("pay later"), headers), 402, "insufficient_credits");
    await fund(user.uid, 100);
    const res = await post("/ai/generate", user.idToken, body("pay later"), headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });
});

describe("invariant: reservations always end, and the balance moves by exactly what was reported", () => {
  type Call = {
    kind: "generate" | "stream" | "compare";
    content: string;
    maxOutputTokens: number;
    requestId: "fresh" | "reused" | "missing";
    idempotencyKey: "fresh" | "reused" | "missing";
  };
  type Step = Call | { kind: "fund"; amount: number };
  const call: fc.Arbitrary<Step> = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constantFrom("generate" as const, "stream" as const, "compare" as const),
        content: fc.constantFrom("alpha", "beta", "日本語のテキスト", "∑∫√ 🙂🙂"),
        maxOutputTokens: fc.constantFrom(5, 100, 1_000),
        requestId: fc.constantFrom("fresh" as const, "reused" as const, "missing" as const),
        idempotencyKey: fc.constantFrom("fresh" as const, "reused" as const, "missing" as const),
      }),
      weight: 5,
    },
    { arbitrary: fc.record({ kind: fc.constant("fund" as const), amount: fc.integer({ min: 1, max: 200 }) }), weight: 1 },
  );

  /** Reads an SSE body; returns the credits its last event reports. */
  async function streamCost(res: Response): Promise<number> {
    const text = await res.text();
    const last = text.trim().split("\n\n").at(-1)!;
    return JSON.parse(/^data: (.*)$/m.exec(last)![1]).cost.credits;
  }

  it("holds for any sequence or interleaving of generate, stream and compare with reused, fresh or missing ids and keys", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(call, { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        async (steps, start, concurrent) => {
          const user = await enterpriseUser(`inv${n++}`);
          if (start) await fund(user.uid, start);
          let funded = start;
          const perform = async (c: Step, i: number): Promise<number> => {
            if (c.kind === "fund") {
              await fund(user.uid, c.amount);
              funded += c.amount;
              return 0;
            }
            const headers: Record<string, string> = {};
            if (c.requestId !== "missing") headers["x-request-id"] = c.requestId === "reused" ? "shared-request-id" : `fresh-request-${i}`;
            // A key on a stream is refused (400, nothing moves); keys are only sent where they apply.
            if (c.idempotencyKey !== "missing" && c.kind !== "stream")
              headers["idempotency-key"] = c.idempotencyKey === "reused" ? `shared-key-${c.kind}` : `fresh-key-${i}`;
            const messages = [{ role: "user", content: c.content }];
            if (c.kind === "stream") {
              const res = await fetch(`${api.baseUrl}/ai/generate`, {
                method: "POST",
                headers: { ...headers, authorization: `Bearer ${user.idToken}`, "content-type": "application/json" },
                body: JSON.stringify({ model: "demo:echo", stream: true, messages, maxOutputTokens: c.maxOutputTokens }),
              });
              if (res.status === 200) return streamCost(res);
              expect(res.status).toBe(402);
              await res.text();
              return 0;
            }
            const res: ApiResponse =
              c.kind === "generate"
                ? await post("/ai/generate", user.idToken, { model: "demo:echo", messages, maxOutputTokens: c.maxOutputTokens }, headers)
                : await post(
                    "/ai/compare",
                    user.idToken,
                    { models: ["demo:echo", "demo:echo-large"], messages, maxOutputTokens: c.maxOutputTokens },
                    headers,
                  );
            if (res.status !== 200) {
              // The only refusals: not enough credits, or the same key for another request or while it runs.
              expect([402, 409]).toContain(res.status);
              return 0;
            }
            if (res.headers.get("idempotent-replayed")) return 0; // reported before, paid once
            return c.kind === "generate"
              ? res.json.cost.credits
              : res.json.results.reduce((s: number, r: { result?: { cost: { credits: number } } }) => s + (r.result?.cost.credits ?? 0), 0);
          };
          let reported: number[];
          if (concurrent) reported = await Promise.all(steps.map(perform));
          else {
            reported = [];
            for (const [i, c] of steps.entries()) reported.push(await perform(c, i));
          }
          const spent = reported.reduce((a, b) => a + b, 0);
          expect(await account(user.uid)).toEqual({ balance: funded - spent, reserved: 0 });
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});

describe("IdempotencyStore", () => {
  const input = (claim: string, requestHash = "h1") => ({
    uid: "store-user",
    key: `store-key-${claim.length}`,
    operation: "generate",
    requestHash,
    claim,
    leaseMs: 1_000,
    ttlMs: 10_000,
  });

  it("lets a claim whose holder died be taken over after its lease, and only the new holder complete it", async () => {
    let t = Date.UTC(2026, 10, 1);
    const { IdempotencyStore } = await import("../../functions/src/core/idempotency/idempotency-store");
    const store = new IdempotencyStore(await db(), () => new Date(t));
    const key = { ...input("first"), key: "lease-key-0001" };
    expect(await store.claim(key)).toEqual({ kind: "claimed" });
    expect(await store.claim({ ...key, claim: "second" })).toMatchObject({ kind: "in_progress" });
    t += 1_001;
    expect(await store.claim({ ...key, claim: "second" })).toEqual({ kind: "claimed" });
    expect(await store.complete(key.uid, key.key, "first", { status: 200, body: { late: true } })).toBe(false);
    expect(await store.complete(key.uid, key.key, "second", { status: 200, body: { ok: true } })).toBe(true);
    expect(await store.claim({ ...key, claim: "third" })).toEqual({ kind: "replay", response: { status: 200, body: { ok: true } } });
    expect(await store.claim({ ...key, claim: "third", requestHash: "other" })).toEqual({ kind: "mismatch" });
  });

  it("forgets a key after its time to live: the next request with it is a new one", async () => {
    let t = Date.UTC(2026, 10, 1);
    const { IdempotencyStore } = await import("../../functions/src/core/idempotency/idempotency-store");
    const store = new IdempotencyStore(await db(), () => new Date(t));
    const key = { ...input("a"), key: "ttl-key-0001" };
    expect(await store.claim(key)).toEqual({ kind: "claimed" });
    await store.complete(key.uid, key.key, key.claim, { status: 200, body: { n: 1 } });
    t += 10_001;
    expect(await store.claim({ ...key, claim: "b", requestHash: "another request" })).toEqual({ kind: "claimed" });
    expect(await store.claim({ ...key, claim: "c", requestHash: "another request" })).toMatchObject({ kind: "in_progress" });
  });
});
