import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { AdminCreditsInput } from "./admin.schema";
import { toLedgerEntryView } from "../../core/credits/ledger-view";
import type { UidParams } from "./admin.schema";
import { findAuthUser } from "./get-user";
import { recordEvent } from "../../core/events/record-event";
import { noteDebit } from "../../core/notifications/low-balance";

const MAX_EXPIRY_MS = 2 * 365 * 86_400_000;

/**
 * Grants or adjusts a user's credits, with a reason, audited; idempotent by the given key per admin
 * and target user (the same key with a different type or amount is a 409, like Stripe's).
 */
export async function creditUser(ctx: OperationContext<UidParams, unknown, AdminCreditsInput>) {
  const { uid } = ctx.params;
  const { type, amount, reason, expiresAt, idempotencyKey } = ctx.body;
  const now = ctx.services.now();
  const expiry = expiresAt ? new Date(expiresAt) : undefined;
  if (expiry && (expiry <= now || expiry.getTime() - now.getTime() > MAX_EXPIRY_MS)) {
    throw new HttpError(400, "validation_failed", "Invalid request: body.expiresAt", {
      details: { fields: [{ field: "body.expiresAt", code: "out_of_range", message: "must be in the future and within 2 years" }] },
    });
  }
  if (!(await findAuthUser(await ctx.services.auth(), uid))) throw new HttpError(404, "not_found", "User not found");
  const ledger = await ctx.services.ledger();
  // Scoped by admin and target: the same client key sent for another user is another grant.
  const key = `admin:${ctx.caller.uid}:${uid}:${idempotencyKey ?? ctx.services.newId()}`;
  const input = {
    uid,
    amount,
    idempotencyKey: key,
    actor: ctx.caller.uid,
    reason,
    cause: { kind: "admin", id: ctx.requestId },
    expiresAt: expiry,
  };
  const result = type === "grant" ? await ledger.grant(input) : await ledger.adjust(input);
  if (result.duplicate && (result.entry.user_id !== uid || result.entry.type !== type || result.entry.delta_available !== amount)) {
    throw new HttpError(409, "idempotency_key_reused", "This idempotency key was used for a different credit change; use a new key", {
      details: { entry: result.entry._id.toHexString() },
    });
  }
  if (!result.duplicate) {
    await (
      await ctx.services.store("auditLog")
    ).record({
      action: `credits.${type}`,
      actor_uid: ctx.caller.uid,
      target_uid: uid,
      request_id: ctx.requestId,
      reason,
      data: { amount, expiresAt: expiry, entry: result.entry._id.toHexString() },
      at: now,
    });
    log.info("admin_credits_applied", { actor: ctx.caller.uid, target: uid, type, amount, requestId: ctx.requestId });
  }
  // Also on a duplicate: the first attempt may have stopped between the grant and its event.
  await recordEvent(ctx.services, {
    type: "credits.granted",
    dedupeKey: key,
    occurredAt: result.entry.created_at,
    subject: { uid },
    data: { source: "admin", credits: amount, expiresAt: expiry ?? null },
  });
  if (result.entry.delta_available < 0) await noteDebit(ctx.services, result.entry);
  const account = await ledger.account(uid);
  return { uid, entry: toLedgerEntryView(result.entry), duplicate: result.duplicate, credits: account.balance, reserved: account.reserved };
}
