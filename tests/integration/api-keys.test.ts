import { createHash, randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { startApi, type ApiServer } from "../support/api-server";
import { adminAuth, createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { overrideServicesForTests, services } from "../../functions/src/services";

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
    const audit = await (
      await testDb.db()
    )
      .collection("audit_log")
      .findOne({ action: "vault.item_revealed", "data.itemId": created.json.id });
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
    const { key, id } = await createKey(user, {
      name: "all",
      scopes: ["prompts:read", "prompts:write", "ai:run", "vault:read", "vault:write"],
    });
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
    expectErrorBody(
      await withKey(key, "POST", `/admin/users/${user.uid}/roles`, { roles: ["admin"], reason: "escalate" }),
      403,
      "api_key_not_allowed",
    );
  });

  it.each([
    ["an unknown key", `pf_live_${"A".repeat(32)}`],
    ["a malformed key", "pf_live_short-but-long-enough"],
  ])("rejects %s with 401 invalid_token", async (_label, key) => {
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "invalid_token");
  });

  it("rejects an expired key with 401 api_key_expired", async () => {
    const { id, key } = await createKey(third, {
      name: "short-lived",
      scopes: ["vault:read"],
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await withKey(key, "GET", "/vault")).status).toBe(200);
    await (
      await testDb.db()
    )
      .collection("api_keys")
      .updateOne({ _id: new ObjectId(id) }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    expectErrorBody(await withKey(key, "GET", "/vault"), 401, "api_key_expired");
  });

  it("judges an expiry by the services' clock, when the key is created and when it is used", async () => {
    const owner = await createUser("keys-clock");
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    const twoDaysLater = () => overrideServicesForTests({ now: () => new Date(Date.now() + 2 * 86_400_000) });
    let restore = twoDaysLater();
    try {
      const refused = await request(api.baseUrl, "POST", "/users/me/api-keys", {
        token: owner.idToken,
        body: { name: "x", scopes: ["vault:read"], expiresAt: inADay },
      });
      expectErrorBody(refused, 400, "validation_failed");
      expect(refused.json.error.details.fields).toEqual([{ field: "body.expiresAt", code: "custom", message: "must be in the future" }]);
    } finally {
      restore();
    }
    expect(await (await testDb.db()).collection("api_keys").countDocuments({ uid: owner.uid })).toBe(0);
    const { key } = await createKey(owner, { name: "a day", scopes: ["vault:read"], expiresAt: inADay });
    expect((await withKey(key, "GET", "/vault")).status).toBe(200);
    restore = twoDaysLater();
    try {
      expectErrorBody(await withKey(key, "GET", "/vault"), 401, "api_key_expired");
    } finally {
      restore();
    }
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

describe("running stored prompts with a key", () => {
  it("needs prompts:read besides ai:run: the model's answer can repeat the template", async () => {
    const owner = await createUser("keys-prompts");
    await new MongoCreditLedger(await testDb.db(), () => new Date()).grant({
      uid: owner.uid,
      amount: 1_000,
      idempotencyKey: `test:${owner.uid}`,
      actor: "system:test",
      reason: "test",
      cause: { kind: "test", id: "keys" },
    });
    const prompt = await request(api.baseUrl, "POST", "/prompts", {
      token: owner.idToken,
      body: { title: "Secret sauce", type: "text", template: "SECRET-TEMPLATE {{x}}" },
    });
    expect(prompt.status).toBe(201);
    const run = { model: "demo:echo", prompt: { promptId: prompt.json.id, variables: { x: "y" } }, maxOutputTokens: 64 };

    const runOnly = await createKey(owner, { name: "runner", scopes: ["ai:run"] });
    const refused = await withKey(runOnly.key, "POST", "/ai/generate", run);
    expectErrorBody(refused, 403, "insufficient_scope");
    expect(refused.json.error.details).toEqual({ missing: ["prompts:read"] });
    expect(refused.text).not.toContain("SECRET-TEMPLATE");
    // Its own messages it may still run.
    expect(
      (
        await withKey(runOnly.key, "POST", "/ai/generate", {
          model: "demo:echo",
          messages: [{ role: "user", content: "hi" }],
          maxOutputTokens: 8,
        })
      ).status,
    ).toBe(200);

    const both = await createKey(owner, { name: "reader", scopes: ["ai:run", "prompts:read"] });
    const ok = await withKey(both.key, "POST", "/ai/generate", run);
    expect(ok.status).toBe(200);
    expect(ok.json.text).toContain("SECRET-TEMPLATE");
  });
});

describe("how many keys", () => {
  /** Live keys put straight into the database, as if made before the cap was enforced atomically. */
  async function seedKeys(uid: string, live: number, revoked = 0) {
    const now = Date.now();
    const docs = Array.from({ length: live + revoked }, (_, i) => ({
      _id: new ObjectId(),
      uid,
      name: `seeded ${i}`,
      scopes: ["vault:read"],
      prefix: "pf_live_seed",
      hash: randomBytes(32).toString("hex"),
      created_at: new Date(now - (live + revoked - i) * 1000),
      expires_at: null,
      last_used_at: null,
      rotated_at: null,
      revoked_at: i < revoked ? new Date(now) : null,
    }));
    await (await testDb.db()).collection("api_keys").insertMany(docs);
  }

  it("never lets concurrent creates take the live keys past the cap", async () => {
    const owner = await createUser("keys-cap");
    await seedKeys(owner.uid, 20);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(api.baseUrl, "POST", "/users/me/api-keys", { token: owner.idToken, body: { name: `race ${i}`, scopes: ["vault:read"] } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    for (const r of results.filter((r) => r.status !== 201)) expectErrorBody(r, 409, "too_many_api_keys");
    expect(await (await testDb.db()).collection("api_keys").countDocuments({ uid: owner.uid, revoked_at: null })).toBe(25);
  });

  it("holds under 40 concurrent calls of the create handler itself (no rate limit in the way)", async () => {
    const { createApiKey } = await import("../../functions/src/api/users/create-api-key");
    const owner = await createUser("keys-cap-handler");
    await seedKeys(owner.uid, 20);
    const db = await testDb.db();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        createApiKey({
          requestId: `req-cap-${i}`,
          caller: { uid: owner.uid, emailVerified: true, roles: [], authTime: 0 },
          params: {},
          query: {},
          body: { name: `race ${i}`, scopes: ["vault:read"] },
          services,
          raw: { body: Buffer.alloc(0), headers: {} },
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409, code: "too_many_api_keys" });
    expect(await db.collection("api_keys").countDocuments({ uid: owner.uid, revoked_at: null })).toBe(25);
  });

  it("lists every live key, page by page, and frees a slot on revoke", async () => {
    const owner = await createUser("keys-list");
    await seedKeys(owner.uid, 30, 2);
    const all = await request(api.baseUrl, "GET", "/users/me/api-keys", { token: owner.idToken });
    expect(all.json.keys).toHaveLength(30);
    expect(all.json.nextCursor).toBeNull();
    const first = await request(api.baseUrl, "GET", "/users/me/api-keys?limit=20", { token: owner.idToken });
    const second = await request(api.baseUrl, "GET", `/users/me/api-keys?limit=20&cursor=${first.json.nextCursor}`, {
      token: owner.idToken,
    });
    const ids = [...first.json.keys, ...second.json.keys].map((k: { id: string }) => k.id);
    expect(new Set(ids).size).toBe(30);
    expect(second.json.nextCursor).toBeNull();
    expect(ids).toEqual(all.json.keys.map((k: { id: string }) => k.id));

    // 30 live keys from before the cap: no new one until fewer than 25 are live.
    expectErrorBody(
      await request(api.baseUrl, "POST", "/users/me/api-keys", { token: owner.idToken, body: { name: "over", scopes: ["vault:read"] } }),
      409,
      "too_many_api_keys",
    );
    for (const id of ids.slice(0, 6))
      expect((await request(api.baseUrl, "DELETE", `/users/me/api-keys/${id}`, { token: owner.idToken })).status).toBe(200);
    expect(
      (await request(api.baseUrl, "POST", "/users/me/api-keys", { token: owner.idToken, body: { name: "room", scopes: ["vault:read"] } }))
        .status,
    ).toBe(201);
  });
});
