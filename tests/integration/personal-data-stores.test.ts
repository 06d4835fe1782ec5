import { ObjectId } from "mongodb";
import { streamPersonalData, toJsonValue } from "../../functions/src/core/account/export-personal-data";
import { personalCollections } from "../../functions/src/core/account/personal-data";
import { services } from "../../functions/src/services";
import type { PersonalDataStore } from "../../functions/src/stores";
import { useTestDatabase } from "../support/db";

/**
 * The stores of profiles, billing customers, checkouts, API keys, vault items and keys and usage
 * counters export and erase a user's documents themselves (PersonalDataStore), so account export
 * and deletion need not name their collections. They must do exactly what the registry in
 * core/account/personal-data.ts does with those collections: same documents, same secrets left out.
 */
const testDb = useTestDatabase("personal_data_stores");
beforeAll(() => {
  process.env.VAULT_MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
});

const STORES = ["users", "billingCustomers", "checkouts", "apiKeys", "vault", "vaultKeys", "usageCounters"] as const;
/** Collections with a unique index on the owner: one document each. */
const ONE_PER_OWNER = new Set(["users", "billing_customers", "vault_keys"]);

async function exportedByRegistry(collection: string, uid: string): Promise<unknown[]> {
  const entry = personalCollections.find((c) => c.collection === collection)!;
  let text = "";
  const sink = { write: (chunk: string) => ((text += chunk), true), drained: async () => undefined };
  await streamPersonalData(await testDb.db(), { uid, exportedAt: "t", notes: [] }, sink, new AbortController().signal, { collections: [entry] });
  return JSON.parse(text).collections[collection];
}

describe.each(STORES)("%s", (name) => {
  it("exports and erases what the personal-data registry does for its collection", async () => {
    const store: PersonalDataStore = await services.store(name);
    const entry = personalCollections.find((c) => c.collection === store.personalCollection);
    expect(entry).toMatchObject({ onDelete: "delete" });
    expect(entry!.cascade).toBeUndefined();

    const db = await testDb.db();
    const [uid, other] = [`owner-${name}`, `other-${name}`];
    // Every field some registry entry leaves out of an export, a date and an id, for each owner;
    // the fields other unique indexes cover differ from document to document.
    const doc = (owner: string, n: number) => ({
      [entry!.ownerField]: owner,
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
    const owned = ONE_PER_OWNER.has(entry!.collection) ? 1 : 2;
    await db.collection(entry!.collection).insertMany([doc(uid, 1), doc(other, 2), ...(owned === 2 ? [doc(uid, 3)] : [])]);

    const exported = toJsonValue(await store.exportOwned(uid).toArray());
    expect(exported).toHaveLength(owned);
    expect(exported).toEqual(await exportedByRegistry(entry!.collection, uid));

    expect(await store.eraseOwned(uid)).toBe(owned);
    expect(await db.collection(entry!.collection).countDocuments({ [entry!.ownerField]: uid })).toBe(0);
    expect(await db.collection(entry!.collection).countDocuments({ [entry!.ownerField]: other })).toBe(1);
  });
});

it("removes a deleted team's usage counters, and only that team's", async () => {
  const db = await testDb.db();
  const [team, otherTeam] = [new ObjectId(), new ObjectId()];
  await db.collection("usage_counters").insertMany([
    { key: `team:${team.toHexString()}:projects`, owner_uid: null, team_id: team, resource: "projects", count: 2, updated_at: new Date() },
    { key: `team:${team.toHexString()}:team_seats`, owner_uid: null, team_id: team, resource: "team_seats", count: 3, updated_at: new Date() },
    { key: `team:${otherTeam.toHexString()}:projects`, owner_uid: null, team_id: otherTeam, resource: "projects", count: 1, updated_at: new Date() },
  ]);
  expect(await (await services.store("usageCounters")).removeTeam(team)).toBe(2);
  expect(await db.collection("usage_counters").countDocuments({ team_id: otherTeam })).toBe(1);
});
