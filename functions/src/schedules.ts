import type { ScheduleSpec } from "./platform/define-schedule";
import { MONGODB_URI, STRIPE_SECRET_KEY } from "./platform/params";

/** The scheduled jobs, like routes.ts for HTTP: each becomes one exported Cloud Function; a job gets its run id and the services. */
export const schedules = {
  creditsSweep: {
    schedule: "*/5 * * * *",
    secrets: [MONGODB_URI],
    job: () => import("./schedules/credits-sweep").then((m) => m.runCreditsSweep),
  },
  marketplaceSweep: {
    schedule: "*/5 * * * *",
    secrets: [MONGODB_URI],
    job: () => import("./schedules/marketplace-sweep").then((m) => m.runMarketplaceSweep),
  },
  payoutRun: {
    schedule: "41 6 * * *",
    secrets: [MONGODB_URI, STRIPE_SECRET_KEY],
    timeoutSeconds: 540,
    job: () => import("./schedules/payout-run").then((m) => m.runPayoutRun),
  },
  ledgerReconciliation: {
    schedule: "17 3 * * *",
    secrets: [MONGODB_URI],
    timeoutSeconds: 1800,
    job: () => import("./schedules/ledger-reconciliation").then((m) => m.runLedgerReconciliation),
  },
  analyticsRollup: {
    schedule: "*/15 * * * *",
    secrets: [MONGODB_URI],
    timeoutSeconds: 540,
    job: () => import("./schedules/analytics-rollup").then((m) => m.runAnalyticsRollup),
  },
  analyticsReconciliation: {
    schedule: "7 * * * *",
    secrets: [MONGODB_URI],
    timeoutSeconds: 540,
    job: () => import("./schedules/analytics-reconciliation").then((m) => m.runAnalyticsReconciliation),
  },
  analyticsRetention: {
    schedule: "41 4 * * *",
    secrets: [MONGODB_URI],
    timeoutSeconds: 540,
    job: () => import("./schedules/analytics-retention").then((m) => m.runAnalyticsRetention),
  },
  // Every minute, for up to ~50 s: the outbox's fan-out, webhook deliveries and push (one run at a time).
  notificationsDispatch: {
    schedule: "* * * * *",
    secrets: [MONGODB_URI],
    timeoutSeconds: 120,
    job: () => import("./schedules/notifications-dispatch").then((m) => m.runNotificationsDispatch),
  },
} satisfies Record<string, ScheduleSpec>;
