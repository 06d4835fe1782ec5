import { randomBytes } from "node:crypto";
import { streamPersonalData } from "../../functions/src/core/account/export-personal-data";
import { personalDataSources } from "../../functions/src/core/account/personal-data";
import type { PersonalDataSource } from "../../functions/src/core/account/personal-data-source";
import { services } from "../../functions/src/services";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/**
 * Export and deletion are driven by the personal-data registry: these cases iterate it, so a module
 * that registers a collection is covered without changing this file.
 */
const testDb = useTestDatabase("account_data");
let api: ApiServer;
/** Every registered collection, as the stores over this test's database describe them. */
let personalCollections: PersonalDataSource[];

beforeAll(async () => {
  process.env.VAULT_MASTER_KEY = randomBytes(32).toString("base64");
  api = await startApi();
  personalCollections = await personalDataSources(services);
});
afterAll(async () => {
  delete process.env.VAULT_MASTER_KEY;
  await api.close();
});

interface Seeded {
  user: TestUser;
  marker: string;
  vaultSecret: string;
  apiKey: string;
}

/** A user with data in every registered collection: through the API where it exists, else directly. */
async function seed(prefix: string): Promise<Seeded> {
  const user = await createUser(prefix);
  const marker = `marker-${prefix}-${randomBytes(6).toString("hex")}`;
  const vaultSecret = `secret-${randomBytes(12).toString("hex")}`;
  const call = (method: string, path: string, body?: unknown) => request(api.baseUrl, method, path, { token: user.idToken, body });
  expect((await call("PATCH", "/users/me", { displayName: marker })).status).toBe(200);
  expect((await call("POST", "/vault", { kind: "note", title: marker, plaintext: vaultSecret })).status).toBe(201);
  const key = await call("POST", "/users/me/api-keys", { name: marker, scopes: ["vault:read"] });
  expect(key.status).toBe(201);
  const db = await testDb.db();
  for (const c of personalCollections) {
    if ((await db.collection(c.collection).countDocuments({ [c.ownerField]: user.uid })) === 0) {
      await db.collection(c.collection).insertOne({ [c.ownerField]: user.uid, marker, created_at: new Date() });
    }
  }
  return { user, marker, vaultSecret, apiKey: key.json.key };
}

let alice: Seeded;
let bob: Seeded;
beforeAll(async () => {
  alice = await seed("export-alice");
  bob = await seed("export-bob");
});

describe("GET /users/me/export", () => {
  it("returns the caller's data from every registered collection and nothing of another user", async () => {
    const res = await request(api.baseUrl, "GET", "/users/me/export", { token: alice.user.idToken });
    expect(res.status).toBe(200);
    expect(res.json.uid).toBe(alice.user.uid);
    expect(Object.keys(res.json.collections).sort()).toEqual(personalCollections.map((c) => c.collection).sort());
    for (const c of personalCollections) {
      const docs = res.json.collections[c.collection];
      expect({ collection: c.collection, exported: docs.length > 0 }).toEqual({ collection: c.collection, exported: true });
      for (const doc of docs) {
        expect(doc[c.ownerField]).toBe(alice.user.uid);
        for (const field of c.excludeFromExport ?? []) expect(doc).not.toHaveProperty(field);
      }
    }
    expect(res.text).toContain(alice.marker);
    expect(res.text).not.toContain(bob.user.uid);
    expect(res.text).not.toContain(bob.marker);
  });

  it("exports vault items as metadata only and never API key secrets or hashes, and says so", async () => {
    const res = await request(api.baseUrl, "GET", "/users/me/export", { token: alice.user.idToken });
    expect(res.json.collections.vault_items[0]).toMatchObject({ title: alice.marker, kind: "note", size: alice.vaultSecret.length });
    expect(res.text).not.toContain(alice.vaultSecret);
    expect(res.text).not.toContain(alice.apiKey);
    expect(res.json.collections.api_keys[0]).toMatchObject({ name: alice.marker, prefix: alice.apiKey.slice(0, 12) });
    expect(res.json.notes.join(" ")).toMatch(/metadata only/);
  });
});

describe("GET /users/me/export: streamed, in bounded memory", () => {
  it("sends the JSON document as a stream (chunked, no Content-Length computed from a body held in memory)", async () => {
    const res = await fetch(`${api.baseUrl}/users/me/export`, { headers: { authorization: `Bearer ${bob.user.idToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = JSON.parse(await res.text());
    expect(body).toMatchObject({ uid: bob.user.uid, exportedAt: expect.any(String), notes: expect.any(Array) });
    expect(Object.keys(body.collections).sort()).toEqual(personalCollections.map((c) => c.collection).sort());
  });

  it("reads the documents in batches and writes them in bounded chunks that add up to the whole export", async () => {
    const db = await testDb.db();
    const uid = `stream-${randomBytes(4).toString("hex")}`;
    const filler = "y".repeat(300);
    await db
      .collection("prompt_ideas")
      .insertMany(Array.from({ length: 400 }, (_, i) => ({ uid, title: `idea ${i}`, prompt: filler, created_at: new Date() })));
    await db.collection("projects").insertOne({ owner_uid: uid, name: "p", created_at: new Date() });
    const chunks: string[] = [];
    const sink = { write: (chunk: string) => (chunks.push(chunk), chunks.length % 3 !== 0), drained: async () => undefined };
    const chunkBytes = 8 * 1024;
    await streamPersonalData(services, { uid, exportedAt: "2030-01-01T00:00:00.000Z", notes: [] }, sink, new AbortController().signal, {
      batchSize: 50,
      chunkBytes,
    });
    const largestDoc = 600;
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.length).toBeLessThan(chunkBytes + largestDoc);
    const doc = JSON.parse(chunks.join(""));
    expect(doc.collections.prompt_ideas).toHaveLength(400);
    expect(doc.collections.prompt_ideas[399]).toMatchObject({ uid, title: "idea 399", prompt: filler });
    expect(doc.collections.projects).toEqual([expect.objectContaining({ owner_uid: uid, name: "p" })]);
    expect(doc.collections.users).toEqual([]);

    const aborted = new AbortController();
    const partial: string[] = [];
    const stopping = { write: (chunk: string) => (partial.push(chunk), aborted.abort(), true), drained: async () => undefined };
    await streamPersonalData(services, { uid, exportedAt: "x", notes: [] }, stopping, aborted.signal, { batchSize: 50, chunkBytes });
    expect(() => JSON.parse(partial.join(""))).toThrow();
  });
});

describe("DELETE /users/me", () => {
  it("leaves nothing of the user in any registered collection, keeps other users' data, and kills their API keys", async () => {
    expect((await request(api.baseUrl, "GET", "/vault", { token: alice.apiKey })).status).toBe(200);
    const res = await request(api.baseUrl, "DELETE", "/users/me", { token: alice.user.idToken });
    expect(res.status).toBe(200);
    const db = await testDb.db();
    for (const c of personalCollections) {
      expect({
        collection: c.collection,
        left: await db.collection(c.collection).countDocuments({ [c.ownerField]: alice.user.uid }),
      }).toEqual({
        collection: c.collection,
        left: 0,
      });
      expect(await db.collection(c.collection).countDocuments({ [c.ownerField]: bob.user.uid })).toBeGreaterThan(0);
    }
    expectErrorBody(await request(api.baseUrl, "GET", "/vault", { token: alice.apiKey }), 401, "invalid_token");
    expect((await request(api.baseUrl, "GET", "/vault", { token: bob.apiKey })).status).toBe(200);
    expect((await request(api.baseUrl, "GET", "/vault", { token: bob.user.idToken })).json.items).toHaveLength(1);
  });

  it("deletes a personal prompt's versions and label history with it (they hold its text)", async () => {
    const carol = await createUser("erase-carol");
    const marker = `secret-template-${randomBytes(6).toString("hex")}`;
    const created = await request(api.baseUrl, "POST", "/prompts", {
      token: carol.idToken,
      body: { title: "Mine", type: "text", template: `v1 ${marker}` },
    });
    expect(created.status).toBe(201);
    const promptId = created.json.id;
    expect(
      (await request(api.baseUrl, "POST", `/prompts/${promptId}/versions`, { token: carol.idToken, body: { template: `v2 ${marker}` } }))
        .status,
    ).toBe(201);
    const db = await testDb.db();
    const versionsOf = () => db.collection("prompt_versions").countDocuments({ template: { $regex: marker } });
    expect(await versionsOf()).toBe(2);
    expect((await request(api.baseUrl, "DELETE", "/users/me", { token: carol.idToken })).status).toBe(200);
    expect(await versionsOf()).toBe(0);
    expect(await db.collection("prompt_label_history").countDocuments({ prompt_id: { $exists: true }, moved_by: carol.uid })).toBe(0);
  });

  it("refuses (409, nothing changed) while the user owns a team with members, and deletes a team they own alone", async () => {
    const owner = await createVerifiedUser("erase-owner");
    const member = await createVerifiedUser("erase-member");
    const shared = await createTeam(api.baseUrl, owner, "Shared");
    await addMember(api.baseUrl, shared, owner, member, "editor");
    const solo = await createTeam(api.baseUrl, owner, "Solo");
    const project = await request(api.baseUrl, "POST", "/projects", { token: owner.idToken, body: { name: "Solo project", teamId: solo } });
    expect(project.status).toBe(201);
    const prompt = await request(api.baseUrl, "POST", "/prompts", {
      token: owner.idToken,
      body: { title: "Team prompt", type: "text", template: "hi", projectId: project.json.id },
    });
    expect(prompt.status).toBe(201);

    const before = await testDb.snapshot();
    const refused = await request(api.baseUrl, "DELETE", "/users/me", { token: owner.idToken });
    expectErrorBody(refused, 409, "team_ownership_transfer_required");
    expect(refused.json.error.details.teams.map((t: { id: string }) => t.id)).toEqual([shared]);
    expect(await testDb.snapshot()).toEqual(before);

    expect(
      (await request(api.baseUrl, "POST", `/teams/${shared}/transfer`, { token: owner.idToken, body: { uid: member.uid } })).status,
    ).toBe(200);
    expect((await request(api.baseUrl, "DELETE", "/users/me", { token: owner.idToken })).status).toBe(200);
    const db = await testDb.db();
    expect(await db.collection("teams").countDocuments({ name: "Solo", owner_uid: owner.uid })).toBe(0);
    expect(await db.collection("prompts").countDocuments({ title: "Team prompt" })).toBe(0);
    expect(await db.collection("projects").countDocuments({ name: "Solo project" })).toBe(0);
    expect((await request(api.baseUrl, "GET", `/teams/${shared}`, { token: member.idToken })).status).toBe(200);
  });
});
