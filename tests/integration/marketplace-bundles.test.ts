import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { balanceOf, call, debitsOf, giveCredits, linesOf, listedListing, type Market } from "../support/marketplace";

/**
 * Bundles over real HTTP with emulator tokens. Prices 100 / 200 / 333 in a 500 bundle: the exact
 * proportional shares are 78.99 / 157.98 / 263.03, so floors (78 / 157 / 263) leave 2 credits that go
 * to the largest remainders (the first two items): 79 / 158 / 263. At 80 % the sellers' parts are
 * 63 / 126 / 210 (= 399, where 80 % of the whole 500 would be 400) and the platform's 16 / 32 / 53.
 * A split by equal parts, by unrounded shares, or of the whole price at once changes these numbers.
 */
const testDb = useTestDatabase("mkt_bundles");
let m: Market;
let api: ApiServer;
let seller: TestUser;
let other: TestUser;
let items: string[];
let bundleId: string;

beforeAll(async () => {
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP = "100";
  api = await startApi();
  const admin = await createUserWithRoles(["admin"], "bundle-admin");
  m = { api, admin, db: () => testDb.db(), now: () => new Date() };
  seller = await createUser("bundle-seller");
  other = await createUser("bundle-other");
  items = [
    await listedListing(m, seller, { price: 100 }),
    await listedListing(m, seller, { price: 200 }),
    await listedListing(m, seller, { price: 333 }),
  ];
});
afterAll(async () => {
  await api.close();
  delete process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES;
  delete process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP;
});

const pub = (path: string) => request(api.baseUrl, "GET", path);
const bundleBody = (over: Record<string, unknown> = {}) => ({
  title: "Poetry pack",
  description: "<p>Three poetry prompts for <b>every</b> mood.</p>",
  listingIds: items,
  price: 500,
  ...over,
});
const count = async () => (await m.db()).collection("bundles").countDocuments();

describe("creating a bundle", () => {
  it.each([
    ["one item", () => ({ listingIds: [items[0]] }), "validation_failed"],
    ["21 items", () => ({ listingIds: Array.from({ length: 21 }, () => items[0]) }), "validation_failed"],
    ["a price below the minimum", () => ({ price: 9 }), "validation_failed"],
    ["a fractional price", () => ({ price: 100.5 }), "validation_failed"],
    ["a price above the items' total", () => ({ price: 634 }), "invalid_bundle"],
    ["an item twice", () => ({ listingIds: [items[0], items[1], items[0]] }), "invalid_bundle"],
    ["a description empty once sanitized", () => ({ description: "<script>alert('twenty characters long')</script>" }), "invalid_bundle"],
  ])("refuses %s with 400 and writes nothing", async (_label, over, code) => {
    const res = await call(m, "POST", "/marketplace/bundles", seller, bundleBody(over()));
    expectErrorBody(res, 400, code);
    expect(await count()).toBe(0);
  });

  it("refuses another seller's listing and an item not on sale, naming each", async () => {
    const foreign = await listedListing(m, other, { price: 100 });
    const delisted = await listedListing(m, seller, { price: 100 });
    expect((await call(m, "POST", `/marketplace/listings/${delisted}/availability`, seller, { listed: false })).status).toBe(200);
    const res = await call(m, "POST", "/marketplace/bundles", seller, bundleBody({ listingIds: [items[0], foreign, delisted] }));
    expectErrorBody(res, 400, "invalid_bundle");
    expect(res.json.error.details.issues).toEqual([
      expect.objectContaining({ path: "listingIds.1", code: "not_found" }),
      expect.objectContaining({ path: "listingIds.2", code: "not_listed" }),
    ]);
    expect(await count()).toBe(0);
  });

  it("needs a signed-in session (no token: 401; an API key: 403)", async () => {
    expectErrorBody(await request(api.baseUrl, "POST", "/marketplace/bundles", { body: bundleBody() }), 401);
    const key = (await call(m, "POST", "/users/me/api-keys", seller, { name: "b", scopes: ["prompts:read", "ai:run"] })).json.key;
    expectErrorBody(
      await request(api.baseUrl, "POST", "/marketplace/bundles", { token: key, body: bundleBody() }),
      403,
      "api_key_not_allowed",
    );
    expect(await count()).toBe(0);
  });

  it("creates the seller's bundle, shown publicly with each item's share (summing to the price)", async () => {
    const res = await call(m, "POST", "/marketplace/bundles", seller, bundleBody());
    expect(res.status).toBe(201);
    bundleId = res.json.id;
    const expected = {
      id: bundleId,
      sellerUid: seller.uid,
      price: 500,
      listPrice: 633,
      available: true,
      state: "listed",
      description: "<p>Three poetry prompts for <b>every</b> mood.</p>",
      items: [
        { listingId: items[0], price: 100, share: 79 },
        { listingId: items[1], price: 200, share: 158 },
        { listingId: items[2], price: 333, share: 263 },
      ].map((i) => expect.objectContaining(i)),
    };
    expect(res.json).toMatchObject(expected);
    const got = await pub(`/marketplace/bundles/${bundleId}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject(expected);
    expect(got.text).not.toContain("SECRET-TEMPLATE");
    const list = await pub("/marketplace/bundles?limit=1");
    expect(list.json.bundles.map((b: { id: string }) => b.id)).toEqual([bundleId]);
    expectErrorBody(await pub("/marketplace/bundles/0123456789abcdef01234567"), 404);
  });
});

describe("buying a bundle", () => {
  let buyer: TestUser;
  let purchaseId: string;

  it("refuses the seller their own bundle and a buyer short of credits, charging nothing", async () => {
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, seller), 403, "self_purchase");
    const poor = await createUser("bundle-poor");
    await giveCredits(m, poor.uid, 499);
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, poor), 402, "insufficient_credits");
    expect(await balanceOf(m, poor.uid)).toBe(499);
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, poor, { expectedPrice: 633 }), 409, "price_changed");
  });

  it("debits the bundle price once and splits each item's share exactly between seller and platform", async () => {
    buyer = await createUser("bundle-buyer");
    await giveCredits(m, buyer.uid, 1_000);
    const [res, dup] = await Promise.all([
      call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, buyer, { expectedPrice: 500 }),
      call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, buyer, { expectedPrice: 500 }),
    ]);
    expect([res.status, dup.status]).toContain(201);
    expect([200, 201]).toEqual(expect.arrayContaining([res.status, dup.status]));
    expect(res.json.purchase.id).toBe(dup.json.purchase.id);
    purchaseId = res.json.purchase.id;
    expect(res.json.purchase).toMatchObject({
      state: "completed",
      price: 500,
      items: [
        { listingId: items[0], price: 79 },
        { listingId: items[1], price: 158 },
        { listingId: items[2], price: 263 },
      ],
    });
    expect(await balanceOf(m, buyer.uid)).toBe(500);
    expect(await debitsOf(m, buyer.uid)).toHaveLength(1);

    const lines = await linesOf(m, purchaseId);
    const byItem = (listing: string) =>
      Object.fromEntries(lines.filter((l) => l.source.listing_id?.toHexString() === listing).map((l) => [l.kind, l.amount]));
    expect(byItem(items[0])).toEqual({ sale: 63, fee: 16 });
    expect(byItem(items[1])).toEqual({ sale: 126, fee: 32 });
    expect(byItem(items[2])).toEqual({ sale: 210, fee: 53 });
    expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(500);
    expect(lines.filter((l) => l.kind === "sale").reduce((s, l) => s + l.amount, 0)).toBe(399);

    for (const id of items) expect((await call(m, "GET", `/marketplace/licences/${id}`, buyer)).status).toBe(200);
    const again = await call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, buyer);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ alreadyOwned: true, purchase: { id: purchaseId } });
    expect(await balanceOf(m, buyer.uid)).toBe(500);
  });

  it("charges a buyer who owns an item already only the other items' shares", async () => {
    const b = await createUser("bundle-partial-owner");
    await giveCredits(m, b.uid, 1_000);
    expect((await call(m, "POST", `/marketplace/listings/${items[2]}/purchase`, b)).status).toBe(201);
    expect(await balanceOf(m, b.uid)).toBe(667);
    const res = await call(m, "POST", `/marketplace/bundles/${bundleId}/purchase`, b, { expectedPrice: 237 });
    expect(res.status).toBe(201);
    expect(res.json.purchase.items.map((i: { price: number }) => i.price)).toEqual([79, 158]);
    expect(await balanceOf(m, b.uid)).toBe(430);
  });

  it("refunds one item exactly (its share back, its lines reversed), then the rest", async () => {
    const other = await createUser("bundle-stranger");
    expectErrorBody(
      await call(m, "POST", `/marketplace/purchases/${purchaseId}/refund`, other, { reason: "mine?", listingIds: [items[1]] }),
      404,
    );
    const foreign = "0123456789abcdef01234567";
    expectErrorBody(
      await call(m, "POST", `/marketplace/purchases/${purchaseId}/refund`, buyer, { reason: "x", listingIds: [foreign] }),
      400,
      "not_in_purchase",
    );
    const one = await call(m, "POST", `/marketplace/purchases/${purchaseId}/refund`, buyer, { reason: "one", listingIds: [items[1]] });
    expect(one.status).toBe(200);
    expect(one.json.refund).toMatchObject({ credits: 158, listingIds: [items[1]] });
    expect(await balanceOf(m, buyer.uid)).toBe(658);
    const lines = await linesOf(m, purchaseId);
    const reversals = lines.filter((l) => l.amount < 0);
    expect(reversals.map((l) => [l.kind, l.amount]).sort()).toEqual([
      ["fee_reversal", -32],
      ["sale_reversal", -126],
    ]);
    expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(500 - 158);
    expectErrorBody(await call(m, "GET", `/marketplace/licences/${items[1]}`, buyer), 404);
    expect((await call(m, "GET", `/marketplace/licences/${items[0]}`, buyer)).status).toBe(200);
    // The same item again is the same refund: nothing moves twice.
    const dup = await call(m, "POST", `/marketplace/purchases/${purchaseId}/refund`, buyer, { reason: "one", listingIds: [items[1]] });
    expect(dup.json.refund.id).toBe(one.json.refund.id);
    expect(await balanceOf(m, buyer.uid)).toBe(658);

    const rest = await call(m, "POST", `/marketplace/purchases/${purchaseId}/refund`, buyer, { reason: "all" });
    expect(rest.json.refund).toMatchObject({ credits: 342 });
    expect(rest.json.refund.listingIds.sort()).toEqual([items[0], items[2]].sort());
    expect(await balanceOf(m, buyer.uid)).toBe(1_000);
    expect((await linesOf(m, purchaseId)).reduce((s, l) => s + l.amount, 0)).toBe(0);
    expect(rest.json.purchase.items.every((i: { refunded: boolean }) => i.refunded)).toBe(true);
  });

  it("cannot be bought once an item is off sale", async () => {
    const a = await listedListing(m, seller, { price: 100 });
    const b = await listedListing(m, seller, { price: 100 });
    const created = await call(m, "POST", "/marketplace/bundles", seller, bundleBody({ listingIds: [a, b], price: 150 }));
    expect(created.status).toBe(201);
    await call(m, "POST", `/marketplace/listings/${b}/availability`, seller, { listed: false });
    expect((await pub(`/marketplace/bundles/${created.json.id}`)).json.available).toBe(false);
    const buyer2 = await createUser("bundle-late");
    await giveCredits(m, buyer2.uid, 1_000);
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${created.json.id}/purchase`, buyer2), 409, "bundle_unavailable");
    expect(await balanceOf(m, buyer2.uid)).toBe(1_000);
  });
});

describe("taking a bundle off sale and back", () => {
  const availability = (id: string, who: TestUser, listed: boolean) =>
    call(m, "POST", `/marketplace/bundles/${id}/availability`, who, { listed });

  it("delists for its seller only: off the public list and unbuyable, buyers keep their licences; back on sale later", async () => {
    const a = await listedListing(m, seller, { price: 120 });
    const b = await listedListing(m, seller, { price: 80 });
    const created = await call(m, "POST", "/marketplace/bundles", seller, bundleBody({ listingIds: [a, b], price: 150 }));
    const id: string = created.json.id;
    const early = await createUser("bundle-early");
    await giveCredits(m, early.uid, 1_000);
    expect((await call(m, "POST", `/marketplace/bundles/${id}/purchase`, early, { expectedPrice: 150 })).status).toBe(201);

    // Another user (even an admin) cannot tell it exists, and changes nothing.
    const before = await testDb.snapshot({ except: ["user_activity"] });
    expectErrorBody(await availability(id, other, false), 404, "not_found");
    expectErrorBody(await availability(id, m.admin, false), 404, "not_found");
    expectErrorBody(await availability("0123456789abcdef01234567", seller, false), 404, "not_found");
    expectErrorBody(await availability("not-an-id", seller, false), 400, "validation_failed");
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${id}/availability`, seller, { listed: "no" }), 400, "validation_failed");
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);

    const off = await availability(id, seller, false);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ id, state: "delisted", price: 150 });
    expect((await availability(id, seller, false)).json.state).toBe("delisted"); // again: no change
    expectErrorBody(await pub(`/marketplace/bundles/${id}`), 404, "not_found");
    const listed = (await pub("/marketplace/bundles?limit=100")).json.bundles.map((x: { id: string }) => x.id);
    expect(listed).not.toContain(id);
    const late = await createUser("bundle-late-2");
    await giveCredits(m, late.uid, 1_000);
    expectErrorBody(await call(m, "POST", `/marketplace/bundles/${id}/purchase`, late, { expectedPrice: 150 }), 404, "not_found");
    expect(await balanceOf(m, late.uid)).toBe(1_000);
    // The earlier buyer still holds both items.
    const licences = await (await m.db()).collection("licences").find({ buyer_uid: early.uid, state: "active" }).toArray();
    expect(licences.map((l) => l.listing_id.toHexString()).sort()).toEqual([a, b].sort());

    const on = await availability(id, seller, true);
    expect(on.json).toMatchObject({ id, state: "listed", available: true });
    expect((await pub(`/marketplace/bundles/${id}`)).status).toBe(200);
    expect((await call(m, "POST", `/marketplace/bundles/${id}/purchase`, late, { expectedPrice: 150 })).status).toBe(201);
    expect(await balanceOf(m, late.uid)).toBe(850);
  });

  it("is not put back on sale while one of its items is off sale", async () => {
    const a = await listedListing(m, seller, { price: 100 });
    const b = await listedListing(m, seller, { price: 100 });
    const id: string = (await call(m, "POST", "/marketplace/bundles", seller, bundleBody({ listingIds: [a, b], price: 150 }))).json.id;
    expect((await availability(id, seller, false)).json.state).toBe("delisted");
    await call(m, "POST", `/marketplace/listings/${b}/availability`, seller, { listed: false });
    expectErrorBody(await availability(id, seller, true), 409, "bundle_unavailable");
    expect((await (await m.db()).collection("bundles").findOne({}, { sort: { created_at: -1 } }))?.state).toBe("delisted");
    await call(m, "POST", `/marketplace/listings/${b}/availability`, seller, { listed: true });
    expect((await availability(id, seller, true)).json).toMatchObject({ state: "listed", available: true });
  });
});
