import { EXPORT_NOTES, streamPersonalData } from "../../core/account/export-personal-data";
import { StreamReply, type OperationContext } from "../../platform/operation";

/**
 * The caller's data from every collection registered in personal-data.ts (audited), streamed as one
 * JSON document while it is read from the database: an account of any size is exported in bounded
 * memory. A failure part-way ends the body early, leaving JSON that does not parse.
 */
export async function exportMe(ctx: OperationContext) {
  const { caller, services } = ctx;
  const now = services.now();
  await (
    await services.store("auditLog")
  ).record({ action: "account.exported", actor_uid: caller.uid, target_uid: caller.uid, request_id: ctx.requestId, at: now });
  const head = { uid: caller.uid, exportedAt: now.toISOString(), notes: EXPORT_NOTES };
  return new StreamReply((out, signal) => streamPersonalData(services, head, out, signal), "application/json; charset=utf-8");
}
