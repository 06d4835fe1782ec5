import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { TeamInvitationParams } from "./teams.schema";
import { teamsOf, toInvitationSummary } from "./teams-store";

/** Revokes a pending invitation (admins): its token stops working at once. */
export async function revokeInvitation(ctx: OperationContext<TeamInvitationParams>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const { invitations } = teamsOf(db);
  const id = toObjectId(ctx.params.invitationId, "Invitation");
  const now = ctx.services.now();
  const revoked = await invitations.findOneAndUpdate(
    { _id: id, team_id: teamId, state: "pending" },
    { $set: { state: "revoked", revoked_by: ctx.caller.uid, revoked_at: now } },
    { returnDocument: "after" },
  );
  if (revoked) return toInvitationSummary(revoked, now);
  const existing = await invitations.findOne({ _id: id, team_id: teamId });
  if (!existing) throw notFound("Invitation");
  throw new HttpError(409, "invitation_already_answered", `This invitation is already ${existing.state}`);
}
