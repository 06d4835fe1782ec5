import type { Auth } from "firebase-admin/auth";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import { teamSeats, teamsOf } from "./teams-store";

/**
 * Removes a member (admins and the owner), or leaves the team (the caller's own uid). The member's
 * pending invitations go first — those addressed to them (which would let them back in) and those they
 * sent — then the membership, then its seat; each step is idempotent, so a retry completes a crash.
 */
export async function removeMember(ctx: OperationContext<{ teamId: string; uid: string }>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const roles = mongoTeamRoles(db);
  const leaving = ctx.params.uid === ctx.caller.uid;
  const access = (await accessTo(roles, ctx.caller, { kind: "team", teamId })).require(leaving ? "read" : "manage", "Team");
  if (leaving && access.role === "owner") {
    throw new HttpError(409, "owner_cannot_leave", "The owner cannot leave the team; transfer ownership first");
  }
  const role = await roles.roleIn(teamId, ctx.params.uid);
  if (!leaving && role === "owner") {
    throw new HttpError(403, "owner_not_removable", "The owner cannot be removed; ownership can only be transferred");
  }
  if (role === "none") throw notFound("Member");
  const { members, invitations } = teamsOf(db);
  const now = ctx.services.now();
  const email = await emailOf(await ctx.services.auth(), ctx.params.uid);
  const revoked = await invitations.updateMany(
    { team_id: teamId, state: "pending", $or: [{ invited_by: ctx.params.uid }, ...(email ? [{ email }] : [])] },
    { $set: { state: "revoked", revoked_by: `removed:${ctx.params.uid}`, revoked_at: now } },
  );
  const res = await members.deleteOne({ team_id: teamId, uid: ctx.params.uid });
  if (res.deletedCount === 1) await (await ctx.services.store("usageCounters")).release({ scope: teamSeats(teamId), resource: "team_seats" });
  log.info("team_member_removed", { teamId: ctx.params.teamId, uid: ctx.params.uid, by: ctx.caller.uid, invitationsRevoked: revoked.modifiedCount });
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
