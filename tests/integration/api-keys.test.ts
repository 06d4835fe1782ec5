import { createHash, randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { startApi, type ApiServer } from "../support/api-server";
import { adminAuth, createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

const testDb = useTestDatabase("api_keys");
let api: ApiServer;
let user: TestUser;
let other: TestUser;
/** Key creation is limited to 10 a minute per user: later cases use a third user. */
let third: TestUser;

beforeAll(async () => {
  process.env.VAULT_MASTER_KEY = randomBytes(32).toString("base64");
  api = await startApi();
  [user, other, third] = await Promise.all([createUser("keys"), createUser("keys-other"), createUser("keys-third")]);
});
afterAll(async () => {
  delete process.env.VAULT_MASTER_KEY;
  await api.close();
});

const KEY = /^pf_live_[A-Za-z0-9]{32}$/;
const createKey = async (owner: TestUser, body: Record<string, unknown> = { name: "CI", scopes: ["vault:read"] }) => {
  const res = await request(api.baseUrl, "POST", "/users/me/api-keys", { token: owner.idToken, body });
  expect(res.status).toBe(201);
  return res.json as { id: string; key: string; prefix: string; scopes: string[] };
};
const withKey = (key: string, method: string, path: string, body?: unknown) => request(api.baseUrl, method, path, { token: key, body });

describe("API key management", () => {
  it("shows the key once; only a hash and a short prefix are stored", async () => {
    const created = await createKey(user, { name: "  Deploy bot ", scopes: ["vault:read", "prompts:read", "vault:read"] });
    expect(created).toMatchObject({ name: "Deploy bot", scopes: ["prompts:read", "vault:read"], lastUsedAt: null, expiresAt: null });
    expect(created.key).toMatch(KEY);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix).toHaveLength("pf_live_".length + 4);

    const list = await request(api.baseUrl, "GET", "/users/me/api-keys", { token: user.idToken });
    expect(list.json.keys.find((k: { id: string }) => k.id === created.id)).toMatchObject({ name: "Deploy bot", prefix: created.prefix });
    expect(list.text).not.toContain(created.key);
    const raw = JSON.stringify(await testDb.snapshot());
    expect(raw).not.toContain(created.key);
    expect(raw).not.toContain(created.key.slice(8));
    const doc = await (await testDb.db()).collection("api_keys").findOne({ prefix: created.prefix });
    expect(doc!.hash).toBe(createHash("sha256").update("promptforge.api_key.v1\0").update(created.key).digest("hex"));
  });

  it.each([
    ["an unknown scope", { name: "x", scopes: ["admin:all"] }],
    ["no scope", { name: "x", scopes: [] }],
    ["an expiry in the past", { name: "x", scopes: ["ai:run"], expiresAt: "2020-01-01T00:00:00Z" }],
    ["an expiry beyond a year", { name: "x", scopes: ["ai:run"], expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() }],
  ])("rejects %s with 400", async (_label, body) => {
    expectErrorBody(await request(api.baseUrl, "POST", "/users/me/api-keys", { token: user.idToken, body }), 400, "validation_failed");
  });

  it("revokes a key: 401 on its next request, 404 to revoke again or to revoke someone else's", async () => {
    const { id, key } = await createKey(user);
    expect((await withKey(key, "GET", "/vault")).status).toBe(200);
    expectErrorBody(await request(api.baseUrl, "DELETE", `/users/me/api-keys/${id}`, { token: other.idToken }), 404, "not_found");
    const res = await request(api.baseUrl, "DELETE", `/users/me/api-keys/${id}`, { token: user.idToken });
    expect(res.json).toEqual({ id, revoked: true });
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "api_key_revoked");
    expectErrorBody(await request(api.baseUrl, "DELETE", `/users/me/api-keys/${id}`, { token: user.idToken }), 404, "not_found");
    const list = await request(api.baseUrl, "GET", "/users/me/api-keys", { token: user.idToken });
    expect(list.json.keys.map((k: { id: string }) => k.id)).not.toContain(id);
    expect(await (await testDb.db()).collection("audit_log").countDocuments({ action: "api_key.revoked", "data.keyId": id })).toBe(1);
  });

  it("rotates a key: same id and scopes, a new secret, and the old one is rejected at once", async () => {
    const old = await createKey(user, { name: "rotating", scopes: ["vault:read"] });
    expectErrorBody(await request(api.baseUrl, "POST", `/users/me/api-keys/${old.id}/rotate`, { token: other.idToken }), 404, "not_found");
    const res = await request(api.baseUrl, "POST", `/users/me/api-keys/${old.id}/rotate`, { token: user.idToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: old.id, scopes: ["vault:read"], rotatedAt: expect.any(String) });
    expect(res.json.key).toMatch(KEY);
    expect(res.json.key).not.toBe(old.key);
    expectErrorBody(await withKey(old.key, "GET", "/vault"), 401, "invalid_token");
    expect((await withKey(res.json.key, "GET", "/vault")).status).toBe(200);
  });
});

describe("authenticating with an API key", () => {
  it("acts as its owner within its scopes, and audits reveals with the key id", async () => {
    const { id, key } = await createKey(user, { name: "vault rw", scopes: ["vault:read", "vault:write"] });
    const created = await withKey(key, "POST", "/vault", { kind: "note", title: "from CI", plaintext: "ci-secret" });
    expect(created.status).toBe(201);
    const revealed = await withKey(key, "POST", `/vault/${created.json.id}/reveal`);
    expect(revealed.json.plaintext).toBe("ci-secret");
    expect((await request(api.baseUrl, "GET", `/vault/${created.json.id}`, { token: user.idToken })).status).toBe(200);
    const audit = await (await testDb.db()).collection("audit_log").findOne({ action: "vault.item_revealed", "data.itemId": created.json.id });
    expect(audit).toMatchObject({ actor_uid: user.uid, data: { authMethod: "api_key", apiKeyId: id } });
  });

  it("answers 403 insufficient_scope when the key lacks the operation's scope", async () => {
    const { key } = await createKey(user, { name: "read only", scopes: ["vault:read", "prompts:read"] });
    const res = await withKey(key, "POST", "/vault", { kind: "note", title: "nope", plaintext: "x" });
    expectErrorBody(res, 403, "insufficient_scope");
    expect(res.json.error.details).toEqual({ missing: ["vault:write"] });
    expect(await (await testDb.db()).collection("vault_items").countDocuments({ title: "nope" })).toBe(0);
  });

  it("is refused (403 api_key_not_allowed) on operations without scopes: profile, export, deletion, key management", async () => {
    const { key, id } = await createKey(user, { name: "all", scopes: ["prompts:read", "prompts:write", "ai:run", "vault:read", "vault:write"] });
    for (const [method, path, body] of [
      ["GET", "/users/me", undefined],
      ["DELETE", "/users/me", undefined],
      ["GET", "/users/me/export", undefined],
      ["GET", "/users/me/api-keys", undefined],
      ["POST", "/users/me/api-keys", { name: "escalate", scopes: ["vault:write"] }],
      ["DELETE", `/users/me/api-keys/${id}`, undefined],
      ["POST", `/users/me/api-keys/${id}/rotate`, undefined],
    ] as const) {
      expectErrorBody(await withKey(key, method, path, body), 403, "api_key_not_allowed");
    }
    expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).status).toBe(200);
  });

  it("never reaches admin operations, even when the key belongs to an admin", async () => {
    const admin = await createUserWithRoles(["admin"], "keys-admin");
    const { key } = await createKey(admin, { name: "admin", scopes: ["vault:read"] });
    expectErrorBody(await withKey(key, "GET", `/admin/users/${user.uid}`), 403, "api_key_not_allowed");
    expectErrorBody(await withKey(key, "POST", `/admin/users/${user.uid}/roles`, { roles: ["admin"], reason: "escalate" }), 403, "api_key_not_allowed");
  });

  it.each([
    ["an unknown key", `pf_live_${"A".repeat(32)}`],
    ["a malformed key", "pf_live_short-but-long-enough"],
  ])("rejects %s with 401 invalid_token", async (_label, key) => {
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "invalid_token");
  });

  it("rejects an expired key with 401 api_key_expired", async () => {
    const { id, key } = await createKey(third, { name: "short-lived", scopes: ["vault:read"], expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await withKey(key, "GET", "/vault")).status).toBe(200);
    await (await testDb.db()).collection("api_keys").updateOne({ _id: new ObjectId(id) }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "api_key_expired");
  });

  it("records the last use at most once a minute", async () => {
    const { id, key } = await createKey(third);
    const keys = (await testDb.db()).collection("api_keys");
    await withKey(key, "GET", "/vault");
    const first = (await keys.findOne({ _id: new ObjectId(id) }))!.last_used_at as Date;
    expect(first).toBeInstanceOf(Date);
    await withKey(key, "GET", "/vault");
    expect((await keys.findOne({ _id: new ObjectId(id) }))!.last_used_at).toEqual(first);
    await keys.updateOne({ _id: new ObjectId(id) }, { $set: { last_used_at: new Date(Date.now() - 61_000) } });
    await withKey(key, "GET", "/vault");
    expect(((await keys.findOne({ _id: new ObjectId(id) }))!.last_used_at as Date).getTime()).toBeGreaterThan(first.getTime());
    const listed = await request(api.baseUrl, "GET", "/users/me/api-keys", { token: third.idToken });
    expect(listed.json.keys.find((k: { id: string }) => k.id === id).lastUsedAt).toEqual(expect.any(String));
  });
});

describe("owner account state", () => {
  it("rejects the keys of a disabled user (401 user_disabled), and of a deleted one", async () => {
    const owner = await createUser("keys-disabled");
    const { key } = await createKey(owner);
    await (await adminAuth()).updateUser(owner.uid, { disabled: true });
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "user_disabled");
    const gone = await createUser("keys-deleted");
    const goneKey = (await createKey(gone)).key;
    await (await adminAuth()).deleteUser(gone.uid);
    expectErrorBody(await withKey(goneKey, "GET", "/vault"), 401, "user_disabled");
  });
});
