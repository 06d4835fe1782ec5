import type { Collection, Db } from "mongodb";

/** An account whose balances differed from the sums of its entries when a reconciliation run checked it. */
export interface DriftRecord {
  user_id: string;
  balance: number;
  reserved: number;
  ledger_balance: number;
  ledger_reserved: number;
  detected_at: Date;
  run_id: string;
}

/** `ledger_drift`: what reconciliation found, for a person to correct with an `adjust` entry. */
export class LedgerDriftStore {
  private readonly records: Collection<DriftRecord>;

  constructor(db: Db) {
    this.records = db.collection<DriftRecord>("ledger_drift");
  }

  async record(record: DriftRecord): Promise<void> {
    await this.records.insertOne({ ...record });
  }
}
