import type { IndexDescription } from "mongodb";

/**
 * Every index the application relies on, per collection. Unique indexes are what make upserts and
 * idempotency keys correct on a real MongoDB (the local engine does not enforce them; see docs/operations.md).
 */
export const indexSpecs: Record<string, IndexDescription[]> = {
  users: [{ key: { uid: 1 }, name: "uid_unique", unique: true }],
  transactions: [
    { key: { user_id: 1, created_at: -1 }, name: "user_created" },
    { key: { idempotency_key: 1 }, name: "idempotency_key_unique", unique: true },
    { key: { user_id: 1, type: 1, created_at: -1 }, name: "user_type_created" },
    { key: { type: 1, expires_at: 1 }, name: "type_expires" },
    // Analytics reconciliation reads entries by type and time across accounts.
    { key: { type: 1, created_at: 1 }, name: "type_created" },
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
  payments: [
    { key: { provider: 1, payment_id: 1 }, name: "provider_payment_unique", unique: true },
    { key: { provider: 1, aliases: 1 }, name: "provider_aliases" },
    // Self-referral checks: the customers who paid for a user.
    { key: { uid: 1, customer_id: 1 }, name: "uid_customer" },
    // The admin queues: held and dismissed payments, chargebacks in review, newest first.
    { key: { state: 1, created_at: -1, _id: -1 }, name: "state_created" },
    { key: { in_review: 1, created_at: -1, _id: -1 }, name: "in_review_created" },
  ],
  subscriptions: [
    { key: { provider: 1, subscription_id: 1 }, name: "provider_subscription_unique", unique: true },
    { key: { uid: 1, updated_at: -1 }, name: "uid_updated" },
  ],
  billing_customers: [{ key: { uid: 1 }, name: "uid_unique", unique: true }],
  checkouts: [
    { key: { uid: 1, idempotency_key: 1 }, name: "uid_idempotency_key_unique", unique: true },
    // How a payment webhook finds our checkout: by the provider object it names.
    { key: { provider: 1, provider_ids: 1 }, name: "provider_ids" },
  ],
  // _id is derived from (uid, key); TTL only tidies up (lookups ignore expired keys).
  idempotency_keys: [{ key: { expires_at: 1 }, name: "expires_ttl", expireAfterSeconds: 0 }],
  // _id is derived from dedupe_key (the call's reservation key): written once, and kept by retention.
  usage_events: [
    { key: { uid: 1, created_at: -1 }, name: "uid_created" },
    { key: { request_id: 1 }, name: "request_id" },
    { key: { created_at: 1 }, name: "created" },
    { key: { recorded_at: 1 }, name: "recorded" },
    { key: { reservation_id: 1 }, name: "reservation_id" },
    { key: { listing_id: 1, uid: 1, created_at: -1 }, name: "listing_uid_created", sparse: true },
  ],
  llm_health: [
    { key: { model: 1, updated_at: -1 }, name: "model_updated" },
    { key: { instance_id: 1, model: 1 }, name: "instance_model_unique", unique: true },
  ],
  ledger_drift: [{ key: { user_id: 1, detected_at: -1 }, name: "user_detected" }],
  audit_log: [{ key: { target_uid: 1, at: -1 }, name: "target_at" }],
  teams: [{ key: { owner_uid: 1 }, name: "owner_uid" }],
  team_members: [
    { key: { team_id: 1, uid: 1 }, name: "team_uid_unique", unique: true },
    { key: { uid: 1 }, name: "uid" },
  ],
  team_invitations: [
    { key: { token_hash: 1 }, name: "token_hash_unique", unique: true },
    { key: { team_id: 1, created_at: -1 }, name: "team_created" },
  ],
  projects: [
    { key: { owner_uid: 1, created_at: 1 }, name: "owner_created" },
    { key: { team_id: 1, created_at: 1 }, name: "team_created" },
  ],
  prompts: [
    { key: { owner_uid: 1, updated_at: -1, _id: -1 }, name: "owner_updated" },
    { key: { team_id: 1, updated_at: -1, _id: -1 }, name: "team_updated" },
    { key: { project_id: 1, updated_at: -1 }, name: "project_updated" },
    { key: { tags: 1 }, name: "tags" },
    { key: { search_terms: 1 }, name: "search_terms" },
  ],
  prompt_versions: [{ key: { prompt_id: 1, version: 1 }, name: "prompt_version_unique", unique: true }],
  prompt_label_history: [{ key: { prompt_id: 1, at: -1 }, name: "prompt_at" }],
  api_keys: [
    { key: { hash: 1 }, name: "hash_unique", unique: true },
    { key: { uid: 1, created_at: -1 }, name: "uid_created" },
  ],
  prompt_ideas: [{ key: { uid: 1, created_at: -1, _id: -1 }, name: "uid_created" }],
  vault_items: [{ key: { uid: 1, created_at: -1, _id: -1 }, name: "uid_created" }],
  usage_counters: [
    { key: { key: 1 }, name: "key_unique", unique: true },
    { key: { owner_uid: 1 }, name: "owner_uid" },
    { key: { team_id: 1 }, name: "team_id" },
  ],
  vault_keys: [
    { key: { uid: 1 }, name: "uid_unique", unique: true },
    { key: { master_key_id: 1 }, name: "master_key_id" },
  ],
  // rate-limiter-flexible's MongoDB store (it is told not to create them on the request path); the
  // names are the driver's defaults, which the library used to create.
  rate_limits: [
    { key: { expire: -1 }, name: "expire_-1", expireAfterSeconds: 0 },
    { key: { key: 1 }, name: "key_1", unique: true },
  ],
  // _id is derived from the dedupe key; consumers read by type and time, and per subject.
  events: [
    { key: { type: 1, occurred_at: 1 }, name: "type_occurred" },
    { key: { recorded_at: 1, _id: 1 }, name: "recorded" },
    { key: { uid: 1, occurred_at: -1 }, name: "uid_occurred" },
    // The notifications outbox (core/notifications/fan-out.ts), a subscription's previous state, webhook replays.
    { key: { dispatch_pending: 1, recorded_at: 1, _id: 1 }, name: "dispatch_pending" },
    { key: { type: 1, "data.subscriptionId": 1, occurred_at: -1, _id: -1 }, name: "type_subscription_occurred" },
    { key: { uid: 1, recorded_at: 1, _id: 1 }, name: "uid_recorded" },
    { key: { team_id: 1, recorded_at: 1, _id: 1 }, name: "team_recorded" },
  ],
  // _id is derived from (series, scope, bucket, dimensions); queries read one scope's series by time.
  analytics_rollups: [
    { key: { scope: 1, scope_id: 1, series: 1, bucket: 1 }, name: "scope_series_bucket" },
    { key: { series: 1, scope: 1, bucket: 1 }, name: "series_scope_bucket" },
    { key: { bucket: 1, as_of: 1 }, name: "bucket_as_of" },
    { key: { uid: 1 }, name: "uid" },
  ],
  // _id derived from (series, scope, day, dimensions); queries read one scope's series by day.
  analytics_daily: [
    { key: { scope: 1, scope_id: 1, series: 1, day: 1 }, name: "scope_series_day" },
    { key: { series: 1, scope: 1, day: 1 }, name: "series_scope_day" },
    { key: { day: 1, as_of: 1 }, name: "day_as_of" },
    { key: { uid: 1 }, name: "uid" },
  ],
  // _id derived from (uid, UTC day); DAU/WAU/MAU read a range of days, account deletion a user's.
  user_activity: [
    { key: { day: 1 }, name: "day" },
    { key: { uid: 1 }, name: "uid" },
  ],
  analytics_findings: [
    { key: { resolved_at: 1, last_seen_at: -1 }, name: "open_seen" },
    { key: { kind: 1, resolved_at: 1 }, name: "kind_open" },
    { key: { first_seen_at: -1, _id: -1 }, name: "first_seen" },
  ],
  // _id derived from (notification key, uid): one per user and notification.
  notifications: [
    { key: { uid: 1, created_at: -1, _id: -1 }, name: "uid_created" },
    { key: { uid: 1, read_at: 1, archived_at: 1 }, name: "uid_unread" },
  ],
  notification_preferences: [{ key: { uid: 1 }, name: "uid" }],
  push_devices: [
    { key: { uid: 1 }, name: "uid" },
    { key: { hashes: 1 }, name: "hashes" },
  ],
  push_deliveries: [
    { key: { state: 1, next_attempt_at: 1 }, name: "state_next" },
    { key: { state: 1, lease_until: 1 }, name: "state_lease" },
    { key: { uid: 1 }, name: "uid" },
  ],
  webhook_endpoints: [
    { key: { owner_uid: 1, created_at: 1 }, name: "owner_created" },
    { key: { team_id: 1, created_at: 1 }, name: "team_created" },
    { key: { enabled: 1, event_types: 1 }, name: "enabled_types" },
  ],
  // _id derived from (notification key, endpoint): one logical delivery per endpoint.
  webhook_messages: [
    { key: { state: 1, next_attempt_at: 1 }, name: "state_next" },
    { key: { state: 1, lease_until: 1 }, name: "state_lease" },
    { key: { endpoint_id: 1, created_at: -1, _id: -1 }, name: "endpoint_created" },
    { key: { endpoint_id: 1, state: 1, created_at: -1 }, name: "endpoint_state_created" },
    { key: { owner_uid: 1 }, name: "owner_uid" },
  ],
  job_locks: [{ key: { name: 1 }, name: "name" }],
  // Marketplace (core/marketplace). Purchases, licences, earnings lines, reviews and payouts have `_id`s
  // derived from what they are about (first writer wins), so they need no unique secondary index.
  listings: [
    { key: { state: 1, listed_at: -1, _id: -1 }, name: "state_listed" },
    { key: { state: 1, sales: -1, _id: -1 }, name: "state_sales" },
    { key: { state: 1, rating_avg: -1, _id: -1 }, name: "state_rating" },
    { key: { state: 1, sales_7d: -1, _id: -1 }, name: "state_trending" },
    { key: { state: 1, price: 1, _id: 1 }, name: "state_price" },
    { key: { search_terms: 1 }, name: "search_terms" },
    { key: { seller_uid: 1, created_at: -1, _id: -1 }, name: "seller_created" },
  ],
  listing_versions: [
    { key: { listing_id: 1, version: 1 }, name: "listing_version_unique", unique: true },
    { key: { state: 1, submitted_at: 1, _id: 1 }, name: "state_submitted" },
    { key: { seller_uid: 1 }, name: "seller" },
  ],
  licences: [{ key: { buyer_uid: 1, state: 1, created_at: -1, _id: -1 }, name: "buyer_state_created" }],
  purchases: [
    { key: { buyer_uid: 1, "target.kind": 1, "target.id": 1, generation: -1 }, name: "buyer_target_generation" },
    { key: { key: 1 }, name: "key_unique", unique: true },
    { key: { state: 1, lease_until: 1 }, name: "state_lease" },
    { key: { state: 1, completed_at: 1 }, name: "state_completed" },
    { key: { buyer_uid: 1, created_at: -1, _id: -1 }, name: "buyer_created" },
  ],
  earnings: [
    { key: { key: 1 }, name: "key_unique", unique: true },
    { key: { payee_uid: 1, available_at: 1 }, name: "payee_available" },
    { key: { "source.type": 1, "source.id": 1 }, name: "source" },
  ],
  reviews: [
    { key: { listing_id: 1, state: 1, created_at: -1, _id: -1 }, name: "listing_state_created" },
    { key: { report_state: 1, state: 1, updated_at: 1, _id: 1 }, name: "report_state_updated" },
    { key: { buyer_uid: 1 }, name: "buyer" },
  ],
  marketplace_accounts: [
    { key: { uid: 1 }, name: "uid_unique", unique: true },
    { key: { "connect.account_id": 1 }, name: "connect_account" },
  ],
  payouts: [{ key: { payee_uid: 1, state: 1 }, name: "payee_state" }],
  bundles: [
    { key: { state: 1, created_at: -1, _id: -1 }, name: "state_created" },
    { key: { seller_uid: 1, created_at: -1, _id: -1 }, name: "seller_created" },
  ],
  // Partnerships: a partner's `_id` derives from their uid and a referral's from the referred uid.
  partners: [{ key: { code: 1 }, name: "code_unique", unique: true }],
  referral_clicks: [{ key: { partner_uid: 1, at: -1 }, name: "partner_at" }],
  referrals: [{ key: { partner_uid: 1, attributed_at: -1 }, name: "partner_attributed" }],
};
