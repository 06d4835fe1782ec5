import type { Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";

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

/**
 * Records an action whose steps may be finished by a retry after a crash: `id` is derived from what
 * the action is about, so however many attempts reach this point, it is recorded once.
 */
export async function recordAuditOnce(db: Db, id: ObjectId, entry: AuditEntry): Promise<void> {
  try {
    await db.collection<AuditEntry & { _id: ObjectId }>("audit_log").insertOne({ _id: id, ...entry });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
