import type { ObjectId } from "mongodb";
import { userTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { InvitationResponseInput } from "./teams.schema";

/**
 * Accepts or declines an invitation by its token, for the signed-in user whose verified email is the
 * invited one. Accepting takes one of the team owner's tier's seats atomically (403
 * `tier_limit_reached` when none is left). Membership is written before the invitation is closed, so
 * a crash in between leaves a pending invitation that a retry completes (the membership upsert is
 * idempotent); if the invitation was revoked in between, the membership this call added is undone.
 */
export async function respondInvitation(ctx: OperationContext<unknown, unknown, InvitationResponseInput>) {
  const [teams, invitations] = await Promise.all([ctx.services.store("teams"), ctx.services.store("teamInvitations")]);
  const invitation = await invitations.findPending(ctx.body.token, ctx.services.now());
  if (!invitation) {
    throw new HttpError(
      404,
      "invitation_not_found",
      "No pending invitation has this token (it may have expired, been revoked or been used)",
    );
  }
  if (!ctx.caller.emailVerified || ctx.caller.email?.toLowerCase() !== invitation.email) {
    throw new HttpError(403, "invitation_email_mismatch", "This invitation is for another (verified) email address");
  }
  const teamId = invitation.team_id;
  const seats = { kind: "team" as const, teamId };
  let joined: ObjectId | null = null;
  if (ctx.body.decision === "accept") {
    const team = await teams.find(teamId);
    if (!team) throw new HttpError(404, "invitation_not_found", "The team of this invitation no longer exists");
    if (team.owner_uid !== ctx.caller.uid && !(await teams.isMember(teamId, ctx.caller.uid))) {
      const tier = await userTier(ctx.services, team.owner_uid);
      await takeTierSlot(ctx.services, "teamSeats", tier, { scope: seats, countExisting: () => teams.countSeats(teamId) });
      try {
        // null: already a member (a concurrent accept won the race), so the seat goes back.
        joined = await teams.join(teamId, ctx.caller.uid, invitation.role);
      } catch (err) {
        await releaseTierSlot(ctx.services, "teamSeats", seats);
        throw err;
      }
      if (!joined) await releaseTierSlot(ctx.services, "teamSeats", seats);
    }
  }
  if (!(await invitations.answer(invitation._id, ctx.body.decision, ctx.caller.uid))) {
    const current = await invitations.find(invitation._id);
    if (current?.state === "revoked") {
      if (joined) {
        await teams.undoJoin(joined, teamId, ctx.caller.uid);
        await releaseTierSlot(ctx.services, "teamSeats", seats);
      }
      throw new HttpError(409, "invitation_revoked", "This invitation was revoked in the meantime");
    }
    if (ctx.body.decision === "decline") {
      throw new HttpError(409, "invitation_already_answered", "This invitation was answered in the meantime");
    }
  }
  return { teamId: teamId.toHexString(), decision: ctx.body.decision, role: invitation.role };
}
