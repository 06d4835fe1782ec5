import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { teamsOf } from "./teams-store";

/** Removes a member (admins and the owner), or leaves the team (the caller's own uid). */
export async function removeMember(ctx: OperationContext<{ teamId: string; uid: string }>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const roles = mongoTeamRoles(db);
  const leaving = ctx.params.uid === ctx.caller.uid;
  const access = (await accessTo(roles, ctx.caller, { kind: "team", teamId })).require(leaving ? "read" : "manage", "Team");
  if (leaving && access.role === "owner") {
    throw new HttpError(409, "owner_cannot_leave", "The owner cannot leave the team; transfer ownership first");
  }
  if (!leaving && (await roles.roleIn(teamId, ctx.params.uid)) === "owner") {
    throw new HttpError(403, "owner_not_removable", "The owner cannot be removed; ownership can only be transferred");
  }
  const res = await teamsOf(db).members.deleteOne({ team_id: teamId, uid: ctx.params.uid });
  if (res.deletedCount === 0) throw notFound("Member");
  return { teamId: ctx.params.teamId, uid: ctx.params.uid, role: null };
}
