import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { UpdateMemberInput } from "./teams.schema";

export async function updateMember(ctx: OperationContext<{ teamId: string; uid: string }, unknown, UpdateMemberInput>) {
  const teams = await ctx.services.store("teams");
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  if ((await teams.roleIn(teamId, ctx.params.uid)) === "owner") {
    throw new HttpError(403, "owner_role_fixed", "The owner's role changes only by transferring ownership");
  }
  if (!(await teams.setRole(teamId, ctx.params.uid, ctx.body.role))) throw notFound("Member");
  return { teamId: ctx.params.teamId, uid: ctx.params.uid, role: ctx.body.role };
}
