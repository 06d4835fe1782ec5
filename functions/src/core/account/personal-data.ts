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
  /** Fields never exported (hashes, ciphertext, internal keys). */
  excludeFromExport?: string[];
}

export const personalCollections: PersonalCollection[] = [
  { collection: "users", ownerField: "uid", onDelete: "delete" },
  { collection: "billing_customers", ownerField: "uid", onDelete: "delete" },
  { collection: "checkouts", ownerField: "uid", onDelete: "delete" },
];
