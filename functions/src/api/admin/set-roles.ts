import { rolesFromClaims } from "../../core/auth/roles";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { SetRolesInput, UidParams } from "./admin.schema";
import { findAuthUser } from "./get-user";

/**
 * Sets a user's roles (the `roles` custom claim, other claims kept). Removing a role revokes the
 * user's refresh tokens, so ID tokens that still carry it are rejected at once (we verify with
 * revocation checks) instead of working until they expire. An admin cannot remove their own admin
 * role: that is how a project loses its last admin.
 */
export async function setRoles(ctx: OperationContext<UidParams, unknown, SetRolesInput>) {
  const { uid } = ctx.params;
  const roles = [...ctx.body.roles].sort();
  if (uid === ctx.caller.uid && !roles.includes("admin")) {
    throw new HttpError(409, "cannot_remove_own_admin", "You cannot remove your own admin role; ask another admin");
  }
  const auth = await ctx.services.auth();
  const account = await findAuthUser(auth, uid);
  if (!account) throw notFound("User");
  const claims = account.customClaims ?? {};
  const before = rolesFromClaims(claims);
  await auth.setCustomUserClaims(uid, { ...claims, roles });
  const removed = before.filter((r) => !roles.includes(r));
  if (removed.length) await auth.revokeRefreshTokens(uid);

  const now = ctx.services.now();
  await (await ctx.services.store("users")).setRoles(uid, roles, now);
  await (
    await ctx.services.store("auditLog")
  ).record({
    action: "user.roles_set",
    actor_uid: ctx.caller.uid,
    target_uid: uid,
    request_id: ctx.requestId,
    reason: ctx.body.reason,
    data: { before, after: roles },
    at: now,
  });
  log.info("user_roles_set", { actor: ctx.caller.uid, target: uid, before, after: roles, requestId: ctx.requestId });
  return { uid, roles, sessionsRevoked: removed.length > 0 };
}
