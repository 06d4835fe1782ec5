import type { Db } from "mongodb";
import { log } from "../../platform/logger";
import type { CreditAccount, LedgerEntry } from "./ledger-types";
import type { MongoCreditLedger } from "./ledger";

export interface DriftRecord {
  user_id: string;
  balance: number;
  reserved: number;
  ledger_balance: number;
  ledger_reserved: number;
  detected_at: Date;
  run_id: string;
}

/**
 * Recomputes every account's balances from its entries and records any difference in `ledger_drift`
 * (and an error log admins are alerted on). It never changes a balance: drift means a bug or a manual
 * edit, and money is corrected by a person with an `adjust` entry, not silently.
 */
export async function reconcileLedger(db: Db, ledger: MongoCreditLedger, now: () => Date, runId: string): Promise<{ accounts: number; drifted: number }> {
  const accounts = db.collection<CreditAccount>("credit_accounts");
  const entries = db.collection<LedgerEntry>("transactions");
  let checked = 0;
  let drifted = 0;
  for await (const account of accounts.find({}, { projection: { user_id: 1, pending: 1 } })) {
    checked++;
    if (account.pending?.length) await ledger.finishPending(account.user_id);
    // Compare only a quiet snapshot: the account unchanged while its entries were summed (an
    // operation in flight would otherwise look like drift). Busy accounts are checked next run.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await accounts.findOne({ user_id: account.user_id });
      if (!before) break;
      const [sums] = await entries
        .aggregate<{ available: number; reserved: number }>([
          { $match: { user_id: account.user_id } },
          { $group: { _id: null, available: { $sum: "$delta_available" }, reserved: { $sum: "$delta_reserved" } } },
        ])
        .toArray();
      const after = await accounts.findOne({ user_id: account.user_id });
      if (!after || after.rev !== before.rev || after.pending.length > 0) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const ledgerBalance = sums?.available ?? 0;
      const ledgerReserved = sums?.reserved ?? 0;
      if (after.balance !== ledgerBalance || after.reserved !== ledgerReserved) {
        drifted++;
        const record: DriftRecord = {
          user_id: account.user_id,
          balance: after.balance,
          reserved: after.reserved,
          ledger_balance: ledgerBalance,
          ledger_reserved: ledgerReserved,
          detected_at: now(),
          run_id: runId,
        };
        await db.collection<DriftRecord>("ledger_drift").insertOne(record);
        log.error("ledger_drift_detected", { ...record });
      }
      break;
    }
  }
  log.info("ledger_reconciled", { accounts: checked, drifted, runId });
  return { accounts: checked, drifted };
}
