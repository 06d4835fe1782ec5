import { ObjectId } from "mongodb";
import { personalDataRegistry } from "../../functions/src/core/account/personal-data";
import { services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";

/**
 * The stores of profiles, billing customers, checkouts, ideas, API keys, vault items and keys and
 * usage counters describe their users' data themselves (HoldsPersonalData), so account export and
 * deletion name no collection. Each exports exactly the owner's documents, never their secrets, and
 * erases exactly the owner's documents.
 */
const testDb = useTestDatabase("personal_data_stores");
beforeAll(() => {
  process.env.VAULT_MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
});

/** The fields each store must never export. */
const SECRETS: Record<string, string[]> = {
  users: [],
  billingCustomers: [],
  checkouts: [],
  ideas: [],
  apiKeys: ["hash"],
  vault: ["ciphertext", "iv", "tag"],
  vaultKeys: ["wrapped_key", "wrap_iv", "wrap_tag"],
  usageCounters: [],
};
const STORES = Object.keys(SECRETS) as (typeof personalDataRegistry)[number][];
/** Collections with a unique index on the owner: one document each. */
const ONE_PER_OWNER = new Set(["users", "billing_customers", "vault_keys"]);

it("covers every store in the registry that holds users' data of this kind", () => {
  for (const name of STORES) expect(personalDataRegistry).toContain(name);
});

describe.each(STORES)("%s", (name) => {
  it("exports the owner's documents without their secrets and erases only the owner's", async () => {
    const [source, ...more] = (await services.store(name)).personalData();
    expect(more).toEqual([]);
    expect({ onDelete: source.onDelete, excluded: [...source.excludeFromExport].sort() }).toEqual({
      onDelete: "delete",
      excluded: [...SECRETS[name]].sort(),
    });

    const db = await testDb.db();
    const [uid, other] = [`owner-${name}`, `other-${name}`];
    // Every secret field any store leaves out, a date and an id, for each owner; the fields other
    // unique indexes cover differ from document to document.
    const doc = (owner: string, n: number) => ({
      [source.ownerField]: owner,
      n,
      key: `${name}:${n}`,
      idempotency_key: `k${n}`,
      hash: `h${name}${n}`,
      ciphertext: "c",
      iv: "i",
      tag: "t",
      wrapped_key: "w",
      wrap_iv: "wi",
      wrap_tag: "wt",
      at: new Date(Date.UTC(2031, 0, n)),
      ref: new ObjectId(),
    });
    const owned = ONE_PER_OWNER.has(source.collection) ? 1 : 2;
    await db.collection(source.collection).insertMany([doc(uid, 1), doc(other, 2), ...(owned === 2 ? [doc(uid, 3)] : [])]);

    const exported = await source.find(uid, 100).toArray();
    expect(exported.map((d) => d.n)).toEqual(owned === 2 ? [1, 3] : [1]);
    for (const d of exported)
      for (const secret of SECRETS[name]) expect({ name, secret, present: secret in d }).toEqual({ name, secret, present: false });
    // What is not secret is exported as stored.
    expect(exported[0]).toMatchObject({ key: `${name}:1`, at: new Date(Date.UTC(2031, 0, 1)) });

    expect(await source.erase(uid)).toEqual({ [source.collection]: owned });
    expect(await db.collection(source.collection).countDocuments({ [source.ownerField]: uid })).toBe(0);
    expect(await db.collection(source.collection).countDocuments({ [source.ownerField]: other })).toBe(1);
  });
});

it("removes a deleted team's usage counters, and only that team's", async () => {
  const db = await testDb.db();
  const [team, otherTeam] = [new ObjectId(), new ObjectId()];
  await db.collection("usage_counters").insertMany([
    { key: `team:${team.toHexString()}:projects`, owner_uid: null, team_id: team, resource: "projects", count: 2, updated_at: new Date() },
    {
      key: `team:${team.toHexString()}:team_seats`,
      owner_uid: null,
      team_id: team,
      resource: "team_seats",
      count: 3,
      updated_at: new Date(),
    },
    {
      key: `team:${otherTeam.toHexString()}:projects`,
      owner_uid: null,
      team_id: otherTeam,
      resource: "projects",
      count: 1,
      updated_at: new Date(),
    },
  ]);
  expect(await (await services.store("usageCounters")).removeTeam(team)).toBe(2);
  expect(await db.collection("usage_counters").countDocuments({ team_id: otherTeam })).toBe(1);
});
