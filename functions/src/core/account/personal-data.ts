import type { Services } from "../../services";
import type { StoreName, Stores } from "../../stores";
import type { HoldsPersonalData, PersonalDataSource } from "./personal-data-source";

type HolderName = { [K in StoreName]: Stores[K] extends HoldsPersonalData ? K : never }[StoreName];

/**
 * Account export (GET /users/me/export) and deletion (DELETE /users/me) cover every collection that
 * holds data a user owns. Each is described once, by the store that owns it (HoldsPersonalData in
 * personal-data-source.ts), and the store is listed here: a module that stores personal data adds one
 * entry (account-data.test.ts covers every entry).
 * The order is the one export lists them in and deletion removes them in.
 */
export const personalDataRegistry: HolderName[] = [
  "users",
  "billingCustomers",
  "checkouts",
  // Personal prompts (with their versions and label history) and projects go with the account; what a
  // user wrote in a team stays, anonymized.
  "prompts",
  "projects",
  "teams",
  "teamInvitations",
  "ideas",
  "apiKeys",
  "vault",
  "vaultKeys",
  "usageCounters",
  "events",
  "usage",
  "analyticsRollups",
  "analyticsDaily",
  "activity",
  "notifications",
  "notificationPreferences",
  "pushDevices",
  "pushDeliveries",
  "webhookEndpoints",
  "webhookMessages",
  // Marketplace: a seller's listings come off sale; purchases, licences and earnings are accounting
  // records, kept without the uid.
  "listings",
  "purchases",
  "licences",
  "earnings",
  "reviews",
  "marketplaceAccounts",
];

/** Every source of a user's data, from the stores over this database. */
export async function personalDataSources(services: Pick<Services, "store">): Promise<PersonalDataSource[]> {
  const sources: PersonalDataSource[] = [];
  for (const store of personalDataRegistry) sources.push(...(await services.store(store)).personalData());
  return sources;
}
