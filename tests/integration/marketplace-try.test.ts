import { ObjectId } from "mongodb";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { balanceOf, call, giveCredits, listedListing, type Market } from "../support/marketplace";

/**
 * Try before buying, over real HTTP with emulator tokens, through the real router, ledger and usage
 * records, answered by the development-only demo model (deterministic; it echoes the last message,
 * which here is the rendered listing: exactly the leak the echo guard must stop). Prices are set
 * through the catalogue overrides so that a run costs a known, non-trivial number of credits.
 */
const savedOverrides = process.env.LLM_CATALOG_OVERRIDES;
process.env.LLM_CATALOG_OVERRIDES = JSON.stringify({
  "demo:echo": { price: { inputMicroCreditsPerToken: 30_000, outputMicroCreditsPerToken: 90_000 } },
});
const testDb = useTestDatabase("mkt_try");
let m: Market;
let api: ApiServer;
let seller: TestUser;
let listing: string;

beforeAll(async () => {
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP = "100";
  process.env.MARKETPLACE_TRY_DAILY_CAP = "3";
  api = await startApi();
  const admin = await createUserWithRoles(["admin"], "try-admin");
  m = { api, admin, db: () => testDb.db(), now: () => new Date() };
  seller = await createUser("try-seller");
  listing = await listedListing(m, seller, { price: 500 });
});
afterAll(async () => {
  await api.close();
  for (const k of ["MARKETPLACE_SUBMIT_COOLDOWN_MINUTES", "MARKETPLACE_NEW_SELLER_DAILY_CAP", "MARKETPLACE_TRY_DAILY_CAP"])
    delete process.env[k];
  if (savedOverrides === undefined) delete process.env.LLM_CATALOG_OVERRIDES;
  else process.env.LLM_CATALOG_OVERRIDES = savedOverrides;
});

const body = { variables: { tone: "calm", topic: "rain" }, model: "demo:echo", maxOutputTokens: 200 };
const tryIt = (who: TestUser | string, b: unknown = body, headers: Record<string, string> = {}) =>
  request(api.baseUrl, "POST", `/marketplace/listings/${listing}/try`, {
    token: typeof who === "string" ? who : who.idToken,
    body: b,
    headers,
  });
const usageOf = async (uid: string) => (await m.db()).collection("usage_events").find({ uid, operation: "marketplace.try" }).toArray();
const stats = async () => (await request(api.baseUrl, "GET", `/marketplace/listings/${listing}`)).json.stats;
async function funded(prefix: string, credits = 1_000): Promise<TestUser> {
  const u = await createUser(prefix);
  await giveCredits(m, u.uid, credits);
  return u;
}

describe("trying a listing", () => {
  let buyer: TestUser;
  let first: { credits: number; latencyMs: number };

  it("runs the listing on the caller's variables, charges the run's cost, and never returns the template", async () => {
    buyer = await funded("try-buyer");
    const res = await tryIt(buyer);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["cost", "latencyMs", "model", "redacted", "runsLeftToday", "text", "usage"]);
    expect(res.json).toMatchObject({ model: "demo:echo", redacted: true, runsLeftToday: 2 });
    // The demo model echoed the rendered prompt; the template's own text is gone, the caller's values stay.
    expect(res.text).not.toContain("SECRET-TEMPLATE");
    expect(res.text).not.toContain("write a");
    expect(res.json.text).toContain("[redacted]calm haiku about rain");
    const credits = res.json.cost.credits;
    expect(credits).toBeGreaterThan(0);
    expect(await balanceOf(m, buyer.uid)).toBe(1_000 - credits);
    const [record] = await usageOf(buyer.uid);
    expect(record).toMatchObject({ listing_id: listing, outcome: "ok", credits, model: "demo:echo", prompt_id: null });
    first = { credits, latencyMs: res.json.latencyMs };
    expect(await stats()).toEqual({ runs: 1, avgCredits: credits, avgLatencyMs: first.latencyMs, models: ["demo:echo"] });
  });

  it("replays a run sent again with the same Idempotency-Key: charged and counted once", async () => {
    const b = await funded("try-idem");
    const key = { "idempotency-key": "try-key-1" };
    const a = await tryIt(b, body, key);
    const again = await tryIt(b, body, key);
    expect(a.status).toBe(200);
    expect(again.json).toEqual(a.json);
    expect(await balanceOf(m, b.uid)).toBe(1_000 - a.json.cost.credits);
    expect(await usageOf(b.uid)).toHaveLength(1);
    expect((await stats()).runs).toBe(2);
  });

  it("caps runs per listing and buyer a day (429, nothing charged)", async () => {
    expect((await tryIt(buyer)).status).toBe(200);
    expect((await tryIt(buyer)).json.runsLeftToday).toBe(0);
    const before = await balanceOf(m, buyer.uid);
    expectErrorBody(await tryIt(buyer), 429, "try_limit_reached");
    expect(await balanceOf(m, buyer.uid)).toBe(before);
    expect(await usageOf(buyer.uid)).toHaveLength(3);
  });

  it("keeps measured stats from runs by others only: the seller's own runs do not count", async () => {
    await giveCredits(m, seller.uid, 1_000);
    const runsBefore = (await stats()).runs;
    expect((await tryIt(seller)).status).toBe(200);
    expect((await stats()).runs).toBe(runsBefore);
    const doc = await (await m.db()).collection("listings").findOne({ _id: new ObjectId(listing) });
    const usage = await (
      await m.db()
    )
      .collection("usage_events")
      .find({ listing_id: listing, outcome: "ok", uid: { $ne: seller.uid } })
      .toArray();
    // The aggregate equals a recount of our own usage records.
    expect(doc!.stats.runs).toBe(usage.length);
    expect(doc!.stats.credits).toBe(usage.reduce((s, u) => s + u.credits, 0));
    expect(doc!.stats.latency_ms).toBe(usage.reduce((s, u) => s + u.latency_ms, 0));
  });

  it("refuses a caller short of credits (402) and counts nothing", async () => {
    const poor = await createUser("try-poor");
    const runsBefore = (await stats()).runs;
    expectErrorBody(await tryIt(poor), 402, "insufficient_credits");
    expect((await stats()).runs).toBe(runsBefore);
  });

  it("refuses bad input with 400 and unknown or unlisted listings with 404", async () => {
    const b = await funded("try-bad");
    expectErrorBody(await tryIt(b, { ...body, variables: { nope: "x" } }), 400);
    expectErrorBody(await tryIt(b, { ...body, maxOutputTokens: 0 }), 400, "validation_failed");
    expectErrorBody(await tryIt(b, { ...body, template: "show me" }), 400, "validation_failed");
    const missing = await request(api.baseUrl, "POST", "/marketplace/listings/0123456789abcdef01234567/try", { token: b.idToken, body });
    expectErrorBody(missing, 404);
    expect(await balanceOf(m, b.uid)).toBe(1_000);
  });

  it("admits API keys with ai:run only, and needs a token", async () => {
    const b = await funded("try-key");
    const key = async (scopes: string[]) => (await call(m, "POST", "/users/me/api-keys", b, { name: "try", scopes })).json.key as string;
    expect((await tryIt(await key(["ai:run"]))).status).toBe(200);
    expectErrorBody(await tryIt(await key(["prompts:read"])), 403, "insufficient_scope");
    expectErrorBody(await request(api.baseUrl, "POST", `/marketplace/listings/${listing}/try`, { body }), 401);
  });
});
