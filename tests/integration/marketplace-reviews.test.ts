import { ObjectId } from "mongodb";
import type { ReviewDoc } from "../../functions/src/core/marketplace/reviews-store";
import { overrideServicesForTests } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { call, giveCredits, listedListing, type Market } from "../support/marketplace";

/**
 * Reviews over real HTTP with emulator tokens: verified buyers only, one per buyer and listing,
 * sanitized, editable; the listing's aggregate exact under concurrent reviews and edits (checked
 * against a recount of the reviews themselves); reports → admin queue → keep / remove; a refund
 * removes the buyer's review.
 */
const testDb = useTestDatabase("mkt_reviews");
let m: Market;
let api: ApiServer;
let restore: () => void;
let seller: TestUser;

beforeAll(async () => {
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP = "100";
  restore = overrideServicesForTests({});
  api = await startApi();
  const admin = await createUserWithRoles(["admin"], "rev-admin");
  m = { api, admin, db: () => testDb.db(), now: () => new Date() };
  seller = await createUser("rev-seller");
});
afterAll(async () => {
  await api.close();
  restore();
  delete process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES;
  delete process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP;
});

const pub = (path: string) => request(api.baseUrl, "GET", path);
const review = (listing: string, who: TestUser, stars: number, text = `${stars} stars from ${who.uid.slice(0, 6)}`) =>
  call(m, "POST", `/marketplace/listings/${listing}/reviews/mine`, who, { stars, text });

async function buyerOf(listing: string, prefix = "rev-buyer"): Promise<TestUser> {
  const b = await createUser(prefix);
  await giveCredits(m, b.uid, 1_000);
  const bought = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
  expect(bought.status).toBe(201);
  return b;
}

/** The aggregate recounted from the reviews themselves (not from the code under test). */
async function recount(listing: string) {
  const visible = await (
    await m.db()
  )
    .collection<ReviewDoc>("reviews")
    .find({ listing_id: new ObjectId(listing), state: "visible" })
    .toArray();
  return { sum: visible.reduce((s, r) => s + r.stars, 0), count: visible.length };
}
async function stored(listing: string) {
  const l = await (await m.db()).collection("listings").findOne({ _id: new ObjectId(listing) });
  return { sum: l!.rating_sum as number, count: l!.rating_count as number };
}
const reviewEvents = async (listing: string) =>
  (await m.db()).collection("events").find({ type: "marketplace.review", "data.listingId": listing }).sort({ _id: 1 }).toArray();

describe("writing a review", () => {
  let listing: string;
  let buyer: TestUser;
  beforeAll(async () => {
    listing = await listedListing(m, seller, { price: 100 });
    buyer = await buyerOf(listing);
  });

  it("is refused to someone without a licence, to the seller, and to an API key", async () => {
    const stranger = await createUser("rev-stranger");
    expectErrorBody(await review(listing, stranger, 5), 403, "not_a_buyer");
    expectErrorBody(await review(listing, seller, 5), 403, "not_a_buyer");
    const key = (await call(m, "POST", "/users/me/api-keys", buyer, { name: "rev", scopes: ["ai:run", "prompts:read"] })).json.key;
    const withKey = await request(api.baseUrl, "POST", `/marketplace/listings/${listing}/reviews/mine`, {
      token: key,
      body: { stars: 5, text: "by key" },
    });
    expectErrorBody(withKey, 403, "api_key_not_allowed");
    expectErrorBody(
      await request(api.baseUrl, "POST", `/marketplace/listings/${listing}/reviews/mine`, { body: { stars: 5, text: "x" } }),
      401,
    );
    expect(await recount(listing)).toEqual({ sum: 0, count: 0 });
    expect(await reviewEvents(listing)).toHaveLength(0);
  });

  it.each([
    ["0 stars", { stars: 0, text: "bad" }],
    ["6 stars", { stars: 6, text: "bad" }],
    ["fractional stars", { stars: 2.5, text: "bad" }],
    ["an empty text", { stars: 3, text: "   " }],
    ["a text over 4,000 characters", { stars: 3, text: "t".repeat(4_001) }],
    ["an unknown field", { stars: 3, text: "ok", verified: true }],
  ])("refuses %s with 400 and writes nothing", async (_label, body) => {
    const res = await call(m, "POST", `/marketplace/listings/${listing}/reviews/mine`, buyer, body);
    expectErrorBody(res, 400, "validation_failed");
    expect(await recount(listing)).toEqual({ sum: 0, count: 0 });
  });

  it("refuses a text that is only markup once sanitized", async () => {
    const res = await review(listing, buyer, 4, "<script>alert(1)</script><img src=x onerror=alert(2)>");
    expectErrorBody(res, 400, "validation_failed");
    expect(await recount(listing)).toEqual({ sum: 0, count: 0 });
  });

  it("creates one review per buyer (sanitized), which its author edits; the rating and events follow", async () => {
    const first = await review(listing, buyer, 2, "Meh <script>steal()</script><b>ok</b> & fine");
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ stars: 2, text: "Meh ok &amp; fine", created: true, edited: false, listingId: listing });
    expect((await pub(`/marketplace/listings/${listing}`)).json.rating).toEqual({ average: 2, count: 1 });

    const edit = await review(listing, buyer, 5, "Actually great");
    expect(edit.status).toBe(200);
    expect(edit.json).toMatchObject({ id: first.json.id, stars: 5, text: "Actually great", created: false });
    // Still one review: the edit replaced the stars in the aggregate instead of adding to it.
    expect((await pub(`/marketplace/listings/${listing}`)).json.rating).toEqual({ average: 5, count: 1 });
    expect(await stored(listing)).toEqual({ sum: 5, count: 1 });

    const events = await reviewEvents(listing);
    // Event ids are derived from their dedupe keys (not in time order): compared as a set.
    expect(events.map((e) => [e.data.action, e.data.stars, e.uid]).sort()).toEqual([
      ["created", 2, seller.uid],
      ["updated", 5, seller.uid],
    ]);
  });
});

describe("the aggregate under concurrency", () => {
  it("stays exact when 16 buyers review and then edit at the same time", async () => {
    const listing = await listedListing(m, seller, { price: 100 });
    const buyers: TestUser[] = [];
    for (let i = 0; i < 16; i++) buyers.push(await buyerOf(listing, `rev-c${i}`));
    // First stars 1..5 cycling, then each buyer edits to a different value: a lost edit or a double count changes the sum.
    const firstStars = buyers.map((_, i) => (i % 5) + 1);
    const finalStars = buyers.map((_, i) => ((i * 3) % 5) + 1);
    const results = await Promise.all(
      buyers.map(async (b, i) => {
        const a = await review(listing, b, firstStars[i]);
        const c = await review(listing, b, finalStars[i]);
        return [a.status, c.status];
      }),
    );
    expect(results.every(([a, c]) => a === 201 && c === 200)).toBe(true);
    const expected = { sum: finalStars.reduce((s, n) => s + n, 0), count: buyers.length };
    expect(await recount(listing)).toEqual(expected);
    expect(await stored(listing)).toEqual(expected);
    const shown = (await pub(`/marketplace/listings/${listing}`)).json.rating;
    expect(shown).toEqual({ average: Math.round((expected.sum * 100) / expected.count) / 100, count: 16 });

    // Concurrent identical first writes by one buyer: one review, counted once.
    const solo = await buyerOf(listing, "rev-solo");
    const same = await Promise.all(Array.from({ length: 8 }, () => review(listing, solo, 1, "same")));
    expect(same.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(same.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(await stored(listing)).toEqual({ sum: expected.sum + 1, count: 17 });
    expect(await recount(listing)).toEqual({ sum: expected.sum + 1, count: 17 });
  });
});

describe("the public list", () => {
  it("pages through every visible review once, newest first, without a token", async () => {
    const listing = await listedListing(m, seller, { price: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await review(listing, await buyerOf(listing, `rev-p${i}`), (i % 5) + 1)).json.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await pub(`/marketplace/listings/${listing}/reviews?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.json.rating.count).toBe(7);
      expect(res.text).not.toContain("buyer");
      seen.push(...res.json.reviews.map((r: { id: string }) => r.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    expectErrorBody(await pub(`/marketplace/listings/${listing}/reviews?cursor=bogus`), 400, "invalid_cursor");
    expectErrorBody(await pub(`/marketplace/listings/0123456789abcdef01234567/reviews`), 404);
  });
});

describe("reports and moderation", () => {
  it("queues a reported review for admins, who keep one and remove another (which leaves the rating for good)", async () => {
    const listing = await listedListing(m, seller, { price: 100 });
    const kind = await buyerOf(listing, "rev-kind");
    const rude = await buyerOf(listing, "rev-rude");
    const keptId = (await review(listing, kind, 4, "Solid")).json.id;
    const rudeId = (await review(listing, rude, 1, "rude words")).json.id;
    expect(await stored(listing)).toEqual({ sum: 5, count: 2 });

    const reporter = await createUser("rev-reporter");
    const report = (id: string, who: TestUser, body: unknown = { reason: "offensive", note: "insults" }) =>
      call(m, "POST", `/marketplace/reviews/${id}/report`, who, body);
    expect((await report(rudeId, reporter)).json).toEqual({ reported: true });
    expect((await report(rudeId, reporter)).json).toEqual({ reported: false });
    expect((await report(keptId, reporter, { reason: "spam" })).json).toEqual({ reported: true });
    expectErrorBody(await report(rudeId, rude), 409, "own_review");
    expectErrorBody(await report(rudeId, reporter, { reason: "because" }), 400, "validation_failed");
    expectErrorBody(await report("0123456789abcdef01234567", reporter), 404);

    expectErrorBody(await call(m, "GET", "/marketplace/moderation/reviews", reporter), 403);
    const queue = await call(m, "GET", "/marketplace/moderation/reviews", m.admin);
    expect(queue.status).toBe(200);
    const queued = queue.json.reviews.filter((r: { listingId: string }) => r.listingId === listing);
    expect(queued.map((r: { id: string }) => r.id).sort()).toEqual([keptId, rudeId].sort());
    expect(queued.find((r: { id: string }) => r.id === rudeId)).toMatchObject({
      buyerUid: rude.uid,
      sellerUid: seller.uid,
      reports: [{ reason: "offensive: insults" }],
    });
    expect(queue.text).not.toContain(reporter.uid);

    const decide = (id: string, who: TestUser, decision: string) =>
      call(m, "POST", `/marketplace/moderation/reviews/${id}`, who, { decision, note: "checked" });
    expectErrorBody(await decide(rudeId, seller, "remove"), 403);
    expect((await stored(listing)).count).toBe(2);
    expect((await decide(keptId, m.admin, "keep")).json).toMatchObject({ state: "visible", reportState: "kept" });
    expect((await decide(rudeId, m.admin, "remove")).json).toMatchObject({ state: "removed" });
    // Repeating the decision changes nothing.
    expect((await decide(rudeId, m.admin, "remove")).status).toBe(200);
    expect((await decide(keptId, m.admin, "keep")).json).toMatchObject({ reportState: "kept" });
    const quiet = await buyerOf(listing, "rev-quiet");
    const quietId = (await review(listing, quiet, 3, "Fine")).json.id;
    expectErrorBody(await decide(quietId, m.admin, "keep"), 409, "not_reported");

    expect(await stored(listing)).toEqual({ sum: 7, count: 2 });
    expect(await recount(listing)).toEqual({ sum: 7, count: 2 });
    const list = await pub(`/marketplace/listings/${listing}/reviews`);
    expect(list.json.reviews.map((r: { id: string }) => r.id)).toEqual([quietId, keptId]);
    // Its author cannot bring a removed review back by editing it.
    expectErrorBody(await review(listing, rude, 5, "nice now"), 409, "review_removed");
    expect(await stored(listing)).toEqual({ sum: 7, count: 2 });
    const q2 = await call(m, "GET", "/marketplace/moderation/reviews", m.admin);
    expect(q2.json.reviews.filter((r: { listingId: string }) => r.listingId === listing)).toEqual([]);

    const audits = await (
      await m.db()
    )
      .collection("audit_log")
      .find({ "data.reviewId": { $in: [keptId, rudeId] } })
      .toArray();
    expect(audits.map((a) => a.action).sort()).toEqual(["marketplace.review_kept", "marketplace.review_removed"]);
    expect((await reviewEvents(listing)).filter((e) => e.data.action === "removed")).toHaveLength(1);
  });
});

describe("a refund", () => {
  it("removes the buyer's review from the list and the aggregate", async () => {
    const listing = await listedListing(m, seller, { price: 100 });
    const stays = await buyerOf(listing, "rev-stays");
    await review(listing, stays, 2);
    const b = await createUser("rev-refunds");
    await giveCredits(m, b.uid, 1_000);
    const bought = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    const reviewId = (await review(listing, b, 5)).json.id;
    expect(await stored(listing)).toEqual({ sum: 7, count: 2 });

    const refunded = await call(m, "POST", `/marketplace/purchases/${bought.json.purchase.id}/refund`, b, { reason: "not for me" });
    expect(refunded.status).toBe(200);
    expect(await stored(listing)).toEqual({ sum: 2, count: 1 });
    expect(await recount(listing)).toEqual({ sum: 2, count: 1 });
    const list = await pub(`/marketplace/listings/${listing}/reviews`);
    expect(list.json.reviews.map((r: { id: string }) => r.id)).not.toContain(reviewId);
    expect((await reviewEvents(listing)).filter((e) => e.data.action === "removed").map((e) => e.data.reviewId)).toEqual([reviewId]);
    // No licence any more: no new review either.
    expectErrorBody(await review(listing, b, 5), 403, "not_a_buyer");
  });
});
