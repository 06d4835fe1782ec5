import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { TransferInput } from "./teams.schema";
import { teamsOf } from "./teams-store";

/**
 * Makes a member the owner; the previous owner stays as an admin. Steps, each idempotent: the old
 * owner gets an admin membership (harmless while they still own the team), then the owner field
 * moves (conditional on the caller still owning it), then the new owner's membership row goes.
 */
export async function transferOwnership(ctx: OperationContext<{ teamId: string }, unknown, TransferInput>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("own", "Team");
  const { teams, members } = teamsOf(db);
  if (ctx.body.uid === ctx.caller.uid) throw new HttpError(409, "already_owner", "You already own this team");
  if (!(await members.findOne({ team_id: teamId, uid: ctx.body.uid }))) {
    throw new HttpError(409, "not_a_member", "Ownership can only go to a current member of the team");
  }
  const now = ctx.services.now();
  await members.updateOne(
    { team_id: teamId, uid: ctx.caller.uid },
    { $set: { role: "admin" }, $setOnInsert: { team_id: teamId, uid: ctx.caller.uid, joined_at: now } },
    { upsert: true },
  );
  const moved = await teams.updateOne({ _id: teamId, owner_uid: ctx.caller.uid }, { $set: { owner_uid: ctx.body.uid, updated_at: now } });
  if (moved.matchedCount === 0) throw new HttpError(409, "ownership_changed", "Ownership changed in the meantime");
  await members.deleteOne({ team_id: teamId, uid: ctx.body.uid });
  return { teamId: ctx.params.teamId, uid: ctx.body.uid, role: "owner" as const };
}
