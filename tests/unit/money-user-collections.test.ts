import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * One store per collection (STYLE rule 12) for the money, users and vault collections: only the
 * store's own file opens the collection (`db.collection("…")`); everything else goes through the
 * store (`services.store(…)`, `services.ledger()`).
 */
const src = path.resolve(__dirname, "../../functions/src");

const OWNERS: Record<string, string> = {
  users: "core/users/users-store.ts",
  api_keys: "core/auth/api-keys-store.ts",
  audit_log: "core/audit/audit-log-store.ts",
  usage_counters: "core/limits/usage-counters-store.ts",
  // The ledger's aggregate: balances, the entries that explain them, the reservations that hold part of them.
  credit_accounts: "core/credits/ledger.ts",
  transactions: "core/credits/ledger.ts",
  reservations: "core/credits/ledger.ts",
  ledger_drift: "core/credits/ledger-drift-store.ts",
  subscriptions: "core/payments/subscriptions-store.ts",
  checkouts: "core/payments/checkouts-store.ts",
  payments: "core/payments/payments-store.ts",
  webhook_events: "core/payments/webhook-events-store.ts",
  billing_customers: "api/billing/billing-customers-store.ts",
  vault_items: "api/vault/vault-store.ts",
  vault_keys: "core/vault/vault-keys-store.ts",
};

/**
 * Account deletion (core/account, the accounts module's) still removes a deleted team's counters
 * itself; UsageCountersStore.removeTeam is there for it.
 */
const PENDING: Record<string, string[]> = {};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith(".ts") ? [path.relative(src, full)] : [];
  });
}

it.each(Object.entries(OWNERS))("only the store of %s opens it", (collection, owner) => {
  const opens = new RegExp(`\\.collection(<[^>]*>)?\\(\\s*["'\`]${collection}["'\`]`);
  const openers = sources(src).filter((file) => opens.test(readFileSync(path.join(src, file), "utf8")));
  expect(openers.filter((f) => !(PENDING[collection] ?? []).includes(f))).toEqual([owner]);
});
