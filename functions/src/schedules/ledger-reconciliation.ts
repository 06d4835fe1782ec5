import { reconcileLedger } from "../core/credits/reconciliation";
import type { Services } from "../services";

/** Daily: every account's balances against the sum of its entries; drift is recorded, never fixed. */
export async function runLedgerReconciliation(runId: string, services: Services): Promise<Record<string, unknown>> {
  const [ledger, drift] = await Promise.all([services.ledger(), services.store("ledgerDrift")]);
  return { ...(await reconcileLedger(ledger, drift, () => services.now(), runId)) };
}
