import { ObjectId } from "mongodb";
import { purchase } from "../../functions/src/core/marketplace/purchase-saga";
import type { MarketplaceStep, PurchaseStep, RefundStep } from "../../functions/src/core/marketplace/marketplace-steps";
import { runMarketplaceSweep } from "../../functions/src/schedules/marketplace-sweep";
import { overrideServicesForTests, services, type FaultPoint } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { balanceOf, call, debitsOf, giveCredits, linesOf, listedListing, TEMPLATE, type Market } from "../support/marketplace";

const testDb = useTestDatabase("mkt_purchase");
const DAY = 86_400_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
const control: { failAt: FaultPoint | null } = { failAt: null };
let m: Market;
let api: ApiServer;
let restore: () => void;
let seller: TestUser;

beforeAll(async () => {
  // Sellers here list many items in a row: no pacing (marketplace-listings.test.ts covers it).
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP = "100";
  restore = overrideServicesForTests({
    now: clock,
    faults: {
      at(point) {
        if (point === control.failAt) {
          control.failAt = null;
          throw new Error(`injected failure at ${point}`);
        }
      },
    },
  });
  api = await startApi();
  const admin = await createUserWithRoles(["admin"], "mkt-admin");
  m = { api, admin, db: () => testDb.db(), now: clock };
  seller = await createUser("seller");
});
afterAll(async () => {
  await api.close();
  restore();
  delete process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES;
  delete process.env.MARKETPLACE_NEW_SELLER_DAILY_CAP;
  delete process.env.MARKETPLACE_SELLER_SHARE_BPS;
});
afterEach(() => {
  control.failAt = null;
  offset = 0;
});

async function buyer(credits: number, prefix = "buyer"): Promise<TestUser> {
  const b = await createUser(prefix);
  if (credits) await giveCredits(m, b.uid, credits);
  return b;
}

const publicListing = (id: string) => request(api.baseUrl, "GET", `/marketplace/listings/${id}`);
const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);
const byRole = (lines: { key: string; amount: number }[]) =>
  Object.fromEntries(lines.map((l) => [String(l.key).split(":").pop(), l.amount]));

describe("buying a listing with credits", () => {
  it("debits the price once and splits it: seller floor(80 %), platform the rest, summing to the price", async () => {
    const listing = await listedListing(m, seller, { price: 999 });
    const b = await buyer(5_000);
    const res = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      alreadyOwned: false,
      purchase: { state: "completed", price: 999, items: [{ listingId: listing, version: 1, price: 999 }] },
    });
    expect(await balanceOf(m, b.uid)).toBe(4_001);
    const lines = await linesOf(m, res.json.purchase.id);
    // 999 × 0.8 = 799.2: the seller gets 799, the fraction stays with the platform (200).
    expect(byRole(lines)).toEqual({ seller: 799, platform: 200 });
    expect(sum(lines)).toBe(999);
    expect(lines.find((l) => l.kind === "sale")!.payee_uid).toBe(seller.uid);
    // Held for the 7-day refund window.
    expect((lines[0].available_at as Date).getTime() - (lines[0].created_at as Date).getTime()).toBeGreaterThanOrEqual(7 * DAY - 1_000);

    const content = await call(m, "GET", `/marketplace/licences/${listing}`, b);
    expect(content.status).toBe(200);
    expect(content.json).toMatchObject({ version: 1, template: TEMPLATE, availableVersions: [1] });
    const again = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ alreadyOwned: true, purchase: { id: res.json.purchase.id } });
    expect(await balanceOf(m, b.uid)).toBe(4_001);
    expect(await debitsOf(m, b.uid)).toHaveLength(1);
    const pub = await publicListing(listing);
    expect(pub.json.sales).toBe(1);
  });

  it("charges only the price the buyer was shown: another expectedPrice is 409 price_changed and changes nothing", async () => {
    const listing = await listedListing(m, seller, { price: 999 });
    const b = await buyer(5_000);
    const stale = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b, { expectedPrice: 500 });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: "price_changed", details: { price: 999, expectedPrice: 500 } });
    expect(await balanceOf(m, b.uid)).toBe(5_000);
    expect(await debitsOf(m, b.uid)).toHaveLength(0);
    const agreed = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b, { expectedPrice: 999 });
    expect(agreed.status).toBe(201);
    expect(await balanceOf(m, b.uid)).toBe(4_001);
  });

  it("uses the deployment's seller share and a per-seller override, and pays a referring partner from the fee", async () => {
    process.env.MARKETPLACE_SELLER_SHARE_BPS = "7000";
    try {
      const special = await createUser("special-seller");
      const listing = await listedListing(m, special, { price: 1_001 });
      const accounts = await services.store("marketplaceAccounts");
      await accounts.setOverrides(special.uid, { sellerShareBps: 7_333 });
      const partner = await createUser("partner");
      const b = await buyer(2_002);
      const partners = await services.store("partners");
      const now = clock();
      // Referral sign-up attribution has no API yet: recorded as the partners store would record it.
      await partners.attribute({
        uid: b.uid,
        partner_uid: partner.uid,
        click_id: new ObjectId(),
        clicked_at: now,
        attributed_at: now,
        commission_until: new Date(now.getTime() + 365 * DAY),
      });
      const res = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
      expect(res.status).toBe(201);
      const lines = await linesOf(m, res.json.purchase.id);
      // 1001 × 0.7333 = 734.03 → 734; fee 267; partner 20 % of the fee = 53.4 → 53; platform 214.
      expect(byRole(lines)).toEqual({ seller: 734, partner: 53, platform: 214 });
      expect(sum(lines)).toBe(1_001);
      expect(lines.find((l) => l.kind === "commission")!.payee_uid).toBe(partner.uid);
      const dashboard = await call(m, "GET", "/marketplace/me/earnings", special);
      expect(dashboard.json).toMatchObject({ pending: 734, available: 0, inPayout: 0, paid: 0, sales: { pending: 734, available: 0 } });
      expect(dashboard.json.topListings).toEqual([{ listingId: listing, sales: 1, credits: 734 }]);
      expect((await call(m, "GET", "/marketplace/me/earnings", partner)).json).toMatchObject({ pending: 53, commissions: { pending: 53 } });

      const other = await listedListing(m, seller, { price: 1_001 });
      const res2 = await call(m, "POST", `/marketplace/listings/${other}/purchase`, b);
      // The deployment's 70 %: 700 seller, fee 301, partner 60, platform 241.
      expect(byRole(await linesOf(m, res2.json.purchase.id))).toEqual({ seller: 700, partner: 60, platform: 241 });
      expect(await balanceOf(m, b.uid)).toBe(0);
    } finally {
      delete process.env.MARKETPLACE_SELLER_SHARE_BPS;
    }
  });

  it("50 concurrent identical purchases make one purchase, one debit, one licence", async () => {
    const listing = await listedListing(m, seller, { price: 500 });
    const b = await buyer(600);
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => purchase(services, b.uid, { kind: "listing", id: new ObjectId(listing) }, `racer-${i}`)),
    );
    // A duplicate waits up to 10 s for the one completing it, then answers 409 purchase_in_progress
    // (the client retries); on a loaded machine some do. Any other outcome is a bug.
    const outcomes = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = settled.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string }] : []));
    expect(refused.filter((e) => e.code !== "purchase_in_progress")).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(0);
    const ids = new Set(outcomes.map((o) => o.purchase._id.toHexString()));
    expect(ids.size).toBe(1);
    expect(outcomes.every((o) => o.purchase.state === "completed")).toBe(true);
    expect(await balanceOf(m, b.uid)).toBe(100);
    expect(await debitsOf(m, b.uid)).toHaveLength(1);
    const licences = await (await m.db()).collection("licences").find({ buyer_uid: b.uid }).toArray();
    expect(licences.map((l) => l.state)).toEqual(["active"]);
    expect(sum(await linesOf(m, [...ids][0]))).toBe(500);
    expect((await publicListing(listing)).json.sales).toBe(1);
  });

  it("20 concurrent identical purchase requests over HTTP: one debit, every answer names the same purchase", async () => {
    const listing = await listedListing(m, seller, { price: 300 });
    const b = await buyer(1_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(m, "POST", `/marketplace/listings/${listing}/purchase`, b)));
    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.json.purchase.id)).size).toBe(1);
    expect(await balanceOf(m, b.uid)).toBe(700);
    expect(await debitsOf(m, b.uid)).toHaveLength(1);
  });

  it("refuses self-purchase, a short balance and unlisted items, changing nothing", async () => {
    const listing = await listedListing(m, seller, { price: 999 });
    await giveCredits(m, seller.uid, 5_000);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${listing}/purchase`, seller), 403, "self_purchase");
    const poor = await buyer(998);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${listing}/purchase`, poor), 402, "insufficient_credits");
    expect(await balanceOf(m, poor.uid)).toBe(998);
    expect(await debitsOf(m, poor.uid)).toHaveLength(0);
    const lic = await (await m.db()).collection("licences").findOne({ buyer_uid: poor.uid });
    expect(lic?.state ?? "void").toBe("void");
    expectErrorBody(await call(m, "GET", `/marketplace/licences/${listing}`, poor), 404);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/${new ObjectId().toHexString()}/purchase`, poor), 404);
    expectErrorBody(await call(m, "POST", `/marketplace/listings/not-an-id/purchase`, poor), 400);
    // With enough credits the same buyer can buy afterwards (the failed purchase does not block it).
    await giveCredits(m, poor.uid, 1);
    const ok = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, poor);
    expect(ok.status).toBe(201);
    expect(await balanceOf(m, poor.uid)).toBe(0);
  });

  it("a free listing licenses without moving credits", async () => {
    const listing = await listedListing(m, seller, { price: 0 });
    const b = await buyer(0);
    const res = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(res.status).toBe(201);
    expect(await debitsOf(m, b.uid)).toHaveLength(0);
    expect(await linesOf(m, res.json.purchase.id)).toHaveLength(0);
    expect((await call(m, "GET", `/marketplace/licences/${listing}`, b)).status).toBe(200);
  });
});

describe("refunds", () => {
  it("unwinds everything: credits back, earnings reversed, licence revoked, licensed forks deleted, sale uncounted; once", async () => {
    const listing = await listedListing(m, seller, { price: 999 });
    const b = await buyer(1_500);
    const bought = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    const pid = bought.json.purchase.id;
    const fork = await call(m, "POST", `/marketplace/licences/${listing}/fork`, b, {});
    expect(fork.status).toBe(201);
    const forked = await call(m, "GET", `/prompts/${fork.json.promptId}`, b);
    expect(forked.json.licensedFrom).toMatchObject({ listingId: listing });

    const refunded = await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, { reason: "not what I expected" });
    expect(refunded.status).toBe(200);
    expect(refunded.json.refund).toMatchObject({ credits: 999, listingIds: [listing] });
    expect(await balanceOf(m, b.uid)).toBe(1_500);
    const lines = await linesOf(m, pid);
    expect(sum(lines)).toBe(0);
    expect(sum(lines.filter((l) => l.payee_uid === seller.uid))).toBe(0);
    expectErrorBody(await call(m, "GET", `/marketplace/licences/${listing}`, b), 404);
    expectErrorBody(await call(m, "GET", `/prompts/${fork.json.promptId}`, b), 404);
    expect((await publicListing(listing)).json.sales).toBe(0);

    // The same refund again: the same answer, nothing moves twice.
    const again = await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, { reason: "again" });
    expect(again.status).toBe(200);
    expect(again.json.refund.id).toBe(refunded.json.refund.id);
    expect(await balanceOf(m, b.uid)).toBe(1_500);
    expect(await linesOf(m, pid)).toHaveLength(lines.length);

    // Buying again after a refund is a new purchase, paid again.
    const rebuy = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(rebuy.status).toBe(201);
    expect(rebuy.json.purchase.id).not.toBe(pid);
    expect(await balanceOf(m, b.uid)).toBe(501);
  });

  it("buyers refund within the window only; admins any time; others see nothing", async () => {
    const listing = await listedListing(m, seller, { price: 400 });
    const b = await buyer(400);
    const pid = (await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b)).json.purchase.id;
    const stranger = await createUser("stranger");
    expectErrorBody(await call(m, "POST", `/marketplace/purchases/${pid}/refund`, stranger, { reason: "mine?" }), 404);
    expectErrorBody(await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, {}), 400);
    offset = 8 * DAY;
    expectErrorBody(await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, { reason: "late" }), 403, "refund_window_closed");
    expect(await balanceOf(m, b.uid)).toBe(0);
    const byAdmin = await call(m, "POST", `/marketplace/purchases/${pid}/refund`, m.admin, { reason: "fraud report" });
    expect(byAdmin.status).toBe(200);
    expect(await balanceOf(m, b.uid)).toBe(400);
    // The seller's 320, matured by now, is reversed by a negative line (never by editing the paid one).
    expect(sum((await linesOf(m, pid)).filter((l) => l.payee_uid === seller.uid))).toBe(0);
    const audit = await (await m.db()).collection("audit_log").findOne({ action: "marketplace.refund", target_uid: b.uid });
    expect(audit?.actor_uid).toBe(m.admin.uid);
  });
});

describe("crash at every saga step: the sweep completes or reverses", () => {
  const purchaseSteps: PurchaseStep[] = [
    "licences_claimed",
    "debited",
    "paid",
    "earnings_recorded",
    "licences_activated",
    "counted",
    "events_recorded",
  ];

  it.each(purchaseSteps)("purchase crashing after %s", async (step) => {
    const listing = await listedListing(m, seller, { price: 250 });
    const b = await buyer(1_000);
    control.failAt = `mkt:purchase:${step}` as MarketplaceStep as FaultPoint;
    const crashed = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(crashed.status).toBe(500);
    expect(control.failAt).toBeNull();
    // The driver is dead; once its lease runs out the sweep takes over.
    offset = 3 * 60_000;
    await runMarketplaceSweep("test", services);
    const p = await (await m.db()).collection("purchases").findOne({ buyer_uid: b.uid });
    if (step === "licences_claimed") {
      // The buyer was never debited: abandoned, licence freed, nothing moved.
      expect(p!.state).toBe("failed");
      expect(await balanceOf(m, b.uid)).toBe(1_000);
      expect(await linesOf(m, p!._id.toHexString())).toHaveLength(0);
      const retry = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
      expect(retry.status).toBe(201);
    } else {
      expect(p!.state).toBe("completed");
      const retry = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
      expect(retry.json).toMatchObject({ alreadyOwned: true, purchase: { id: p!._id.toHexString() } });
    }
    // Either way: exactly one debit of 250, its split sums to it, one sale counted, an active licence.
    expect(await balanceOf(m, b.uid)).toBe(750);
    const completed = await (await m.db()).collection("purchases").findOne({ buyer_uid: b.uid, state: "completed" });
    expect(sum(await linesOf(m, completed!._id.toHexString()))).toBe(250);
    expect((await debitsOf(m, b.uid)).filter((d) => d.delta_available < 0)).toHaveLength(1);
    expect((await publicListing(listing)).json.sales).toBe(1);
    expect((await call(m, "GET", `/marketplace/licences/${listing}`, b)).status).toBe(200);
  });

  it.each(purchaseSteps)("purchase crashing after %s, finished by the buyer's retry once the lease ran out", async (step) => {
    // A seller of its own: createListing is rate-limited per caller.
    const listing = await listedListing(m, await createUser("retry-seller"), { price: 250 });
    const b = await buyer(1_000);
    control.failAt = `mkt:purchase:${step}` as MarketplaceStep as FaultPoint;
    expect((await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b)).status).toBe(500);
    offset = 3 * 60_000;
    // No sweep: the same request again takes the purchase over and finishes it (it re-claims its own licence).
    const retry = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect([200, 201]).toContain(retry.status);
    expect(retry.json.purchase.state).toBe("completed");
    expect(await balanceOf(m, b.uid)).toBe(750);
    expect((await debitsOf(m, b.uid)).filter((d) => d.delta_available < 0)).toHaveLength(1);
    expect(sum(await linesOf(m, retry.json.purchase.id))).toBe(250);
    expect((await call(m, "GET", `/marketplace/licences/${listing}`, b)).status).toBe(200);
  });

  it("a crash inside the ledger's debit (entry pending) is finished by the sweep, not charged twice", async () => {
    const listing = await listedListing(m, seller, { price: 250 });
    const b = await buyer(1_000);
    control.failAt = "ledger:account_updated";
    expect((await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b)).status).toBe(500);
    offset = 3 * 60_000;
    await runMarketplaceSweep("test", services);
    expect(await balanceOf(m, b.uid)).toBe(750);
    const p = await (await m.db()).collection("purchases").findOne({ buyer_uid: b.uid });
    expect(p!.state).toBe("completed");
    expect(sum(await linesOf(m, p!._id.toHexString()))).toBe(250);
  });

  const refundSteps: RefundStep[] = [
    "refund_begun",
    "earnings_reversed",
    "licences_revoked",
    "reviews_removed",
    "forks_removed",
    "buyer_credited",
    "counted",
    "events_recorded",
  ];

  it.each(refundSteps)("refund crashing after %s", async (step) => {
    const listing = await listedListing(m, seller, { price: 250 });
    const b = await buyer(250);
    const pid = (await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b)).json.purchase.id;
    control.failAt = `mkt:refund:${step}` as MarketplaceStep as FaultPoint;
    expect((await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, { reason: "changed my mind" })).status).toBe(500);
    offset = 3 * 60_000;
    await runMarketplaceSweep("test", services);
    const p = await (await m.db()).collection("purchases").findOne({ _id: new ObjectId(pid) });
    expect(p!.refund_pending).toBeNull();
    expect(p!.refunds).toHaveLength(1);
    expect(await balanceOf(m, b.uid)).toBe(250);
    expect(sum(await linesOf(m, pid))).toBe(0);
    expect((await publicListing(listing)).json.sales).toBe(0);
    expectErrorBody(await call(m, "GET", `/marketplace/licences/${listing}`, b), 404);
    // The buyer's retry after the sweep is the same refund: nothing moves again.
    const retry = await call(m, "POST", `/marketplace/purchases/${pid}/refund`, b, { reason: "changed my mind" });
    expect(retry.status).toBe(200);
    expect(await balanceOf(m, b.uid)).toBe(250);
  });
});
