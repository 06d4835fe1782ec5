import type { Db } from "mongodb";
import type { Services } from "../../services";
import type { StoreName, Stores } from "../../stores";
import type { HoldsPersonalData, PersonalDataSource } from "./personal-data-source";
import { unconvertedPersonalData, type UnconvertedPersonalData } from "./unconverted-collections";

type HolderName = { [K in StoreName]: Stores[K] extends HoldsPersonalData ? K : never }[StoreName];

/**
 * Account export (GET /users/me/export) and deletion (DELETE /users/me) cover every collection that
 * holds data a user owns. Each is described once, by the store that owns it (HoldsPersonalData in
 * personal-data-source.ts), and the store is listed here: a module that stores personal data adds one
 * entry (account-data.test.ts covers every entry).
 * The order is the one export lists them in and deletion removes them in.
 */
export const personalDataRegistry: ({ store: HolderName } | { unconverted: UnconvertedPersonalData })[] = [
  { unconverted: "users" },
  { unconverted: "billing_customers" },
  { unconverted: "checkouts" },
  // Personal prompts (with their versions and label history) and projects go with the account; what a
  // user wrote in a team stays, anonymized.
  { store: "prompts" },
  { store: "projects" },
  { store: "teams" },
  { store: "teamInvitations" },
  { unconverted: "prompt_ideas" },
  { unconverted: "api_keys" },
  { unconverted: "vault_items" },
  { unconverted: "vault_keys" },
  { unconverted: "usage_counters" },
];

/** Every source of a user's data, from the stores over this database. */
export async function personalDataSources(services: Pick<Services, "store" | "db">): Promise<PersonalDataSource[]> {
  let db: Db | undefined;
  const sources: PersonalDataSource[] = [];
  for (const entry of personalDataRegistry) {
    if ("store" in entry) {
      sources.push(...(await services.store(entry.store)).personalData());
    } else {
      db ??= await services.db();
      sources.push(unconvertedPersonalData(db, entry.unconverted));
    }
  }
  return sources;
}
