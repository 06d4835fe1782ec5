import { startApi, type ApiServer } from "../support/api-server";
import { adminAuth, craftToken, createUser, createUserWithRoles, signIn, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/**
 * Authentication and authorization against the real Firebase Auth emulator and firebase-admin's
 * verifyIdToken(token, true). Note: the emulator checks revocation even when checkRevoked is false,
 * so that `true` is guarded by code review and the unit test of the verifier, not by this file.
 */
const testDb = useTestDatabase("auth");
let api: ApiServer;
let user: TestUser;
let admin: TestUser;

beforeAll(async () => {
  api = await startApi();
  [user, admin] = await Promise.all([createUser("plain"), createUserWithRoles(["admin"], "admin")]);
});
afterAll(() => api.close());

const me = (token?: string, headers?: Record<string, string>) => request(api.baseUrl, "GET", "/users/me", { token, headers });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ID token verification", () => {
  it("accepts a valid emulator ID token", async () => {
    const res = await me(user.idToken);
    expect(res.status).toBe(200);
    expect(res.json.uid).toBe(user.uid);
  });

  it("rejects a missing token with 401 unauthenticated and WWW-Authenticate", async () => {
    const res = await me();
    expectErrorBody(res, 401, "unauthenticated");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each([
    ["a non-Bearer scheme", { authorization: "Basic dXNlcjpwYXNz" }],
    ["a garbage token", { authorization: "Bearer not-a-jwt-at-all-xxxxxxxxxxxx" }],
    ["a truncated token", { authorization: "Bearer eyJhbGciOiJub25lIn0.e30" }],
  ])("rejects %s with 401 invalid_token", async (_label, headers) => {
    expectErrorBody(await me(undefined, headers), 401, "invalid_token");
  });

  it("rejects an expired token with 401 token_expired", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = craftToken({ sub: user.uid, user_id: user.uid, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
    expectErrorBody(await me(token), 401, "token_expired");
  });

  it("rejects a token minted for another project with 401 invalid_token", async () => {
    const token = craftToken({
      sub: user.uid,
      user_id: user.uid,
      aud: "someone-elses-project",
      iss: "https://securetoken.google.com/someone-elses-project",
    });
    expectErrorBody(await me(token), 401, "invalid_token");
  });

  it("rejects a token whose user does not exist", async () => {
    const token = craftToken({ sub: "no-such-user-0123456789", user_id: "no-such-user-0123456789" });
    expectErrorBody(await me(token), 401, "invalid_token");
  });

  it("rejects a revoked token with 401 token_revoked, and accepts a token minted afterwards", async () => {
    const victim = await createUser("revoked");
    expect((await me(victim.idToken)).status).toBe(200);
    await sleep(1_100); // revocation has 1-second granularity
    await (await adminAuth()).revokeRefreshTokens(victim.uid);
    await sleep(1_100);
    expectErrorBody(await me(victim.idToken), 401, "token_revoked");
    expect((await me(await signIn(victim))).status).toBe(200);
  });

  it("rejects a disabled user's token with 401 user_disabled", async () => {
    const victim = await createUser("disabled");
    await (await adminAuth()).updateUser(victim.uid, { disabled: true });
    expectErrorBody(await me(victim.idToken), 401, "user_disabled");
  });
});

describe("role-based access (custom claims)", () => {
  it("answers 403 to a signed-in user without the admin role, on every admin operation", async () => {
    const read = await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: user.idToken });
    expectErrorBody(read, 403, "forbidden");
    const db = await testDb.db();
    const auditBefore = await db.collection("audit_log").countDocuments();
    const write = await request(api.baseUrl, "POST", `/admin/users/${user.uid}/roles`, {
      token: user.idToken,
      body: { roles: ["admin"], reason: "let me in" },
    });
    expectErrorBody(write, 403, "forbidden");
    expect((await (await adminAuth()).getUser(user.uid)).customClaims?.roles).toBeUndefined();
    expect(await db.collection("audit_log").countDocuments()).toBe(auditBefore);
  });

  it("lets an admin read a user's account and profile", async () => {
    await me(user.idToken);
    const res = await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: admin.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      uid: user.uid,
      auth: { uid: user.uid, email: user.email, disabled: false, roles: [] },
      profile: { uid: user.uid, tier: "free" },
    });
  });

  it("answers 404 for a uid that exists nowhere", async () => {
    const res = await request(api.baseUrl, "GET", "/admin/users/nobody-here-123", { token: admin.idToken });
    expectErrorBody(res, 404, "not_found");
  });

  it("promotes a user: the old token still lacks the role (403), a fresh token has it (200)", async () => {
    const staff = await createUser("promoted");
    const res = await request(api.baseUrl, "POST", `/admin/users/${staff.uid}/roles`, {
      token: admin.idToken,
      body: { roles: ["admin", "support"], reason: "joins the ops team" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ uid: staff.uid, roles: ["admin", "support"], sessionsRevoked: false });
    expect((await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: staff.idToken })).status).toBe(403);
    const fresh = await signIn(staff);
    expect((await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: fresh })).status).toBe(200);
    const audit = await (await testDb.db()).collection("audit_log").findOne({ target_uid: staff.uid, action: "user.roles_set" });
    expect(audit).toMatchObject({ actor_uid: admin.uid, reason: "joins the ops team", data: { before: [], after: ["admin", "support"] } });
  });

  it("demotes a user and revokes their sessions so the old admin token stops working at once", async () => {
    const staff = await createUserWithRoles(["admin"], "demoted");
    expect((await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: staff.idToken })).status).toBe(200);
    await sleep(1_100);
    const res = await request(api.baseUrl, "POST", `/admin/users/${staff.uid}/roles`, {
      token: admin.idToken,
      body: { roles: [], reason: "left the company" },
    });
    expect(res.json).toEqual({ uid: staff.uid, roles: [], sessionsRevoked: true });
    await sleep(1_100);
    expectErrorBody(await request(api.baseUrl, "GET", `/admin/users/${user.uid}`, { token: staff.idToken }), 401, "token_revoked");
    const claims = (await (await adminAuth()).getUser(staff.uid)).customClaims;
    expect(claims).toEqual({ roles: [] });
  });

  it("keeps other custom claims when setting roles", async () => {
    const target = await createUser("claims");
    await (await adminAuth()).setCustomUserClaims(target.uid, { tier: "pro" });
    await request(api.baseUrl, "POST", `/admin/users/${target.uid}/roles`, {
      token: admin.idToken,
      body: { roles: ["moderator"], reason: "marketplace reviews" },
    });
    expect((await (await adminAuth()).getUser(target.uid)).customClaims).toEqual({ tier: "pro", roles: ["moderator"] });
  });

  it("refuses to let an admin remove their own admin role (409), changing nothing", async () => {
    const res = await request(api.baseUrl, "POST", `/admin/users/${admin.uid}/roles`, {
      token: admin.idToken,
      body: { roles: [], reason: "oops" },
    });
    expectErrorBody(res, 409, "cannot_remove_own_admin");
    expect((await (await adminAuth()).getUser(admin.uid)).customClaims).toEqual({ roles: ["admin"] });
  });

  it("answers 404 when setting roles of a user that does not exist", async () => {
    const res = await request(api.baseUrl, "POST", "/admin/users/ghost-user-000/roles", {
      token: admin.idToken,
      body: { roles: ["support"], reason: "typo" },
    });
    expectErrorBody(res, 404, "not_found");
  });
});
