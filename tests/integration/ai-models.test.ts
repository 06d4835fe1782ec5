import { adminAuth, createUser, signIn } from "../support/auth-emulator";
import { startApi, type ApiServer } from "../support/api-server";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { setTier } from "../support/tiers";

/** GET /ai/models: what the caller may use now, from the catalog, the configured vendors and their tier. */
useTestDatabase("ai_models");
let api: ApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  delete process.env.OPENAI_API_KEY;
  await api.close();
});

const ids = (res: { json: { models: { id: string }[] } }) => res.json.models.map((m) => m.id);

it("lists the free tier's priced models of configured vendors only, with prices in credits", async () => {
  const user = await createUser("models-free");
  delete process.env.OPENAI_API_KEY;
  const before = await request(api.baseUrl, "GET", "/ai/models", { token: user.idToken });
  expect(before.status).toBe(200);
  expect(before.json.tier).toBe("free");
  expect(ids(before)).toEqual(["demo:echo"]); // development: the demo vendor; no keys configured
  expect(before.json.models[0]).toMatchObject({
    price: { creditsPerMillionInputTokens: 10, creditsPerMillionOutputTokens: 20 },
    maxOutputTokens: 1_024,
  });

  process.env.OPENAI_API_KEY = "sk-test-models";
  const after = await request(api.baseUrl, "GET", "/ai/models", { token: user.idToken });
  expect(ids(after)).toContain("openai:gpt-4o-mini");
  expect(ids(after)).not.toContain("openai:gpt-4.1"); // paid tiers only
  const mini = after.json.models.find((m: { id: string }) => m.id === "openai:gpt-4o-mini");
  expect(mini.price).toEqual({ creditsPerMillionInputTokens: 150, creditsPerMillionOutputTokens: 600 });
});

it("shows a paid tier's models to a subscriber (the tier tier-sync stored)", async () => {
  const user = await createUser("models-pro");
  await setTier(user.uid, "pro");
  const res = await request(api.baseUrl, "GET", "/ai/models", { token: user.idToken });
  expect(res.json.tier).toBe("pro");
  expect(ids(res)).toEqual(expect.arrayContaining(["demo:echo", "demo:echo-large"]));
});

it("follows the stored tier, never a tier claim in the token (an old token after a downgrade)", async () => {
  const user = await createUser("models-stale-claim");
  await (await adminAuth()).setCustomUserClaims(user.uid, { tier: "pro" });
  const res = await request(api.baseUrl, "GET", "/ai/models", { token: await signIn(user) });
  expect(res.json.tier).toBe("free");
  expect(ids(res)).not.toContain("demo:echo-large");
});

it("lists exactly what the router accepts, also after a vendor's key was added or removed", async () => {
  const user = await createUser("models-agree");
  // The caller has no credits: a model the router accepts stops at the ledger (402), one it refuses earlier (503).
  const generate = () =>
    request(api.baseUrl, "POST", "/ai/generate", {
      token: user.idToken,
      body: { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "hi" }], maxOutputTokens: 10 },
    });
  const listed = async () => ids(await request(api.baseUrl, "GET", "/ai/models", { token: user.idToken }));
  delete process.env.OPENAI_API_KEY;
  expectErrorBody(await generate(), 503, "model_unavailable");
  expect(await listed()).not.toContain("openai:gpt-4o-mini");

  process.env.OPENAI_API_KEY = "sk-test-models-agree";
  expect(await listed()).toContain("openai:gpt-4o-mini");
  expectErrorBody(await generate(), 402, "insufficient_credits");

  delete process.env.OPENAI_API_KEY;
  expect(await listed()).not.toContain("openai:gpt-4o-mini");
  expectErrorBody(await generate(), 503, "model_unavailable");
});

it("needs a signed-in caller", async () => {
  expectErrorBody(await request(api.baseUrl, "GET", "/ai/models"), 401, "unauthenticated");
});
