import { erasePersonalData } from "../../core/account/erase-personal-data";
import { releaseOwnedTeams } from "../../core/account/owned-teams";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";

/** Deleting an account needs a sign-in this recent, like Firebase's own `requires-recent-login`. */
export const RECENT_LOGIN_SECONDS = 15 * 60;

/** What deletion keeps, and why; returned to the user and listed in docs/api.md. */
export const RETAINED = [
  {
    collection: "transactions",
    reason: "credit ledger entries are kept for accounting and tax law; they hold the uid and amounts, no profile data",
  },
  { collection: "webhook_events", reason: "payment provider events are kept for reconciliation and dispute handling" },
  { collection: "audit_log", reason: "the record that this account was deleted, and by whom" },
];

/**
 * Deletes the caller's account: personal data in MongoDB first, then the Firebase Auth user (which
 * ends every session: verifyIdToken with revocation checks rejects tokens of a deleted user). If the
 * Auth step fails, the call can be repeated; a profile recreated in between holds no old data.
 */
export async function deleteMe(ctx: OperationContext) {
  const { caller, services } = ctx;
  const now = services.now();
  if (now.getTime() / 1000 - caller.authTime > RECENT_LOGIN_SECONDS) {
    throw new HttpError(403, "recent_login_required", "Sign in again (within 15 minutes) to delete your account");
  }
  const audit = await services.store("auditLog");
  await releaseOwnedTeams(services, caller.uid);
  await audit.record({
    action: "account.delete_requested",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    at: now,
  });
  // Every registered collection: profile, billing customer, checkouts, API keys, vault items and key.
  await erasePersonalData(services, caller.uid);
  const auth = await services.auth();
  try {
    await auth.deleteUser(caller.uid);
  } catch (err) {
    if ((err as { code?: string }).code !== "auth/user-not-found") throw err;
  }
  await audit.record({
    action: "account.deleted",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    at: services.now(),
  });
  log.info("account_deleted", { uid: caller.uid, requestId: ctx.requestId });
  return { deleted: true as const, uid: caller.uid, retained: RETAINED };
}
