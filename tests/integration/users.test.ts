import { startApi, type ApiServer } from "../support/api-server";
import { createUser, signIn, adminAuth, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";

const testDb = useTestDatabase("users");
let api: ApiServer;
let user: TestUser;

beforeAll(async () => {
  api = await startApi();
  user = await createUser("me");
});
afterAll(() => api.close());

const call = (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

describe("GET /users/me", () => {
  it("creates the profile on first call with defaults, roles and the free monthly allowance", async () => {
    const res = await call("GET", "/users/me", user.idToken);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({
      uid: user.uid,
      email: user.email,
      displayName: null,
      locale: "en",
      timezone: "UTC",
      roles: [],
      tier: "free",
      credits: 200,
      preferences: { theme: "system", emailNotifications: true, marketingEmails: false, defaultModel: null },
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const docs = await (await testDb.db()).collection("users").find({ uid: user.uid }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0].createdAt).toBeInstanceOf(Date);
    // The allowance is granted once per month, expiring at the month's end (UTC).
    expect((await call("GET", "/users/me", user.idToken).then((r) => r.json() as Promise<{ credits: number }>)).credits).toBe(200);
    const grants = await (await testDb.db()).collection("transactions").find({ user_id: user.uid, type: "grant" }).toArray();
    expect(grants).toHaveLength(1);
    const now = new Date();
    expect(grants[0].expires_at).toEqual(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  });

  it("creates exactly one document under 25 concurrent first calls", async () => {
    const fresh = await createUser("race");
    const responses = await Promise.all(Array.from({ length: 25 }, () => call("GET", "/users/me", fresh.idToken)));
    expect(responses.map((r) => r.status)).toEqual(Array(25).fill(200));
    const bodies: any[] = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.createdAt)).size).toBe(1);
    expect(await (await testDb.db()).collection("users").countDocuments({ uid: fresh.uid })).toBe(1);
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    const good = await call("GET", "/users/me", user.idToken, undefined, { "x-request-id": "trace-abc-123456" });
    expect(good.headers.get("x-request-id")).toBe("trace-abc-123456");
    const bad = await call("GET", "/users/me", user.idToken, undefined, { "x-request-id": "<script>" });
    expect(bad.headers.get("x-request-id")).not.toBe("<script>");
  });
});

describe("PATCH /users/me", () => {
  it("updates display name, locale (canonicalised), time zone and preferences", async () => {
    const res = await call("PATCH", "/users/me", user.idToken, {
      displayName: "  Ada\u0007 Lovelace ",
      locale: "pt-br",
      timezone: "Asia/Kolkata",
      preferences: { theme: "dark", defaultModel: "auto:cheapest" },
    });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({
      displayName: "Ada Lovelace",
      locale: "pt-BR",
      timezone: "Asia/Kolkata",
      preferences: { theme: "dark", defaultModel: "auto:cheapest", emailNotifications: true, marketingEmails: false },
    });
    const doc = await (await testDb.db()).collection("users").findOne({ uid: user.uid });
    expect(doc).toMatchObject({ displayName: "Ada Lovelace", locale: "pt-BR", timezone: "Asia/Kolkata" });
    expect(doc!.updatedAt.getTime()).toBeGreaterThan(doc!.createdAt.getTime());
  });

  it.each([
    ["an unknown field", { nickname: "x" }, "body.nickname"],
    ["an unknown preference", { preferences: { fontSize: 3 } }, "body.preferences.fontSize"],
    ["an invalid time zone", { timezone: "Mars/Olympus" }, "body.timezone"],
    ["an invalid locale", { locale: "not a locale" }, "body.locale"],
    ["an over-long display name", { displayName: "x".repeat(81) }, "body.displayName"],
    ["an empty display name", { displayName: "   " }, "body.displayName"],
    ["a wrong type", { preferences: { theme: 7 } }, "body.preferences.theme"],
    // Preference names are map keys the client chooses: prototype members are just unknown names.
    ["a preference named toString", { preferences: { toString: "x" } }, "body.preferences.toString"],
    ["a preference named hasOwnProperty", { preferences: { hasOwnProperty: true } }, "body.preferences.hasOwnProperty"],
    ["a preference named constructor", JSON.parse('{"preferences":{"constructor":{"name":"x"}}}'), "body.preferences.constructor"],
    ["a preference named __proto__", JSON.parse('{"preferences":{"__proto__":{"theme":"dark"}}}'), "body.preferences.__proto__"],
    ["no field at all", {}, "body"],
  ])("rejects %s with 400 naming the field, changing nothing", async (_label, body, field) => {
    const before = await testDb.snapshot();
    const res = await call("PATCH", "/users/me", user.idToken, body);
    expect(res.status).toBe(400);
    const json: any = await res.json();
    expect(json.error.code).toBe("validation_failed");
    expect(json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await testDb.snapshot()).toEqual(before);
  });
});

describe("DELETE /users/me", () => {
  it("deletes the Auth user and the profile, keeps an audit record, and the token stops working", async () => {
    const doomed = await createUser("doomed");
    expect((await call("GET", "/users/me", doomed.idToken)).status).toBe(200);
    const res = await call("DELETE", "/users/me", doomed.idToken);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body).toMatchObject({ deleted: true, uid: doomed.uid });
    expect(body.retained.map((r: { collection: string }) => r.collection)).toEqual(["transactions", "webhook_events", "audit_log"]);
    const db = await testDb.db();
    expect(await db.collection("users").countDocuments({ uid: doomed.uid })).toBe(0);
    expect(await db.collection("audit_log").countDocuments({ target_uid: doomed.uid, action: "account.deleted" })).toBe(1);
    await expect((await adminAuth()).getUser(doomed.uid)).rejects.toMatchObject({ code: "auth/user-not-found" });
    const after = await call("GET", "/users/me", doomed.idToken);
    expect(after.status).toBe(401);
    await expect(signIn(doomed)).rejects.toThrow();
  });

  it("rejects a body on DELETE (unknown fields)", async () => {
    const res = await call("DELETE", "/users/me", user.idToken, { confirm: true });
    expect(res.status).toBe(400);
    expect((await call("GET", "/users/me", user.idToken)).status).toBe(200);
  });
});
