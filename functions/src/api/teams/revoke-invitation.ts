import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { TeamInvitationParams } from "./teams.schema";
import { toInvitationSummary } from "./team-views";

/** Revokes a pending invitation (admins): its token stops working at once. */
export async function revokeInvitation(ctx: OperationContext<TeamInvitationParams>) {
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(await ctx.services.store("teams"), ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const invitations = await ctx.services.store("teamInvitations");
  const id = toObjectId(ctx.params.invitationId, "Invitation");
  const revoked = await invitations.revoke(id, teamId, ctx.caller.uid);
  if (revoked) return toInvitationSummary(revoked, ctx.services.now());
  const existing = await invitations.find(id, teamId);
  if (!existing) throw notFound("Invitation");
  throw new HttpError(409, "invitation_already_answered", `This invitation is already ${existing.state}`);
}
