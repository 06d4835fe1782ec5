import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { UpdateMemberInput } from "./teams.schema";
import { teamsOf } from "./teams-store";

export async function updateMember(ctx: OperationContext<{ teamId: string; uid: string }, unknown, UpdateMemberInput>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const roles = mongoTeamRoles(db);
  (await accessTo(roles, ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  if ((await roles.roleIn(teamId, ctx.params.uid)) === "owner") {
    throw new HttpError(403, "owner_role_fixed", "The owner's role changes only by transferring ownership");
  }
  const res = await teamsOf(db).members.updateOne({ team_id: teamId, uid: ctx.params.uid }, { $set: { role: ctx.body.role } });
  if (res.matchedCount === 0) throw notFound("Member");
  return { teamId: ctx.params.teamId, uid: ctx.params.uid, role: ctx.body.role };
}
