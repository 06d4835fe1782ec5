import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { createTierSync } from "../../functions/src/core/payments/tier-sync";
import { services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, signIn } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/**
 * Tier-dependent limits (models, output tokens, requests per minute) follow `users.tier`, which
 * tier-sync keeps, never the `tier` claim of the token in hand: an ID token minted on "pro" keeps that
 * claim for up to an hour after a downgrade, and API keys carry no claim at all.
 */
const testDb = useTestDatabase("tier_downgrade");
let api: ApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const db = (): Promise<Db> => testDb.db();

/** The subscription state a payment webhook would record, then the real tier-sync. */
async function subscribe(uid: string, status: "active" | "canceled") {
  await (await db()).collection("subscriptions").updateOne(
    { provider: "stripe", subscription_id: `sub_${uid}` },
    {
      $set: {
        uid,
        sku: "tier_pro_monthly",
        tier: "pro",
        status,
        current_period_end: null,
        cancel_at_period_end: false,
        updated_at: new Date(),
      },
    },
    { upsert: true },
  );
  return createTierSync(services).sync(uid);
}

const generate = (token: string, maxOutputTokens: number) =>
  request(api.baseUrl, "POST", "/ai/generate", {
    token,
    body: { model: "demo:echo", messages: [{ role: "user", content: "hi" }], maxOutputTokens },
  });

it("an ID token minted on pro loses pro's limits as soon as the subscription ends", async () => {
  const user = await createUser("downgrade");
  expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).status).toBe(200);
  await new MongoCreditLedger(await db(), () => new Date()).grant({
    uid: user.uid,
    amount: 100_000,
    idempotencyKey: `test:${user.uid}`,
    actor: "system:test",
    reason: "test",
    cause: { kind: "test", id: "t" },
  });
  expect(await subscribe(user.uid, "active")).toBe("pro");
  const proToken = await signIn(user);
  expect(JSON.parse(Buffer.from(proToken.split(".")[1], "base64url").toString()).tier).toBe("pro");

  expect((await generate(proToken, 4_096)).status).toBe(200);
  expect((await request(api.baseUrl, "GET", "/ai/models", { token: proToken })).json.tier).toBe("pro");

  expect(await subscribe(user.uid, "canceled")).toBe("free");
  // The same token, still claiming pro:
  const capped = await generate(proToken, 4_096);
  expectErrorBody(capped, 400, "max_tokens_exceeded");
  expect(capped.json.error.details).toEqual({ max: 1_024 });
  const models = await request(api.baseUrl, "GET", "/ai/models", { token: proToken });
  expect(models.json.tier).toBe("free");
  expect(models.json.models.map((m: { id: string }) => m.id)).not.toContain("demo:echo-large");
  // Free: 10 requests a minute (pro allows 60); one was already counted this minute.
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await generate(proToken, 16)).status);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(9);
});

it("an API key gets its owner's stored tier (keys carry no tier claim)", async () => {
  const user = await createUser("downgrade-key");
  expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).status).toBe(200);
  await new MongoCreditLedger(await db(), () => new Date()).grant({
    uid: user.uid,
    amount: 100_000,
    idempotencyKey: `test:${user.uid}`,
    actor: "system:test",
    reason: "test",
    cause: { kind: "test", id: "t" },
  });
  await subscribe(user.uid, "active");
  const key = (await request(api.baseUrl, "POST", "/users/me/api-keys", { token: user.idToken, body: { name: "ci", scopes: ["ai:run"] } }))
    .json.key;
  expect((await generate(key, 4_096)).status).toBe(200);
  await subscribe(user.uid, "canceled");
  expectErrorBody(await generate(key, 4_096), 400, "max_tokens_exceeded");
});

it("a profile created after the payment starts on the paid tier, whatever the token says", async () => {
  const user = await createUser("downgrade-late-profile");
  await (await db()).collection("subscriptions").insertOne({
    provider: "stripe",
    subscription_id: `sub_${user.uid}`,
    uid: user.uid,
    sku: "tier_pro_monthly",
    tier: "pro",
    status: "active",
    updated_at: new Date(),
  });
  const me = await request(api.baseUrl, "GET", "/users/me", { token: user.idToken });
  expect(me.json.tier).toBe("pro");
});
