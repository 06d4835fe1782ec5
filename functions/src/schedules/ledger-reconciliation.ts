import { MongoCreditLedger } from "../core/credits/ledger";
import { reconcileLedger } from "../core/credits/reconciliation";
import { getDb } from "../platform/mongo";

/** Daily: every account's balances against the sum of its entries; drift is recorded, never fixed. */
export async function runLedgerReconciliation(runId: string): Promise<Record<string, unknown>> {
  const db = await getDb();
  const result = await reconcileLedger(db, new MongoCreditLedger(db), () => new Date(), runId);
  return { ...result };
}
