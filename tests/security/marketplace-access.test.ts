import { marketplaceRoutes } from "../../functions/src/api/marketplace/marketplace.routes";
import { ApiScope } from "../../functions/src/core/auth/api-key-verifier";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { startPaymentFakes, type PaymentFakes } from "../support/fakes/payment-fakes";
import { request } from "../support/http";
import { call, createPrompt, giveCredits, listedListing, listingBody, type Market } from "../support/marketplace";

/**
 * The marketplace's access matrix: every operation of marketplace.routes.ts × every kind of caller,
 * with the status each must get. A refusal writes nothing (the whole database is compared). A cell
 * that succeeds and changes something runs on resources made for it (`fresh`), so the shared ones
 * stay as they are for the other cells. Money and listings take signed-in sessions only: a key with
 * every scope is refused like one with none. The one operation that admits keys (trying a listing,
 * `ai:run`, paid like a generate call) states its `scope`, and the two key columns split.
 */
const testDb = useTestDatabase("mkt_access");

const COLUMNS = ["anon", "seller", "buyer", "other", "admin", "keyWithScope", "keyWithoutScope"] as const;
type Column = (typeof COLUMNS)[number];

/** What the cells act on: the shared listing the buyer bought, and the buyer's purchase of it. */
interface Ids {
  listingId: string;
  purchaseId: string;
  promptId: string;
  /** The buyer's review of the shared listing, and a bundle of the seller's (the shared listing and another). */
  reviewId: string;
  bundleId: string;
  otherListingId: string;
}

interface Case {
  op: string;
  method: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  /** anon, seller, buyer, other, admin, key with the operation's scope, key without it. */
  expect: [number, number, number, number, number, number, number];
  /** Whose API key the key columns use (default: the seller's). */
  keyOf?: "seller" | "buyer";
  /** The scope an API key needs (none: keys are refused whatever their scopes). */
  scope?: (typeof ApiScope.options)[number];
  /** Resources for a cell that succeeds and writes (it must not change the shared ones). */
  fresh?: (who: Column) => Promise<Partial<Ids>>;
}

const KEY_REFUSED = 403;
const PUBLIC: Case["expect"] = [200, 200, 200, 200, 200, 200, 200];
const OWN_DATA: Case["expect"] = [401, 200, 200, 200, 200, KEY_REFUSED, KEY_REFUSED];
const ADMIN_ONLY = (ok: number): Case["expect"] => [401, 403, 403, 403, ok, KEY_REFUSED, KEY_REFUSED];
const SELLER_ONLY = (ok: number): Case["expect"] => [401, ok, 404, 404, 404, KEY_REFUSED, KEY_REFUSED];
const BUYER_ONLY = (ok: number): Case["expect"] => [401, 404, ok, 404, 404, KEY_REFUSED, KEY_REFUSED];

let api: ApiServer;
let m: Market;
const users = {} as Record<"seller" | "buyer" | "other" | "admin", TestUser>;
const keys = {} as Record<"seller" | "buyer", { all: string; none: string }>;
let shared: Ids;
let fakes: PaymentFakes;

/** A listed listing of the seller's, made for one cell. */
const freshListing = async () => ({ listingId: await listedListing(m, users.seller, { price: 100 }) });

/** A bundle of two fresh listings of the seller's (100 + 100 credits, sold together for 150). */
async function freshBundle(): Promise<Partial<Ids>> {
  const items = [await listedListing(m, users.seller, { price: 100 }), await listedListing(m, users.seller, { price: 100 })];
  const created = await call(m, "POST", "/marketplace/bundles", users.seller, bundleBody(items));
  expect(created.status).toBe(201);
  return { bundleId: created.json.id };
}
const bundleBody = (listingIds: string[]) => ({
  title: "Two haiku machines",
  description: "Both haiku machines together, for less.",
  listingIds,
  price: 150,
});

/** A reported review of a fresh listing, bought and reviewed by the buyer, reported by the other user. */
async function freshReportedReview(): Promise<Partial<Ids>> {
  const { listingId } = await freshListing();
  expect((await call(m, "POST", `/marketplace/listings/${listingId}/purchase`, users.buyer, {})).status).toBe(201);
  const review = await call(m, "POST", `/marketplace/listings/${listingId}/reviews/mine`, users.buyer, { stars: 2, text: "Meh." });
  expect(review.status).toBe(201);
  expect((await call(m, "POST", `/marketplace/reviews/${review.json.id}/report`, users.other, { reason: "spam" })).status).toBe(200);
  return { reviewId: review.json.id };
}

const cases: Case[] = [
  { op: "browseListings", method: "GET", path: () => "/marketplace/listings?limit=5", expect: PUBLIC },
  { op: "getListing", method: "GET", path: (i) => `/marketplace/listings/${i.listingId}`, expect: PUBLIC },
  {
    op: "createListing",
    method: "POST",
    path: () => "/marketplace/listings",
    // The seller's prompt: only its owner may list it (others cannot even see it).
    body: (i) => listingBody(i.promptId),
    expect: [401, 201, 404, 404, 404, KEY_REFUSED, KEY_REFUSED],
  },
  {
    op: "updateListing",
    method: "PATCH",
    path: (i) => `/marketplace/listings/${i.listingId}`,
    body: () => ({ title: "A better title" }),
    expect: SELLER_ONLY(200),
    fresh: freshListing,
  },
  {
    op: "submitListing",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/submit`,
    // The shared listing is on sale (nothing to submit): only a fresh draft can be.
    expect: SELLER_ONLY(200),
    fresh: async () => {
      const created = await call(m, "POST", "/marketplace/listings", users.seller, listingBody(await createPrompt(m, users.seller)));
      return { listingId: created.json.id };
    },
  },
  {
    op: "setListingAvailability",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/availability`,
    body: () => ({ listed: false }),
    expect: SELLER_ONLY(200),
    fresh: freshListing,
  },
  {
    op: "takeDownListing",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/takedown`,
    body: () => ({ reasonCode: "infringing", note: "reported" }),
    expect: ADMIN_ONLY(200),
    fresh: freshListing,
  },
  {
    op: "buyListing",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/purchase`,
    body: () => ({}),
    // The seller cannot buy their own; the buyer owns it already (the existing purchase, 200, nothing written).
    expect: [401, 403, 200, 201, 201, KEY_REFUSED, KEY_REFUSED],
    keyOf: "buyer",
    fresh: async (who) => (who === "buyer" ? {} : freshListing()),
  },
  { op: "listMyListings", method: "GET", path: () => "/marketplace/me/listings", expect: OWN_DATA },
  { op: "getMyEarnings", method: "GET", path: () => "/marketplace/me/earnings", expect: OWN_DATA },
  { op: "listPurchases", method: "GET", path: () => "/marketplace/purchases", expect: OWN_DATA, keyOf: "buyer" },
  {
    op: "refundPurchase",
    method: "POST",
    path: (i) => `/marketplace/purchases/${i.purchaseId}/refund`,
    body: () => ({ reason: "not what I expected" }),
    // The buyer within the window, an admin any time; the seller and others cannot see the purchase.
    expect: [401, 404, 200, 404, 200, KEY_REFUSED, KEY_REFUSED],
    keyOf: "buyer",
    fresh: async () => {
      const { listingId } = await freshListing();
      const bought = await call(m, "POST", `/marketplace/listings/${listingId}/purchase`, users.buyer, {});
      expect(bought.status).toBe(201);
      return { listingId, purchaseId: bought.json.purchase.id };
    },
  },
  {
    op: "getLicensedContent",
    method: "GET",
    path: (i) => `/marketplace/licences/${i.listingId}`,
    expect: BUYER_ONLY(200),
    keyOf: "buyer",
  },
  {
    op: "pinLicence",
    method: "POST",
    path: (i) => `/marketplace/licences/${i.listingId}/pin`,
    body: () => ({ version: 1 }),
    expect: BUYER_ONLY(200),
    keyOf: "buyer",
  },
  {
    op: "forkLicence",
    method: "POST",
    path: (i) => `/marketplace/licences/${i.listingId}/fork`,
    body: () => ({}),
    expect: BUYER_ONLY(201),
    keyOf: "buyer",
  },
  { op: "listModerationQueue", method: "GET", path: () => "/marketplace/moderation", expect: ADMIN_ONLY(200) },
  {
    op: "decideListing",
    method: "POST",
    path: (i) => `/marketplace/moderation/${i.listingId}/versions/1`,
    body: () => ({ decision: "approve" }),
    expect: ADMIN_ONLY(200),
    fresh: async () => {
      const created = await call(m, "POST", "/marketplace/listings", users.seller, listingBody(await createPrompt(m, users.seller)));
      expect((await call(m, "POST", `/marketplace/listings/${created.json.id}/submit`, users.seller)).status).toBe(200);
      return { listingId: created.json.id };
    },
  },
  { op: "listReviews", method: "GET", path: (i) => `/marketplace/listings/${i.listingId}/reviews`, expect: PUBLIC },
  {
    op: "putMyReview",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/reviews/mine`,
    body: () => ({ stars: 5, text: "Still the best haiku machine." }),
    // Only a licence holder may review (the buyer edits the review written at setup: 200).
    expect: [401, 403, 200, 403, 403, KEY_REFUSED, KEY_REFUSED],
    keyOf: "buyer",
  },
  {
    op: "reportReview",
    method: "POST",
    path: (i) => `/marketplace/reviews/${i.reviewId}/report`,
    body: () => ({ reason: "spam" }),
    // Anyone signed in may report a review once, except its author (409 own_review).
    expect: [401, 200, 409, 200, 200, KEY_REFUSED, KEY_REFUSED],
    keyOf: "buyer",
  },
  { op: "listReportedReviews", method: "GET", path: () => "/marketplace/moderation/reviews", expect: ADMIN_ONLY(200) },
  {
    op: "decideReview",
    method: "POST",
    path: (i) => `/marketplace/moderation/reviews/${i.reviewId}`,
    body: () => ({ decision: "remove", note: "spam" }),
    expect: ADMIN_ONLY(200),
    fresh: freshReportedReview,
  },
  { op: "browseBundles", method: "GET", path: () => "/marketplace/bundles?limit=5", expect: PUBLIC },
  { op: "getBundle", method: "GET", path: (i) => `/marketplace/bundles/${i.bundleId}`, expect: PUBLIC },
  {
    op: "createBundle",
    method: "POST",
    path: () => "/marketplace/bundles",
    // Only the seller's own listed items can be bundled: another caller's bundle of them is 400 invalid_bundle (not found).
    body: (i) => bundleBody([i.listingId, i.otherListingId]),
    expect: [401, 201, 400, 400, 400, KEY_REFUSED, KEY_REFUSED],
  },
  {
    op: "buyBundle",
    method: "POST",
    path: (i) => `/marketplace/bundles/${i.bundleId}/purchase`,
    body: () => ({ expectedPrice: 150 }),
    // The seller cannot buy their own bundle; everyone else buys a fresh one.
    expect: [401, 403, 201, 201, 201, KEY_REFUSED, KEY_REFUSED],
    keyOf: "buyer",
    fresh: freshBundle,
  },
  {
    op: "setBundleAvailability",
    method: "POST",
    path: (i) => `/marketplace/bundles/${i.bundleId}/availability`,
    body: () => ({ listed: false }),
    expect: SELLER_ONLY(200),
    fresh: freshBundle,
  },
  // Payouts onboarding: each caller's own connected account (created at the Stripe fake on first POST).
  { op: "getPayoutAccount", method: "GET", path: () => "/marketplace/payouts/account", expect: OWN_DATA },
  { op: "startPayoutOnboarding", method: "POST", path: () => "/marketplace/payouts/account", expect: OWN_DATA },
  {
    op: "tryListing",
    method: "POST",
    path: (i) => `/marketplace/listings/${i.listingId}/try`,
    body: () => ({ variables: { tone: "calm", topic: "rain" }, model: "demo:echo", maxOutputTokens: 50 }),
    // Any signed-in caller with credits, and API keys with ai:run (the only marketplace operation keys reach).
    expect: [401, 200, 200, 200, 200, 200, 403],
    keyOf: "buyer",
    scope: "ai:run",
  },
];

beforeAll(async () => {
  // The seller lists many items here: no pacing (marketplace-listings.test.ts covers it).
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP = "100";
  fakes = await startPaymentFakes();
  api = await startApi();
  users.admin = await createUserWithRoles(["admin"], "mkt-access-admin");
  m = { api, admin: users.admin, db: () => testDb.db(), now: () => new Date() };
  users.seller = await createUser("mkt-seller");
  users.buyer = await createUser("mkt-buyer");
  users.other = await createUser("mkt-other");
  for (const who of ["seller", "buyer", "other", "admin"] as const) await giveCredits(m, users[who].uid, 10_000);
  const listingId = await listedListing(m, users.seller, { price: 100 });
  const bought = await call(m, "POST", `/marketplace/listings/${listingId}/purchase`, users.buyer, {});
  expect(bought.status).toBe(201);
  const review = await call(m, "POST", `/marketplace/listings/${listingId}/reviews/mine`, users.buyer, { stars: 4, text: "Good haiku." });
  expect(review.status).toBe(201);
  const otherListingId = await listedListing(m, users.seller, { price: 100 });
  const bundle = await call(m, "POST", "/marketplace/bundles", users.seller, bundleBody([listingId, otherListingId]));
  expect(bundle.status).toBe(201);
  shared = {
    listingId,
    purchaseId: bought.json.purchase.id,
    promptId: await createPrompt(m, users.seller),
    reviewId: review.json.id,
    bundleId: bundle.json.id,
    otherListingId,
  };
  for (const who of ["seller", "buyer"] as const) {
    const key = async (scopes: string[]) => {
      const res = await call(m, "POST", "/users/me/api-keys", users[who], { name: `${who} key`, scopes });
      expect(res.status).toBe(201);
      return res.json.key as string;
    };
    // "none": a key with a scope no marketplace operation asks for.
    keys[who] = { all: await key([...ApiScope.options]), none: await key(["vault:read"]) };
  }
}, 120_000);
afterAll(async () => {
  await api.close();
  await fakes.close();
  delete process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES;
  delete process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP;
});

function credentialOf(c: Case, column: Column): string | undefined {
  if (column === "anon") return undefined;
  const owner = c.keyOf ?? "seller";
  if (column === "keyWithScope") return keys[owner].all;
  if (column === "keyWithoutScope") return keys[owner].none;
  return users[column].idToken;
}

/** A presented API key records its last use even when the operation refuses it (the owner sees the key is in use). */
const withoutKeyUse = (snapshot: Record<string, unknown[]>) => ({
  ...snapshot,
  api_keys: (snapshot.api_keys ?? []).map((k) => ({ ...(k as object), last_used_at: null })),
});

describe.each(cases)("$method $op", (c) => {
  it.each(COLUMNS.map((column, i) => ({ column, status: c.expect[i] })))("$column → $status", async ({ column, status }) => {
    const ids = c.fresh && status < 400 ? { ...shared, ...(await c.fresh(column)) } : shared;
    const before = await testDb.snapshot();
    const res = await request(api.baseUrl, c.method, c.path(ids), { token: credentialOf(c, column), body: c.body?.(ids) });
    expect({ status: res.status, body: res.status >= 400 ? res.json : "ok" }).toEqual({
      status,
      body: status >= 400 ? expect.objectContaining({ error: expect.objectContaining({ code: expect.any(String) }) }) : "ok",
    });
    if (status >= 400) expect(withoutKeyUse(await testDb.snapshot())).toEqual(withoutKeyUse(before));
    if (column.startsWith("key") && status === KEY_REFUSED && !c.scope) expect(res.json.error.code).toBe("api_key_not_allowed");
  });
});

it("has a row for every marketplace operation (add one when you add an operation)", () => {
  const declared = Object.values(marketplaceRoutes).flatMap((fn) => Object.values(fn.operations).map((op) => op!.operationId));
  expect([...new Set(cases.map((c) => c.op))].sort()).toEqual([...declared].sort());
  // An operation that admits API keys needs its scope in the table, so both key columns mean something.
  for (const fn of Object.values(marketplaceRoutes))
    for (const op of Object.values(fn.operations))
      if (op!.scopes?.length)
        expect({ op: op!.operationId, scope: cases.find((c) => c.op === op!.operationId)?.scope }).toEqual({
          op: op!.operationId,
          scope: op!.scopes[0],
        });
});
