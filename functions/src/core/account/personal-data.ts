/**
 * Every collection that holds data a user owns, and the field naming the owner. Account export
 * (GET /users/me/export) reads these and account deletion removes or anonymizes them, so a module that
 * stores personal data adds its collection here (a test fails for a collection it does not know).
 */
export interface PersonalCollection {
  collection: string;
  /** The field holding the owner's uid. */
  ownerField: string;
  /** "delete" removes the documents; "anonymize" keeps them with the owner replaced (shared content). */
  onDelete: "delete" | "anonymize";
  /** Documents that belong to the owned ones (by `foreignKey` = their `_id`), deleted with them. */
  cascade?: { collection: string; foreignKey: string }[];
  /** Fields never exported (hashes, ciphertext, internal keys). */
  excludeFromExport?: string[];
}

export const personalCollections: PersonalCollection[] = [
  { collection: "users", ownerField: "uid", onDelete: "delete" },
  { collection: "billing_customers", ownerField: "uid", onDelete: "delete" },
  { collection: "checkouts", ownerField: "uid", onDelete: "delete" },
  // Personal prompts and projects go with the account; what a user wrote in a team stays, anonymized.
  {
    collection: "prompts",
    ownerField: "owner_uid",
    onDelete: "delete",
    excludeFromExport: ["search_terms"],
    // A personal prompt's versions hold its text: they go with it, whoever wrote them.
    cascade: [
      { collection: "prompt_versions", foreignKey: "prompt_id" },
      { collection: "prompt_label_history", foreignKey: "prompt_id" },
    ],
  },
  { collection: "prompt_versions", ownerField: "created_by", onDelete: "anonymize" },
  { collection: "prompt_label_history", ownerField: "moved_by", onDelete: "anonymize" },
  { collection: "projects", ownerField: "owner_uid", onDelete: "delete" },
  { collection: "team_members", ownerField: "uid", onDelete: "delete" },
  { collection: "team_invitations", ownerField: "invited_by", onDelete: "anonymize", excludeFromExport: ["token_hash"] },
  { collection: "prompt_ideas", ownerField: "uid", onDelete: "delete" },
  { collection: "api_keys", ownerField: "uid", onDelete: "delete", excludeFromExport: ["hash"] },
  // Vault items are exported as metadata: the plaintext is only ever shown by the audited reveal.
  { collection: "vault_items", ownerField: "uid", onDelete: "delete", excludeFromExport: ["ciphertext", "iv", "tag"] },
  { collection: "vault_keys", ownerField: "uid", onDelete: "delete", excludeFromExport: ["wrapped_key", "wrap_iv", "wrap_tag"] },
  // How many projects, vault items and API keys the user holds, against their tier's limits.
  { collection: "usage_counters", ownerField: "owner_uid", onDelete: "delete" },
];
