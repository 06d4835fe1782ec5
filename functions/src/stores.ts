import type { Db } from "mongodb";
import type { PromptsStore } from "./api/prompts/prompts-store";
import type { Services } from "./services";

/** What a store is built from: the database, the clock and (for stores that need them) the other services. */
export interface StoreDeps {
  db: Db;
  now(): Date;
  services: Services;
}

/**
 * One store per collection (STYLE rule 12): only its store names a collection, and this registry is
 * how handlers reach stores (`await ctx.services.store("users")`). Each store module is imported on
 * first use, so a function loads only the stores it touches. The credit ledger's collections
 * (credit_accounts, transactions, reservations) are one aggregate, reached through `services.ledger()`.
 */
export const storeFactories = {
  users: (d: StoreDeps) => import("./core/users/users-store").then((m) => new m.UsersStore(d.db)),
  apiKeys: (d: StoreDeps) => import("./core/auth/api-keys-store").then((m) => new m.ApiKeysStore(d.db)),
  ideas: (d: StoreDeps) => import("./api/ideas/ideas-store").then((m) => new m.IdeasStore(d.db)),
  billingCustomers: (d: StoreDeps) => import("./api/billing/billing-customers-store").then((m) => new m.BillingCustomersStore(d.db)),
  checkouts: (d: StoreDeps) => import("./core/payments/checkouts-store").then((m) => new m.CheckoutsStore(d.db)),
  payments: (d: StoreDeps) => import("./core/payments/payments-store").then((m) => new m.PaymentsStore(d.db)),
  subscriptions: (d: StoreDeps) => import("./core/payments/subscriptions-store").then((m) => new m.SubscriptionsStore(d.db)),
  webhookEvents: (d: StoreDeps) => import("./core/payments/webhook-events-store").then((m) => new m.MongoWebhookEventsStore(d.db)),
  idempotency: (d: StoreDeps) => import("./core/idempotency/idempotency-store").then((m) => new m.IdempotencyStore(d.db, d.now)),
  teams: (d: StoreDeps) => import("./core/teams/teams-store").then((m) => new m.TeamsStore(d.db, d.now)),
  teamInvitations: (d: StoreDeps) => import("./api/teams/team-invitations-store").then((m) => new m.TeamInvitationsStore(d.db, d.now)),
  projects: (d: StoreDeps) => import("./api/projects/projects-store").then((m) => new m.ProjectsStore(d.db, d.now)),
  // Typed: it reads another store through the registry, which TypeScript cannot infer from itself.
  prompts: (d: StoreDeps): Promise<PromptsStore> =>
    import("./api/prompts/prompts-store").then((m) => new m.PromptsStore(d.db, d.now, () => d.services.store("teams"))),
  usage: (d: StoreDeps) => import("./core/usage/usage-store").then((m) => new m.UsageStore(d.db, d.now)),
  llmHealth: (d: StoreDeps) => import("./core/llm/llm-health-store").then((m) => new m.LlmHealthStore(d.db)),
  auditLog: (d: StoreDeps) => import("./core/audit/audit-log-store").then((m) => new m.AuditLogStore(d.db)),
  usageCounters: (d: StoreDeps) => import("./core/limits/usage-counters-store").then((m) => new m.UsageCountersStore(d.db, d.now)),
  ledgerDrift: (d: StoreDeps) => import("./core/credits/ledger-drift-store").then((m) => new m.LedgerDriftStore(d.db)),
  vaultKeys: (d: StoreDeps) => import("./core/vault/vault-keys-store").then((m) => new m.VaultKeysStore(d.db)),
  vault: async (d: StoreDeps) => {
    const [m, keyring, keys] = await Promise.all([
      import("./api/vault/vault-store"),
      import("./core/vault/vault-keyring"),
      d.services.store("vaultKeys"),
    ]);
    return new m.VaultStore(d.db, keys, keyring.getVaultKeyring);
  },
  events: (d: StoreDeps) => import("./core/events/events-store").then((m) => new m.EventsStore(d.db, d.now)),
  analyticsRollups: (d: StoreDeps) => import("./core/analytics/rollups-store").then((m) => new m.RollupsStore(d.db)),
  analyticsState: (d: StoreDeps) => import("./core/analytics/analytics-state-store").then((m) => new m.AnalyticsStateStore(d.db, d.now)),
  analyticsFindings: (d: StoreDeps) => import("./core/analytics/findings-store").then((m) => new m.FindingsStore(d.db, d.now)),
  analyticsDaily: (d: StoreDeps) => import("./core/analytics/daily-rollups-store").then((m) => new m.DailyRollupsStore(d.db)),
  activity: (d: StoreDeps) => import("./core/analytics/activity-store").then((m) => new m.ActivityStore(d.db)),
  notifications: (d: StoreDeps) => import("./core/notifications/notifications-store").then((m) => new m.NotificationsStore(d.db, d.now)),
  notificationPreferences: (d: StoreDeps) =>
    import("./core/notifications/notification-preferences-store").then((m) => new m.NotificationPreferencesStore(d.db, d.now)),
  pushDevices: (d: StoreDeps) => import("./core/notifications/push-devices-store").then((m) => new m.PushDevicesStore(d.db, d.now)),
  pushDeliveries: (d: StoreDeps) =>
    import("./core/notifications/push-deliveries-store").then((m) => new m.PushDeliveriesStore(d.db, d.now)),
  webhookEndpoints: (d: StoreDeps) =>
    import("./core/outgoing-webhooks/webhook-endpoints-store").then((m) => new m.WebhookEndpointsStore(d.db, d.now)),
  webhookMessages: (d: StoreDeps) =>
    import("./core/outgoing-webhooks/webhook-messages-store").then((m) => new m.WebhookMessagesStore(d.db, d.now)),
  jobLocks: (d: StoreDeps) => import("./core/jobs/job-locks-store").then((m) => new m.JobLocksStore(d.db, d.now)),
  // Marketplace and partnerships (core/marketplace: the purchase saga, the sweep and the payout run use them).
  listings: (d: StoreDeps) => import("./core/marketplace/listings-store").then((m) => new m.ListingsStore(d.db, d.now)),
  licences: (d: StoreDeps) => import("./core/marketplace/licences-store").then((m) => new m.LicencesStore(d.db, d.now)),
  purchases: (d: StoreDeps) => import("./core/marketplace/purchases-store").then((m) => new m.PurchasesStore(d.db, d.now)),
  reviews: (d: StoreDeps) => import("./core/marketplace/reviews-store").then((m) => new m.ReviewsStore(d.db, d.now)),
  bundles: (d: StoreDeps) => import("./core/marketplace/bundles-store").then((m) => new m.BundlesStore(d.db, d.now)),
  earnings: (d: StoreDeps) => import("./core/marketplace/earnings-store").then((m) => new m.EarningsStore(d.db, d.now)),
  payouts: (d: StoreDeps) => import("./core/marketplace/payouts-store").then((m) => new m.PayoutsStore(d.db, d.now)),
  marketplaceAccounts: (d: StoreDeps) =>
    import("./core/marketplace/marketplace-accounts-store").then((m) => new m.MarketplaceAccountsStore(d.db, d.now)),
  partners: (d: StoreDeps) => import("./core/marketplace/partners-store").then((m) => new m.PartnersStore(d.db, d.now)),
};

export type StoreName = keyof typeof storeFactories;
export type Stores = { [K in StoreName]: Awaited<ReturnType<(typeof storeFactories)[K]>> };
