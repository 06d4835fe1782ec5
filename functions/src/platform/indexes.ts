import type { IndexDescription } from "mongodb";

/**
 * Every index the application relies on, per collection. Unique indexes are what make upserts and
 * idempotency keys correct on a real MongoDB (the local engine does not enforce them; see README).
 */
export const indexSpecs: Record<string, IndexDescription[]> = {
  users: [{ key: { uid: 1 }, name: "uid_unique", unique: true }],
  transactions: [{ key: { user_id: 1, created_at: -1 }, name: "user_created" }],
  webhook_events: [{ key: { event_id: 1 }, name: "event_id_unique", unique: true }],
  audit_log: [{ key: { target_uid: 1, at: -1 }, name: "target_at" }],
};
