import { log } from "../../platform/logger";
import type { DriftRecord, LedgerDriftStore } from "./ledger-drift-store";
import type { CreditLedger } from "./ledger-types";

/**
 * Compares every account's balances with the sums of its entries and records any difference in
 * `ledger_drift` (and an error log admins are alerted on). It never changes a balance: drift means a
 * bug or a manual edit, and money is corrected by a person with an `adjust` entry, not silently.
 */
export async function reconcileLedger(
  ledger: CreditLedger,
  drift: LedgerDriftStore,
  now: () => Date,
  runId: string,
): Promise<{ accounts: number; drifted: number }> {
  let checked = 0;
  let drifted = 0;
  for await (const check of ledger.balanceChecks()) {
    checked++;
    // Busy all along: checked on the next run.
    if (!check.quiet) continue;
    if (check.balance !== check.ledgerBalance || check.reserved !== check.ledgerReserved) {
      drifted++;
      const record: DriftRecord = {
        user_id: check.uid,
        balance: check.balance,
        reserved: check.reserved,
        ledger_balance: check.ledgerBalance,
        ledger_reserved: check.ledgerReserved,
        detected_at: now(),
        run_id: runId,
      };
      await drift.record(record);
      log.error("ledger_drift_detected", { ...record });
    }
  }
  log.info("ledger_reconciled", { accounts: checked, drifted, runId });
  return { accounts: checked, drifted };
}
