import { EXPORT_NOTES, exportPersonalData } from "../../core/account/export-personal-data";
import { recordAudit } from "../../core/audit/audit-log";
import type { OperationContext } from "../../platform/operation";

/** The caller's data from every collection registered in personal-data.ts (audited). */
export async function exportMe(ctx: OperationContext) {
  const { caller, services } = ctx;
  const db = await services.db();
  const collections = await exportPersonalData(db, caller.uid);
  const now = services.now();
  await recordAudit(db, { action: "account.exported", actor_uid: caller.uid, target_uid: caller.uid, request_id: ctx.requestId, at: now });
  return { uid: caller.uid, exportedAt: now.toISOString(), notes: EXPORT_NOTES, collections };
}
