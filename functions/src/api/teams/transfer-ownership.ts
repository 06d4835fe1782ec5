import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { TransferInput } from "./teams.schema";

/** Makes a member the owner; the previous owner stays as an admin (the steps: TeamsStore.transferOwnership). */
export async function transferOwnership(ctx: OperationContext<{ teamId: string }, unknown, TransferInput>) {
  const teams = await ctx.services.store("teams");
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require("own", "Team");
  if (ctx.body.uid === ctx.caller.uid) throw new HttpError(409, "already_owner", "You already own this team");
  if (!(await teams.isMember(teamId, ctx.body.uid))) {
    throw new HttpError(409, "not_a_member", "Ownership can only go to a current member of the team");
  }
  if (!(await teams.transferOwnership(teamId, ctx.caller.uid, ctx.body.uid))) {
    throw new HttpError(409, "ownership_changed", "Ownership changed in the meantime");
  }
  return { teamId: ctx.params.teamId, uid: ctx.body.uid, role: "owner" as const };
}
