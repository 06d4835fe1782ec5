import type { IndexDescription } from "mongodb";

/**
 * Every index the application relies on, per collection. Unique indexes are what make upserts and
 * idempotency keys correct on a real MongoDB (the local engine does not enforce them; see README).
 */
export const indexSpecs: Record<string, IndexDescription[]> = {
  users: [{ key: { uid: 1 }, name: "uid_unique", unique: true }],
  transactions: [
    { key: { user_id: 1, created_at: -1 }, name: "user_created" },
    { key: { idempotency_key: 1 }, name: "idempotency_key_unique", unique: true },
    { key: { user_id: 1, type: 1, created_at: -1 }, name: "user_type_created" },
    { key: { type: 1, expires_at: 1 }, name: "type_expires" },
  ],
  webhook_events: [
    { key: { event_id: 1 }, name: "event_id_unique", unique: true },
    { key: { state: 1, lease_until: 1 }, name: "state_lease" },
  ],
  credit_accounts: [{ key: { user_id: 1 }, name: "user_id_unique", unique: true }],
  reservations: [
    { key: { state: 1, deadline: 1 }, name: "state_deadline" },
    { key: { user_id: 1, created_at: -1 }, name: "user_created" },
  ],
  payments: [{ key: { provider: 1, payment_id: 1 }, name: "provider_payment_unique", unique: true }],
  subscriptions: [
    { key: { provider: 1, subscription_id: 1 }, name: "provider_subscription_unique", unique: true },
    { key: { uid: 1, updated_at: -1 }, name: "uid_updated" },
  ],
  billing_customers: [{ key: { uid: 1 }, name: "uid_unique", unique: true }],
  checkouts: [{ key: { uid: 1, idempotency_key: 1 }, name: "uid_idempotency_key_unique", unique: true }],
  ledger_drift: [{ key: { user_id: 1, detected_at: -1 }, name: "user_detected" }],
  audit_log: [{ key: { target_uid: 1, at: -1 }, name: "target_at" }],
};
