import type { ObjectId } from "mongodb";
import { userTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { HttpError } from "../../platform/http-error";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { OperationContext } from "../../platform/operation";
import type { InvitationResponseInput } from "./teams.schema";
import { countSeats, sha256, teamSeats, teamsOf } from "./teams-store";

/**
 * Accepts or declines an invitation by its token, for the signed-in user whose verified email is the
 * invited one. Accepting takes one of the team owner's tier's seats atomically (403
 * `tier_limit_reached` when none is left). Membership is written before the invitation is closed, so
 * a crash in between leaves a pending invitation that a retry completes (the membership upsert is
 * idempotent); if the invitation was revoked in between, the membership this call added is undone.
 */
export async function respondInvitation(ctx: OperationContext<unknown, unknown, InvitationResponseInput>) {
  const db = await ctx.services.db();
  const { teams, members, invitations } = teamsOf(db);
  const now = ctx.services.now();
  const invitation = await invitations.findOne({ token_hash: sha256(ctx.body.token), state: "pending", expires_at: { $gt: now } });
  if (!invitation) throw new HttpError(404, "invitation_not_found", "No pending invitation has this token (it may have expired, been revoked or been used)");
  if (!ctx.caller.emailVerified || ctx.caller.email?.toLowerCase() !== invitation.email) {
    throw new HttpError(403, "invitation_email_mismatch", "This invitation is for another (verified) email address");
  }
  const teamId = invitation.team_id;
  let joined: ObjectId | null = null;
  if (ctx.body.decision === "accept") {
    const team = await teams.findOne({ _id: teamId });
    if (!team) throw new HttpError(404, "invitation_not_found", "The team of this invitation no longer exists");
    if (team.owner_uid !== ctx.caller.uid && !(await members.findOne({ team_id: teamId, uid: ctx.caller.uid }))) {
      await takeTierSlot(ctx.services, "teamSeats", await userTier(ctx.services, team.owner_uid), { scope: teamSeats(teamId), countExisting: countSeats(db, teamId) });
      try {
        const res = await members.updateOne(
          { team_id: teamId, uid: ctx.caller.uid },
          { $setOnInsert: { team_id: teamId, uid: ctx.caller.uid, role: invitation.role, joined_at: now } },
          { upsert: true },
        );
        joined = res.upsertedCount === 1 ? res.upsertedId : null;
      } catch (err) {
        // A concurrent accept won the upsert race on the unique (team_id, uid) index: already a member.
        if (!isDuplicateKey(err)) {
          await releaseTierSlot(ctx.services, "teamSeats", teamSeats(teamId));
          throw err;
        }
      }
      if (!joined) await releaseTierSlot(ctx.services, "teamSeats", teamSeats(teamId));
    }
  }
  const closed = await invitations.updateOne(
    { _id: invitation._id, state: "pending" },
    { $set: { state: ctx.body.decision === "accept" ? "accepted" : "declined", responded_by: ctx.caller.uid, responded_at: now } },
  );
  if (closed.modifiedCount === 0) {
    const current = await invitations.findOne({ _id: invitation._id });
    if (current?.state === "revoked") {
      if (joined) {
        await members.deleteOne({ _id: joined, team_id: teamId, uid: ctx.caller.uid });
        await releaseTierSlot(ctx.services, "teamSeats", teamSeats(teamId));
      }
      throw new HttpError(409, "invitation_revoked", "This invitation was revoked in the meantime");
    }
    if (ctx.body.decision === "decline") throw new HttpError(409, "invitation_already_answered", "This invitation was answered in the meantime");
  }
  return { teamId: teamId.toHexString(), decision: ctx.body.decision, role: invitation.role };
}
