import { recordEvent } from "../../functions/src/core/events/record-event";
import { runRollup } from "../../functions/src/core/analytics/rollup";
import { services } from "../../functions/src/services";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";
import { call, giveCredits, listedListing, type Market } from "../support/marketplace";
import { useWebhookApi } from "../support/webhook-events";

/**
 * GET /analytics/seller and GET /analytics/partner over rollups of the marketplace's real events: two
 * purchases through the API (marketplace.sale per seller), one refunded (marketplace.refund for the
 * buyer and the seller), and a partner's commission and its reversal as the partnerships code records
 * them (`partner.commission`, subject the partner, negative credits on reversal).
 */
const api = useWebhookApi("analytics_marketplace");
const HOUR = 3_600_000;

let seller: TestUser;
let partner: TestUser;
let stranger: TestUser;
let admin: TestUser;
let listing: string;
const today = () => new Date().toISOString().slice(0, 10);
const range = () =>
  `from=${new Date(Date.now() - 24 * HOUR).toISOString().slice(0, 10)}&to=${new Date(Date.now() + 24 * HOUR).toISOString()}`;

async function rollup() {
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  return runRollup(
    { usage, events, rollups, daily, state, findings },
    { now: new Date(Date.now() + 1_000), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: `t${Date.now()}` },
  );
}

beforeAll(async () => {
  process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES = "0";
  [seller, partner, stranger, admin] = await Promise.all([
    createUser("an-seller"),
    createUser("an-partner"),
    createUser("an-stranger"),
    createUserWithRoles(["admin"], "an-mkt-admin"),
  ]);
  const m: Market = { api: { baseUrl: api.baseUrl } as Market["api"], admin, db: api.db, now: () => new Date() };
  listing = await listedListing(m, seller, { price: 999 });
  const buyers = await Promise.all([createUser("an-buyer-1"), createUser("an-buyer-2")]);
  const purchases: string[] = [];
  for (const b of buyers) {
    await giveCredits(m, b.uid, 5_000);
    const res = await call(m, "POST", `/marketplace/listings/${listing}/purchase`, b);
    expect(res.status).toBe(201);
    purchases.push(res.json.purchase.id);
  }
  // The seller's share is floor(80 %) of 999 = 799; the second purchase is refunded (its 799 reversed).
  expect((await call(m, "POST", `/marketplace/purchases/${purchases[1]}/refund`, buyers[1], { reason: "changed my mind" })).status).toBe(
    200,
  );
  const now = new Date();
  await recordEvent(services, {
    type: "partner.commission",
    dedupeKey: "test:commission:1",
    occurredAt: now,
    subject: { uid: partner.uid },
    data: { source: "payment", sourceId: "pay_1", credits: 50, availableAt: now },
  });
  await recordEvent(services, {
    type: "partner.commission",
    dedupeKey: "test:commission:1:reversal",
    occurredAt: now,
    subject: { uid: partner.uid },
    data: { source: "payment", sourceId: "pay_1", credits: -20, availableAt: now },
  });
  await rollup();
});
afterAll(() => {
  delete process.env.MARKETPLACE_SUBMIT_COOLDOWN_MINUTES;
});

const get = (path: string, user: TestUser) => request(api.baseUrl, "GET", path, { token: user.idToken });
const total = (rows: { values: Record<string, number | null> }[], metric: string) => rows.reduce((s, r) => s + (r.values[metric] ?? 0), 0);

describe("GET /analytics/seller", () => {
  const metrics = "metric=sales,gross_credits,earned_credits,refunds,refunded_credits";

  it("answers the seller's own sales: gross, earned net of the refund, and the refund", async () => {
    const res = await get(`/analytics/seller?${metrics}&${range()}&timeZone=UTC`, seller);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ scope: "seller", timeZone: "UTC" });
    const day = res.json.rows.find((r: any) => r.label === today());
    expect(day.values).toEqual({ sales: 2, gross_credits: 1998, earned_credits: 799, refunds: 1, refunded_credits: 799 });
    expect(day.final).toBe(false);
  });

  it("groups by listing, and exports CSV", async () => {
    const grouped = await get(`/analytics/seller?metric=sales&groupBy=listing&${range()}&timeZone=UTC`, seller);
    expect(grouped.status).toBe(200);
    expect(grouped.json.rows.filter((r: any) => r.values.sales).map((r: any) => [r.group.listing, r.values.sales])).toEqual([[listing, 2]]);
    const csv = await get(`/analytics/seller?metric=sales,earned_credits&${range()}&timeZone=UTC&format=csv`, seller);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.text.split("\r\n")[0]).toBe("start,end,label,final,sales,earned_credits");
    expect(csv.text).toContain(`${today()},false,2,799`);
  });

  it("shows another user nothing of the seller's: their own (empty) series, and 403 for the seller's uid", async () => {
    const own = await get(`/analytics/seller?${metrics}&${range()}&timeZone=UTC`, stranger);
    expect(own.status).toBe(200);
    expect(total(own.json.rows, "sales") + total(own.json.rows, "gross_credits")).toBe(0);
    expectErrorBody(await get(`/analytics/seller?uid=${seller.uid}&${range()}`, stranger), 403, "admin_required");
  });

  it("lets an admin read any seller's series", async () => {
    const res = await get(`/analytics/seller?uid=${seller.uid}&${metrics}&${range()}&timeZone=UTC`, admin);
    expect(res.status).toBe(200);
    expect(total(res.json.rows, "earned_credits")).toBe(799);
  });

  it.each([
    ["a usage metric", "metric=credits"],
    ["a partner metric", "metric=commissions"],
    ["a dimension sellers lack", "groupBy=model"],
    ["a malformed uid", "uid=a%20b"],
    ["an unknown time zone", "timeZone=Mars/Olympus"],
  ])("rejects %s with 400", async (_name, query) => {
    expectErrorBody(await get(`/analytics/seller?${query}`, seller), 400, "validation_failed");
  });
});

describe("GET /analytics/partner", () => {
  const metrics = "metric=commissions,commission_credits,reversals,reversed_credits,net_commission_credits";

  it("answers the partner's commissions, reversals and net", async () => {
    const res = await get(`/analytics/partner?${metrics}&${range()}&timeZone=UTC`, partner);
    expect(res.status).toBe(200);
    expect(res.json.scope).toBe("partner");
    const day = res.json.rows.find((r: any) => r.label === today());
    expect(day.values).toEqual({ commissions: 1, commission_credits: 50, reversals: 1, reversed_credits: 20, net_commission_credits: 30 });
  });

  it("is the caller's own; another user's only for admins", async () => {
    const own = await get(`/analytics/partner?${metrics}&${range()}&timeZone=UTC`, seller);
    expect(total(own.json.rows, "commissions")).toBe(0);
    expectErrorBody(await get(`/analytics/partner?uid=${partner.uid}&${range()}`, seller), 403, "admin_required");
    const res = await get(
      `/analytics/partner?uid=${partner.uid}&metric=net_commission_credits&groupBy=source&${range()}&timeZone=UTC`,
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.json.rows.filter((r: any) => r.values.net_commission_credits).map((r: any) => r.group.source)).toEqual(["payment"]);
  });

  it.each([
    ["a seller metric", "metric=sales"],
    ["a dimension partners lack", "groupBy=listing"],
  ])("rejects %s with 400", async (_name, query) => {
    expectErrorBody(await get(`/analytics/partner?${query}`, partner), 400, "validation_failed");
  });
});

describe("the platform's marketplace series", () => {
  it("sums every seller's sales, buyers' refunds and partners' commissions for admins", async () => {
    const res = await get(
      `/analytics/platform?metric=marketplace_sales,marketplace_gross_credits,marketplace_refunds,marketplace_refunded_credits,marketplace_earned_credits,net_commission_credits&${range()}&timeZone=UTC`,
      admin,
    );
    expect(res.status).toBe(200);
    const day = res.json.rows.find((r: any) => r.label === today());
    expect(day.values).toEqual({
      marketplace_sales: 2,
      marketplace_gross_credits: 1998,
      marketplace_refunds: 1,
      marketplace_refunded_credits: 999,
      marketplace_earned_credits: 799,
      net_commission_credits: 30,
    });
  });
});
