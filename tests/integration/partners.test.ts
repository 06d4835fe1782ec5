import { ObjectId } from "mongodb";
import { addMonths } from "../../functions/src/core/payments/payment-effects";
import { referralIdFor, type ReferralDoc } from "../../functions/src/core/marketplace/partners-store";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { craftToken, createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/** Referral codes, clicks and attribution at sign-up, through the exported functions with real tokens. */
const testDb = useTestDatabase("partners");
const DAY = 86_400_000;
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let api: ApiServer;
let restore: () => void;
let admin: TestUser;

beforeAll(async () => {
  restore = overrideServicesForTests({ now: clock });
  api = await startApi();
  admin = await createUserWithRoles(["admin"], "partners-admin");
});
afterAll(async () => {
  await api.close();
  restore();
  delete process.env.PARTNER_ATTRIBUTION_WINDOW_DAYS;
});
afterEach(() => {
  offset = 0;
  delete process.env.PARTNER_ATTRIBUTION_WINDOW_DAYS;
});

const call = (method: string, path: string, who?: TestUser | string, body?: unknown) =>
  request(api.baseUrl, method, path, { token: typeof who === "string" ? who : who?.idToken, body });

async function partner(prefix = "partner"): Promise<{ user: TestUser; code: string }> {
  const user = await createUser(prefix);
  const res = await call("POST", "/partners/me", user);
  expect(res.status).toBe(201);
  return { user, code: res.json.code };
}

async function click(code: string): Promise<string> {
  const res = await call("POST", "/partners/clicks", undefined, { code });
  expect(res.status).toBe(201);
  return res.json.clickId;
}

const referralOf = async (uid: string) => (await testDb.db()).collection<ReferralDoc>("referrals").findOne({ _id: referralIdFor(uid) });
const signUp = (who: TestUser | string, clickId: string) => call("GET", `/users/me?referralClick=${clickId}`, who);

describe("becoming a partner", () => {
  it("gives one referral code and link: 201 the first time, then the same code with 200", async () => {
    const user = await createUser("p-once");
    expectErrorBody(await call("GET", "/partners/me", user), 404, "not_a_partner");
    const first = await call("POST", "/partners/me", user);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ commissionBps: 2000, commissionMonths: 12, attributionWindowDays: 60 });
    expect(first.json.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(first.json.link).toBe(`https://promptforge.app/r/${first.json.code}`);
    const again = await Promise.all([call("POST", "/partners/me", user), call("POST", "/partners/me", user)]);
    expect(again.map((r) => [r.status, r.json.code])).toEqual([
      [200, first.json.code],
      [200, first.json.code],
    ]);
    expect((await call("GET", "/partners/me", user)).json).toEqual(first.json);
    expect(await (await testDb.db()).collection("partners").countDocuments({ uid: user.uid })).toBe(1);
  });
});

describe("a click through a referral link", () => {
  it("needs no token, records a visit and returns its id; an unknown code is 404 and records nothing", async () => {
    const { user, code } = await partner("p-click");
    const res = await call("POST", "/partners/clicks", undefined, { code });
    expect(res.status).toBe(201);
    expect(new Date(res.json.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * DAY);
    const db = await testDb.db();
    expect(await db.collection("referral_clicks").findOne({ _id: new ObjectId(res.json.clickId as string) })).toMatchObject({
      partner_uid: user.uid,
      code,
    });
    const before = await db.collection("referral_clicks").countDocuments();
    expectErrorBody(await call("POST", "/partners/clicks", undefined, { code: "ZZZZZZZZ" }), 404, "not_found");
    expectErrorBody(await call("POST", "/partners/clicks", undefined, { code: "lower123" }), 400, "validation_failed");
    expect(await db.collection("referral_clicks").countDocuments()).toBe(before);
  });
});

describe("attribution at sign-up", () => {
  it("records the partner once, on the profile's first call, with 12 months of commission", async () => {
    const { user: p, code } = await partner();
    const { code: other } = await partner("p-other");
    const referred = await createUser("referred");
    expect((await signUp(referred, await click(code))).status).toBe(200);
    const referral = await referralOf(referred.uid);
    expect(referral).toMatchObject({ uid: referred.uid, partner_uid: p.uid });
    expect(referral!.commission_until).toEqual(addMonths(referral!.attributed_at, 12));
    // Later calls, with another partner's click, change nothing.
    expect((await signUp(referred, await click(other))).status).toBe(200);
    expect(await referralOf(referred.uid)).toEqual(referral);
  });

  it("never attributes a user whose profile already exists", async () => {
    const { code } = await partner();
    const existing = await createUser("existing");
    expect((await call("GET", "/users/me", existing)).status).toBe(200);
    expect((await signUp(existing, await click(code))).status).toBe(200);
    expect(await referralOf(existing.uid)).toBeNull();
  });

  it("counts a click within the attribution window only (60 days by default, configurable)", async () => {
    const { code } = await partner();
    const late = await createUser("late");
    const lateClick = await click(code);
    offset = 60 * DAY + 60_000;
    expect((await signUp(late, lateClick)).status).toBe(200);
    expect(await referralOf(late.uid)).toBeNull();

    offset = 0;
    const inTime = await createUser("in-time");
    const inTimeClick = await click(code);
    offset = 59 * DAY;
    await signUp(inTime, inTimeClick);
    expect(await referralOf(inTime.uid)).not.toBeNull();

    offset = 0;
    process.env.PARTNER_ATTRIBUTION_WINDOW_DAYS = "10";
    const short = await createUser("short");
    const shortClick = await click(code);
    offset = 11 * DAY;
    await signUp(short, shortClick);
    expect(await referralOf(short.uid)).toBeNull();
  });

  it("counts only clicks our server recorded: a made-up id attributes nothing, a malformed one is 400 and creates nothing", async () => {
    const u = await createUser("forger");
    expect((await signUp(u, new ObjectId().toHexString())).status).toBe(200);
    expect(await referralOf(u.uid)).toBeNull();
    const v = await createUser("malformed");
    expectErrorBody(await signUp(v, "not-a-click"), 400, "validation_failed");
    expect(await (await testDb.db()).collection("users").findOne({ uid: v.uid })).toBeNull();
  });

  it("refuses self-referral: the same uid, the same email, the same payment customer", async () => {
    const { user: p, code } = await partner("self");
    // The partner's own first profile call through their own link.
    expect((await signUp(p, await click(code))).status).toBe(200);
    expect(await referralOf(p.uid)).toBeNull();

    // A second account whose token carries the partner's email (another case).
    const twin = await createUser("twin");
    const token = craftToken({ sub: twin.uid, user_id: twin.uid, email: p.email.toUpperCase(), email_verified: true });
    expect((await signUp(token, await click(code))).status).toBe(200);
    expect(await referralOf(twin.uid)).toBeNull();

    // A second account paying with the partner's Stripe customer.
    const customers = await services.store("billingCustomers");
    await customers.remember(p.uid, "stripe", "cus_shared", clock());
    const alt = await createUser("alt");
    await customers.remember(alt.uid, "stripe", "cus_shared", clock());
    expect((await signUp(alt, await click(code))).status).toBe(200);
    expect(await referralOf(alt.uid)).toBeNull();

    // The control: a different customer is attributed.
    const honest = await createUser("honest");
    await customers.remember(honest.uid, "stripe", "cus_other", clock());
    await signUp(honest, await click(code));
    expect(await referralOf(honest.uid)).toMatchObject({ partner_uid: p.uid });
  });
});

describe("the partner dashboard", () => {
  it("counts clicks, sign-ups, conversions, and commission pending / available / in payout / paid by month", async () => {
    const { user: p, code } = await partner("dash");
    const [r1, r2, r3] = [await createUser("d1"), await createUser("d2"), await createUser("d3")];
    for (const r of [r1, r2, r3]) await signUp(r, await click(code));
    await click(code); // a visit that never signed up
    const earnings = await services.store("earnings");
    const now = clock();
    const line = (key: string, kind: "commission" | "commission_reversal", amount: number, availableAt: Date, referred: string) =>
      earnings.record({
        key: `test:${p.uid}:${key}`,
        payee_uid: p.uid,
        kind,
        amount,
        available_at: availableAt,
        source: { type: "payment", id: key, referred_uid: referred },
      });
    await line("a", "commission", 617, new Date(now.getTime() - DAY), r1.uid);
    await line("a:rev", "commission_reversal", -101, new Date(now.getTime() - DAY), r1.uid);
    await line("b", "commission", 4_000, new Date(now.getTime() + 7 * DAY), r2.uid);
    const payouts = await services.store("payouts");
    const sent = await payouts.createOnce({ payee_uid: p.uid, period: "2026-W01", credits: 300, amount_cents: 30, account_id: "acct_x" });
    await payouts.markSent(sent._id, "tr_x");
    await payouts.createOnce({ payee_uid: p.uid, period: "2026-W02", credits: 200, amount_cents: 20, account_id: "acct_x" });
    const month = now.toISOString().slice(0, 7);
    const res = await call("GET", "/partners/me/dashboard", p);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      clicks: 4,
      signups: 3,
      conversions: 2,
      commission: { pending: 4_000, available: 516 },
      balance: { pending: 4_000, available: 516, inPayout: 200, paid: 300 },
      byMonth: [{ month, signups: 3, conversions: 2, commission: 4_516, pending: 4_000, inPayout: 200, paid: 300 }],
    });
  });
});

describe("an admin's per-partner commission", () => {
  it("sets it within 0–5000 bps, refuses anything outside (never clamped), and is for admins only", async () => {
    const { user: p } = await partner("terms");
    const set = await call("PATCH", `/partners/${p.uid}/terms`, admin, { commissionBps: 1234 });
    expect(set.json).toEqual({ uid: p.uid, commissionBps: 1234 });
    expect((await call("GET", "/partners/me", p)).json.commissionBps).toBe(1234);
    for (const bad of [5001, -1]) {
      expectErrorBody(await call("PATCH", `/partners/${p.uid}/terms`, admin, { commissionBps: bad }), 400, "out_of_bounds");
    }
    expectErrorBody(await call("PATCH", `/partners/${p.uid}/terms`, admin, { commissionBps: 12.5 }), 400, "validation_failed");
    expect((await call("GET", "/partners/me", p)).json.commissionBps).toBe(1234);
    expectErrorBody(await call("PATCH", `/partners/${p.uid}/terms`, p, { commissionBps: 5000 }), 403);
    expectErrorBody(await call("PATCH", "/partners/nobody/terms", admin, { commissionBps: 100 }), 404, "not_found");
    expect((await call("PATCH", `/partners/${p.uid}/terms`, admin, { commissionBps: null })).json.commissionBps).toBe(2000);
  });
});

describe("access", () => {
  it("partner operations need a token; the dashboard shows only the caller's own figures", async () => {
    for (const [method, path] of [
      ["GET", "/partners/me"],
      ["POST", "/partners/me"],
      ["GET", "/partners/me/dashboard"],
    ] as const) {
      expectErrorBody(await call(method, path), 401, "unauthenticated");
    }
    const { user: p, code } = await partner("own");
    const referred = await createUser("own-ref");
    await signUp(referred, await click(code));
    expect((await call("GET", "/partners/me/dashboard", p)).json).toMatchObject({ signups: 1 });
    // Another user sees no one's figures but their own (they are no partner).
    expectErrorBody(await call("GET", "/partners/me/dashboard", referred), 404, "not_a_partner");
  });

  it("rate-limits clicks per client", async () => {
    const { code } = await partner("flood");
    const results = await Promise.all(Array.from({ length: 40 }, () => call("POST", "/partners/clicks", undefined, { code })));
    expect(results.some((r) => r.status === 429)).toBe(true);
    expect(results.filter((r) => r.status !== 201 && r.status !== 429)).toEqual([]);
  });
});
