import type { Collection, Db, ObjectId } from "mongodb";
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

/** `audit_log`: appended to, never changed (account deletion keeps it, see delete-me.ts). */
export class AuditLogStore {
  private readonly entries: Collection<AuditEntry & { _id?: ObjectId }>;

  constructor(db: Db) {
    this.entries = db.collection<AuditEntry & { _id?: ObjectId }>("audit_log");
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.entries.insertOne({ ...entry });
  }

  /**
   * Records an action whose steps may be finished by a retry after a crash: `id` is derived from what
   * the action is about, so however many attempts reach this point, it is recorded once.
   */
  async recordOnce(id: ObjectId, entry: AuditEntry): Promise<void> {
    try {
      await this.entries.insertOne({ _id: id, ...entry });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
