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
} satisfies Record<string, ScheduleSpec>;
