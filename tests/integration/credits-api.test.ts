import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { runCreditsSweep } from "../../functions/src/schedules/credits-sweep";
import { runLedgerReconciliation } from "../../functions/src/schedules/ledger-reconciliation";
import type { defineSchedule } from "../../functions/src/platform/define-schedule";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

const testDb = useTestDatabase("credits_api");
let api: ApiServer;
let user: TestUser;
let admin: TestUser;

beforeAll(async () => {
  api = await startApi();
  [user, admin] = await Promise.all([createUser("credits"), createUserWithRoles(["admin"], "credits-admin")]);
});
afterAll(() => api.close());

const ledger = async () => new MongoCreditLedger(await testDb.db(), () => new Date());
const cause = { kind: "test", id: "api" };

describe("GET /billing/balance", () => {
  it("is zero for a new user", async () => {
    const fresh = await createUser("zero");
    const res = await request(api.baseUrl, "GET", "/billing/balance", { token: fresh.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ credits: 0, reserved: 0, restricted: false, expiringSoon: [] });
  });

  it("shows spendable credits with reservations taken out, and grants expiring within 30 days", async () => {
    const l = await ledger();
    const soon = new Date(Date.now() + 10 * 86_400_000);
    await l.purchase({ uid: user.uid, amount: 1_000, idempotencyKey: `${user.uid}:pack`, actor: "system", reason: "pack", cause });
    await l.grant({
      uid: user.uid,
      amount: 300,
      idempotencyKey: `stripe:payment:in_${user.uid}:credit`,
      actor: "system",
      reason: "pro period",
      cause,
      expiresAt: soon,
    });
    await l.grant({
      uid: user.uid,
      amount: 50,
      idempotencyKey: `${user.uid}:later`,
      actor: "system",
      reason: "promo",
      cause,
      expiresAt: new Date(Date.now() + 90 * 86_400_000),
    });
    await l.reserve({ uid: user.uid, amount: 100, idempotencyKey: `${user.uid}:call`, actor: user.uid, reason: "llm", cause });
    const res = await request(api.baseUrl, "GET", "/billing/balance", { token: user.idToken });
    expect(res.json).toEqual({
      credits: 1_250,
      reserved: 100,
      restricted: false,
      expiringSoon: [{ credits: 200, expiresAt: soon.toISOString(), source: "stripe" }],
    });
    // The profile call also grants the free tier's monthly allowance (200), once.
    const me = await request(api.baseUrl, "GET", "/users/me", { token: user.idToken });
    expect(me.json.credits).toBe(1_450);
    expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).json.credits).toBe(1_450);
  });
});

describe("GET /billing/ledger", () => {
  it("pages newest first with a stable cursor, even while entries are added", async () => {
    const owner = await createUser("pages");
    const l = await ledger();
    for (let i = 0; i < 7; i++) {
      await l.grant({ uid: owner.uid, amount: i + 1, idempotencyKey: `${owner.uid}:g${i}`, actor: "system", reason: `grant ${i}`, cause });
    }
    const first = await request(api.baseUrl, "GET", "/billing/ledger?limit=3", { token: owner.idToken });
    expect(first.json.entries.map((e: { credits: number }) => e.credits)).toEqual([7, 6, 5]);
    await l.grant({ uid: owner.uid, amount: 100, idempotencyKey: `${owner.uid}:late`, actor: "system", reason: "late", cause });
    const second = await request(api.baseUrl, "GET", `/billing/ledger?limit=3&cursor=${first.json.nextCursor}`, { token: owner.idToken });
    expect(second.json.entries.map((e: { credits: number }) => e.credits)).toEqual([4, 3, 2]);
    const third = await request(api.baseUrl, "GET", `/billing/ledger?limit=3&cursor=${second.json.nextCursor}`, { token: owner.idToken });
    expect(third.json).toMatchObject({ entries: [{ credits: 1, type: "grant", balanceAfter: 1 }], nextCursor: null });
  });

  it("filters by type and never shows another user's entries", async () => {
    const res = await request(api.baseUrl, "GET", "/billing/ledger?type=reserve", { token: user.idToken });
    expect(res.json.entries).toHaveLength(1);
    expect(res.json.entries[0]).toMatchObject({ type: "reserve", credits: -100, reserved: 100 });
    const other = await createUser("nosy");
    expect((await request(api.baseUrl, "GET", "/billing/ledger", { token: other.idToken })).json.entries).toEqual([]);
  });

  it.each(["?cursor=not_a_cursor", "?limit=0", "?limit=1000", "?type=steal"])("rejects %s with 400", async (query) => {
    const res = await request(api.baseUrl, "GET", `/billing/ledger${query}`, { token: user.idToken });
    expect(res.status).toBe(400);
    expectErrorBody(res, 400);
  });
});

describe("POST /admin/users/{uid}/credits", () => {
  it("grants credits with a reason, audited, once per idempotency key", async () => {
    const target = await createUser("gift");
    const body = { type: "grant", amount: 250, reason: "support goodwill", idempotencyKey: "ticket-4242-goodwill" };
    const first = await request(api.baseUrl, "POST", `/admin/users/${target.uid}/credits`, { token: admin.idToken, body });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      uid: target.uid,
      duplicate: false,
      credits: 250,
      entry: { type: "grant", credits: 250, reason: "support goodwill" },
    });
    const again = await request(api.baseUrl, "POST", `/admin/users/${target.uid}/credits`, { token: admin.idToken, body });
    expect(again.json).toMatchObject({ duplicate: true, credits: 250 });
    const db = await testDb.db();
    expect(await db.collection("audit_log").countDocuments({ action: "credits.grant", target_uid: target.uid, actor_uid: admin.uid })).toBe(
      1,
    );
  });

  it("scopes the idempotency key to the target user: the same key for another user is another grant", async () => {
    const [first, second] = await Promise.all([createUser("gift-a"), createUser("gift-b")]);
    const body = { type: "grant", amount: 300, reason: "launch promo", idempotencyKey: "promo-2031-launch" };
    const a = await request(api.baseUrl, "POST", `/admin/users/${first.uid}/credits`, { token: admin.idToken, body });
    const b = await request(api.baseUrl, "POST", `/admin/users/${second.uid}/credits`, { token: admin.idToken, body });
    expect(a.json).toMatchObject({ uid: first.uid, duplicate: false, credits: 300 });
    expect(b.json).toMatchObject({ uid: second.uid, duplicate: false, credits: 300 });
    expect(b.json.entry.id).not.toBe(a.json.entry.id);
    const db = await testDb.db();
    expect(await db.collection("transactions").countDocuments({ user_id: second.uid, type: "grant" })).toBe(1);
    expect(await db.collection("audit_log").countDocuments({ action: "credits.grant", target_uid: second.uid })).toBe(1);
    // Retried for the second user: a duplicate of the second user's own grant.
    const retried = await request(api.baseUrl, "POST", `/admin/users/${second.uid}/credits`, { token: admin.idToken, body });
    expect(retried.json).toMatchObject({ uid: second.uid, duplicate: true, credits: 300, entry: { id: b.json.entry.id } });
  });

  it("refuses (409) a key reused for a different change to the same user, changing nothing", async () => {
    const target = await createUser("gift-c");
    const body = { type: "grant", amount: 100, reason: "first", idempotencyKey: "ticket-77-refund" };
    expect((await request(api.baseUrl, "POST", `/admin/users/${target.uid}/credits`, { token: admin.idToken, body })).status).toBe(200);
    for (const changed of [
      { ...body, amount: 1_000 },
      { ...body, type: "adjust" },
    ]) {
      expectErrorBody(
        await request(api.baseUrl, "POST", `/admin/users/${target.uid}/credits`, { token: admin.idToken, body: changed }),
        409,
        "idempotency_key_reused",
      );
    }
    expect(await (await testDb.db()).collection("transactions").countDocuments({ user_id: target.uid })).toBe(1);
  });

  it("refuses an adjustment that would take the balance below zero (402), changing nothing", async () => {
    const target = await createUser("poor");
    const res = await request(api.baseUrl, "POST", `/admin/users/${target.uid}/credits`, {
      token: admin.idToken,
      body: { type: "adjust", amount: -5, reason: "correction" },
    });
    expectErrorBody(res, 402, "insufficient_credits");
    expect(await (await testDb.db()).collection("transactions").countDocuments({ user_id: target.uid })).toBe(0);
  });

  it.each([
    [{ type: "grant", amount: -5, reason: "nope" }, "body.amount"],
    [{ type: "adjust", amount: 0, reason: "nope" }, "body.amount"],
    [{ type: "adjust", amount: 5, reason: "nope", expiresAt: "2030-01-01T00:00:00Z" }, "body.expiresAt"],
    [{ type: "grant", amount: 1.5, reason: "nope" }, "body.amount"],
    [{ type: "grant", amount: 5, reason: "nope", expiresAt: "2020-01-01T00:00:00Z" }, "body.expiresAt"],
  ])("rejects %j with 400 naming %s", async (body, field) => {
    const res = await request(api.baseUrl, "POST", `/admin/users/${user.uid}/credits`, { token: admin.idToken, body });
    expectErrorBody(res, 400, "validation_failed");
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it("is for admins only (403) and 404s for unknown users", async () => {
    expectErrorBody(
      await request(api.baseUrl, "POST", `/admin/users/${user.uid}/credits`, {
        token: user.idToken,
        body: { type: "grant", amount: 5, reason: "self-service" },
      }),
      403,
      "forbidden",
    );
    expectErrorBody(
      await request(api.baseUrl, "POST", "/admin/users/nobody-at-all-1/credits", {
        token: admin.idToken,
        body: { type: "grant", amount: 5, reason: "typo" },
      }),
      404,
      "not_found",
    );
  });
});

describe("scheduled jobs", () => {
  it("the sweep and the reconciliation run against the configured database", async () => {
    const sweep = await runCreditsSweep("test-run", services);
    expect(sweep).toEqual({ released: expect.any(Number), expiredCredits: expect.any(Number) });
    const recon = await runLedgerReconciliation("test-run", services);
    expect(recon).toMatchObject({ drifted: 0 });
    expect(recon.accounts).toBeGreaterThan(0);
  });

  it("the deployed sweep runs on the services: it releases a reservation once the services' clock passes its deadline", async () => {
    const l = await ledger();
    const owner = `sweep-${Date.now()}`;
    await l.purchase({ uid: owner, amount: 100, idempotencyKey: `${owner}:pack`, actor: "system", reason: "pack", cause });
    await l.reserve({ uid: owner, amount: 40, idempotencyKey: `${owner}:call`, actor: owner, reason: "llm", cause, ttlSeconds: 60 });
    const { creditsSweep } = require("../../functions/src/index") as { creditsSweep: ReturnType<typeof defineSchedule> };
    const run = () => creditsSweep.run({ scheduleTime: new Date().toISOString(), jobName: "creditsSweep" });
    await run();
    expect(await l.account(owner)).toMatchObject({ balance: 60, reserved: 40 });
    const restore = overrideServicesForTests({ now: () => new Date(Date.now() + 120_000) });
    try {
      await run();
    } finally {
      restore();
    }
    expect(await l.account(owner)).toMatchObject({ balance: 100, reserved: 0 });
  });
});
