import type { Db, ObjectId } from "mongodb";
import { ownedBy, type PersonalDataRule, type PersonalDataSource } from "./personal-data-source";

/**
 * Transitional (issue 9): collections holding users' or teams' data whose modules have not moved them
 * behind a store in stores.ts yet. Account export and deletion reach them here, by name, until each
 * module's store takes its line over (`personalData()` / `deleteTeamData()` and an entry in
 * personal-data.ts or owned-teams.ts). Nothing else outside those modules names them.
 */
export const UNCONVERTED_PERSONAL_DATA = {
  users: { ownerField: "uid", onDelete: "delete" },
  billing_customers: { ownerField: "uid", onDelete: "delete" },
  checkouts: { ownerField: "uid", onDelete: "delete" },
  prompt_ideas: { ownerField: "uid", onDelete: "delete" },
  api_keys: { ownerField: "uid", onDelete: "delete", excludeFromExport: ["hash"] },
  // Vault items are exported as metadata: the plaintext is only ever shown by the audited reveal.
  vault_items: { ownerField: "uid", onDelete: "delete", excludeFromExport: ["ciphertext", "iv", "tag"] },
  vault_keys: { ownerField: "uid", onDelete: "delete", excludeFromExport: ["wrapped_key", "wrap_iv", "wrap_tag"] },
  // How many projects, vault items and API keys the user holds, against their tier's limits.
  usage_counters: { ownerField: "owner_uid", onDelete: "delete" },
} satisfies Record<string, PersonalDataRule>;

export type UnconvertedPersonalData = keyof typeof UNCONVERTED_PERSONAL_DATA;

export const unconvertedPersonalData = (db: Db, name: UnconvertedPersonalData): PersonalDataSource =>
  ownedBy(db.collection(name), UNCONVERTED_PERSONAL_DATA[name]);

/** A team's usage counters (core/limits), deleted with the team. */
export async function deleteUnconvertedTeamData(db: Db, teamId: ObjectId): Promise<void> {
  await db.collection("usage_counters" satisfies UnconvertedPersonalData).deleteMany({ team_id: teamId });
}
