import type { Db } from "mongodb";

/** An append-only record of privileged or destructive actions: who, what, on whom, why, when. */
export interface AuditEntry {
  action: string;
  actor_uid: string;
  target_uid?: string;
  request_id: string;
  reason?: string;
  data?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.collection<AuditEntry>("audit_log").insertOne({ ...entry });
}
