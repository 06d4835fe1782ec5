import type { Auth } from "firebase-admin/auth";
import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { releaseTierSlot } from "../../core/limits/tier-limits";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";

/**
 * Removes a member (admins and the owner), or leaves the team (the caller's own uid). The member's
 * pending invitations go first — those addressed to them (which would let them back in) and those they
 * sent — then the membership, then its seat; each step is idempotent, so a retry completes a crash.
 */
export async function removeMember(ctx: OperationContext<{ teamId: string; uid: string }>) {
  const teams = await ctx.services.store("teams");
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const leaving = ctx.params.uid === ctx.caller.uid;
  const access = (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require(leaving ? "read" : "manage", "Team");
  if (leaving && access.role === "owner") {
    throw new HttpError(409, "owner_cannot_leave", "The owner cannot leave the team; transfer ownership first");
  }
  const role = await teams.roleIn(teamId, ctx.params.uid);
  if (!leaving && role === "owner") {
    throw new HttpError(403, "owner_not_removable", "The owner cannot be removed; ownership can only be transferred");
  }
  if (role === "none") throw notFound("Member");
  const email = await emailOf(await ctx.services.auth(), ctx.params.uid);
  const revoked = await (await ctx.services.store("teamInvitations")).revokeFor(teamId, ctx.params.uid, email);
  if (await teams.removeMember(teamId, ctx.params.uid)) {
    await releaseTierSlot(ctx.services, "teamSeats", { kind: "team", teamId });
  }
  log.info("team_member_removed", { teamId: ctx.params.teamId, uid: ctx.params.uid, by: ctx.caller.uid, invitationsRevoked: revoked });
  return { teamId: ctx.params.teamId, uid: ctx.params.uid, role: null };
}

async function emailOf(auth: Auth, uid: string): Promise<string | null> {
  try {
    return (await auth.getUser(uid)).email?.toLowerCase() ?? null;
  } catch (err) {
    if ((err as { code?: string }).code === "auth/user-not-found") return null;
    throw err;
  }
}
