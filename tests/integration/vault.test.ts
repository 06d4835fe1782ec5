import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { rewrapVaultKeys } from "../../functions/src/core/vault/data-keys";
import { VaultKeysStore } from "../../functions/src/core/vault/vault-keys-store";
import { parseKeyring } from "../../functions/src/core/vault/vault-keyring";
import { setLogSink } from "../../functions/src/platform/logger";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { setTier } from "../support/tiers";

const testDb = useTestDatabase("vault");
const KEY_A = `a:${randomBytes(32).toString("base64")}`;
const KEY_B = `b:${randomBytes(32).toString("base64")}`;
let api: ApiServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  process.env.VAULT_MASTER_KEY = KEY_A;
  api = await startApi();
  [alice, bob] = await Promise.all([createUser("vault-alice"), createUser("vault-bob")]);
});
afterAll(async () => {
  delete process.env.VAULT_MASTER_KEY;
  await api.close();
});

const call = (user: TestUser, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  request(api.baseUrl, method, path, { token: user.idToken, body, headers });
const secret = () => `sk-live-${randomBytes(24).toString("hex")}`;
const create = async (user: TestUser, plaintext = secret(), kind = "api_key", title = "OpenAI key") => {
  const res = await call(user, "POST", "/vault", { kind, title, plaintext });
  expect(res.status).toBe(201);
  return { id: res.json.id as string, plaintext, res };
};
const reveal = (user: TestUser, id: string, headers?: Record<string, string>) =>
  call(user, "POST", `/vault/${id}/reveal`, undefined, headers);

describe("vault items", () => {
  it("round-trips: create returns metadata only, get and list show no secret, reveal returns the plaintext and is audited", async () => {
    const { id, plaintext, res } = await create(alice);
    expect(res.json).toEqual({
      id,
      kind: "api_key",
      title: "OpenAI key",
      size: plaintext.length,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await call(alice, "GET", `/vault/${id}`);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(plaintext);
    const list = await call(alice, "GET", "/vault");
    expect(list.json.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(list.text).not.toContain(plaintext);

    const revealed = await reveal(alice, id, { "x-request-id": "reveal-req-0001" });
    expect(revealed.status).toBe(200);
    expect(revealed.json).toMatchObject({ id, kind: "api_key", plaintext });
    const audit = await (
      await testDb.db()
    )
      .collection("audit_log")
      .findOne({ action: "vault.item_revealed", request_id: "reveal-req-0001" });
    expect(audit).toMatchObject({
      actor_uid: alice.uid,
      target_uid: alice.uid,
      data: { itemId: id, authMethod: "id_token" },
      at: expect.any(Date),
    });
  });

  it("stores no plaintext: raw documents contain neither the bytes nor their base64/hex", async () => {
    const plaintext = `my secret prompt ${secret()} ünïcødé`;
    await create(alice, plaintext, "secret_prompt", "Prompt");
    const bytes = Buffer.from(plaintext, "utf8");
    const needles = [plaintext, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex"), plaintext.slice(0, 24)];
    const raw = JSON.stringify(await testDb.snapshot());
    for (const needle of needles) expect(raw).not.toContain(needle);
    const doc = await (await testDb.db()).collection("vault_items").findOne({ title: "Prompt" });
    expect(Object.keys(doc!).sort()).toEqual([
      "_id",
      "ciphertext",
      "created_at",
      "iv",
      "key_version",
      "kind",
      "size",
      "tag",
      "title",
      "uid",
      "updated_at",
    ]);
    const key = await (await testDb.db()).collection("vault_keys").findOne({ uid: alice.uid });
    expect(key).toMatchObject({ master_key_id: "a", version: 1 });
    expect(Buffer.from(key!.wrapped_key, "base64")).toHaveLength(32);
  });

  it("update re-encrypts new content with a fresh IV; a title change keeps the ciphertext", async () => {
    const { id } = await create(alice);
    const items = (await testDb.db()).collection("vault_items");
    const before = await items.findOne({ _id: new ObjectId(id) });
    const renamed = await call(alice, "PATCH", `/vault/${id}`, { title: "Renamed" });
    expect(renamed.json.title).toBe("Renamed");
    expect((await items.findOne({ _id: before!._id }))!.ciphertext).toBe(before!.ciphertext);
    const next = secret();
    const updated = await call(alice, "PATCH", `/vault/${id}`, { plaintext: next, kind: "note" });
    expect(updated.json).toMatchObject({ kind: "note", size: next.length });
    const after = await items.findOne({ _id: before!._id });
    expect(after!.iv).not.toBe(before!.iv);
    expect((await reveal(alice, id)).json.plaintext).toBe(next);
  });

  it("another user's item is 404 on get, update, delete and reveal, and absent from their list", async () => {
    const { id } = await create(alice);
    for (const [method, path, body] of [
      ["GET", `/vault/${id}`, undefined],
      ["PATCH", `/vault/${id}`, { title: "mine now" }],
      ["DELETE", `/vault/${id}`, undefined],
      ["POST", `/vault/${id}/reveal`, undefined],
    ] as const) {
      expectErrorBody(await call(bob, method, path, body), 404, "not_found");
    }
    expect((await call(bob, "GET", "/vault")).json.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await call(alice, "GET", `/vault/${id}`)).status).toBe(200);
  });

  it("deletes an item", async () => {
    const { id } = await create(alice);
    expect((await call(alice, "DELETE", `/vault/${id}`)).json).toEqual({ id, deleted: true });
    expectErrorBody(await call(alice, "GET", `/vault/${id}`), 404, "not_found");
  });

  it("paginates with a cursor over a stable order, filtered by kind", async () => {
    const carol = await createUser("vault-carol");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(carol, secret(), "note", `n${i}`)).id);
    await create(carol, secret(), "api_key", "other kind");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { id: string }[]; nextCursor: string | null } } = await call(
        carol,
        "GET",
        `/vault?kind=note&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.json.items.map((i) => i.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expectErrorBody(await call(carol, "GET", "/vault?cursor=bogus"), 400, "invalid_cursor");
  });

  it("rejects plaintext over 64 KB (UTF-8 bytes) with 400", async () => {
    const res = await call(alice, "POST", "/vault", { kind: "note", title: "big", plaintext: "é".repeat(33 * 1024) });
    expectErrorBody(res, 400, "validation_failed");
  });
});

describe("the tier's vaultItems", () => {
  it("holds however many creates run at once (free: 10), and a deleted item frees its slot", async () => {
    const carol = await createUser("vault-carol");
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => call(carol, "POST", "/vault", { kind: "note", title: `n${i}`, plaintext: "x" })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(10);
    for (const r of results.filter((r) => r.status !== 201)) {
      expectErrorBody(r, 403, "tier_limit_reached");
      expect(r.json.error.details).toEqual({ limit: "vaultItems", max: 10, tier: "free" });
    }
    expect(await (await testDb.db()).collection("vault_items").countDocuments({ uid: carol.uid })).toBe(10);
    expect((await call(carol, "DELETE", `/vault/${created[0].json.id}`)).status).toBe(200);
    expect((await call(carol, "POST", "/vault", { kind: "note", title: "again", plaintext: "x" })).status).toBe(201);
    expectErrorBody(await call(carol, "POST", "/vault", { kind: "note", title: "over", plaintext: "x" }), 403, "tier_limit_reached");
  });

  it("follows the stored tier: an upgrade raises the limit at once", async () => {
    const dan = await createUser("vault-dan");
    for (let i = 0; i < 10; i++)
      expect((await call(dan, "POST", "/vault", { kind: "note", title: `n${i}`, plaintext: "x" })).status).toBe(201);
    expectErrorBody(await call(dan, "POST", "/vault", { kind: "note", title: "over", plaintext: "x" }), 403, "tier_limit_reached");
    await setTier(dan.uid, "pro", await testDb.db());
    expect((await call(dan, "POST", "/vault", { kind: "note", title: "pro", plaintext: "x" })).status).toBe(201);
  });
});

describe("tamper detection", () => {
  const flip = (value: string) => {
    const buf = Buffer.from(value, "base64");
    buf[buf.length >> 1] ^= 0x40;
    return buf.toString("base64");
  };
  let logged: { level: string; event: string }[] = [];
  beforeEach(() => {
    logged = [];
    setLogSink((level, event) => logged.push({ level, event }));
  });
  afterEach(() => setLogSink(() => undefined));

  it.each([
    ["vault_items", "ciphertext"],
    ["vault_items", "iv"],
    ["vault_items", "tag"],
    ["vault_keys", "wrapped_key"],
    ["vault_keys", "wrap_iv"],
    ["vault_keys", "wrap_tag"],
  ])("a flipped byte in %s.%s fails closed with 422 vault_integrity_error, logged at error level", async (collection, field) => {
    const user = await createUser("tamper");
    const { id, plaintext } = await create(user);
    const db = await testDb.db();
    const original = await db.collection(collection).findOne({ uid: user.uid });
    await db.collection(collection).updateOne({ _id: original!._id }, { $set: { [field]: flip(original![field]) } });
    const res = await reveal(user, id);
    expectErrorBody(res, 422, "vault_integrity_error");
    expect(res.text).not.toContain(plaintext);
    expect(logged).toContainEqual({ level: "error", event: "vault_integrity_error" });
    expect(await db.collection("audit_log").countDocuments({ action: "vault.item_revealed", actor_uid: user.uid })).toBe(0);
    await db.collection(collection).updateOne({ _id: original!._id }, { $set: { [field]: original![field] } });
    expect((await reveal(user, id)).json.plaintext).toBe(plaintext);
  });

  it("fails closed when a ciphertext is moved onto another item, or its key version changed (AAD)", async () => {
    const user = await createUser("tamper-aad");
    const one = await create(user);
    const two = await create(user);
    const items = (await testDb.db()).collection("vault_items");
    const src = await items.findOne({ uid: user.uid, title: "OpenAI key" }, { sort: { _id: 1 } });
    expect(src!._id.toHexString()).toBe(one.id);
    await items.updateOne({ _id: new ObjectId(two.id) }, { $set: { ciphertext: src!.ciphertext, iv: src!.iv, tag: src!.tag } });
    expectErrorBody(await reveal(user, two.id), 422, "vault_integrity_error");
    await items.updateOne({ _id: src!._id }, { $set: { key_version: 2 } });
    expectErrorBody(await reveal(user, one.id), 422, "vault_integrity_error");
  });
});

describe("master key rotation", () => {
  it("re-wraps data keys under the new key; items still decrypt and the old key can be dropped", async () => {
    const user = await createUser("rotate");
    const { id, plaintext } = await create(user);
    const db = await testDb.db();
    const keys = db.collection("vault_keys");
    const before = await keys.findOne({ uid: user.uid });
    expect(before!.master_key_id).toBe("a");

    // New key first, old key kept: old data keys still unwrap, new ones are wrapped by b.
    process.env.VAULT_MASTER_KEY = `${KEY_B},${KEY_A}`;
    expect((await reveal(user, id)).json.plaintext).toBe(plaintext);
    const newcomer = await createUser("rotate-new");
    await create(newcomer);
    expect((await keys.findOne({ uid: newcomer.uid }))!.master_key_id).toBe("b");

    // Dropping a before the re-wrap would strand data keys: refused loudly, nothing revealed.
    process.env.VAULT_MASTER_KEY = KEY_B;
    const stranded = await reveal(user, id);
    expectErrorBody(stranded, 500, "vault_key_unavailable");
    expect(stranded.text).not.toContain(plaintext);

    const result = await rewrapVaultKeys(new VaultKeysStore(db), parseKeyring(`${KEY_B},${KEY_A}`), new Date());
    expect(result.failed).toEqual([]);
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    expect(await keys.countDocuments({ master_key_id: { $ne: "b" } })).toBe(0);
    const after = await keys.findOne({ uid: user.uid });
    expect(after!.wrapped_key).not.toBe(before!.wrapped_key);
    expect(after!.rewrapped_at).toBeInstanceOf(Date);
    expect(await rewrapVaultKeys(new VaultKeysStore(db), parseKeyring(`${KEY_B},${KEY_A}`), new Date())).toEqual({
      rewrapped: 0,
      failed: [],
    });

    // Only b left: everything still decrypts.
    process.env.VAULT_MASTER_KEY = KEY_B;
    expect((await reveal(user, id)).json.plaintext).toBe(plaintext);
    expect((await reveal(alice, (await call(alice, "GET", "/vault?limit=1")).json.items[0].id)).status).toBe(200);
  });

  it("reports data keys whose master key is not in the keyring instead of failing the whole run", async () => {
    const db = await testDb.db();
    const orphan = `orphan-${Date.now()}`;
    await db.collection("vault_keys").insertOne({
      uid: orphan,
      version: 1,
      master_key_id: "gone",
      wrapped_key: "AA==",
      wrap_iv: "AA==",
      wrap_tag: "AA==",
      created_at: new Date(),
      rewrapped_at: null,
    });
    const result = await rewrapVaultKeys(new VaultKeysStore(db), parseKeyring(KEY_B), new Date());
    expect(result.failed).toEqual([orphan]);
    await db.collection("vault_keys").deleteOne({ uid: orphan });
  });
});
