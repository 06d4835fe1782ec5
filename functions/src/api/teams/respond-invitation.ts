import { HttpError } from "../../platform/http-error";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { OperationContext } from "../../platform/operation";
import type { InvitationResponseInput } from "./teams.schema";
import { sha256, teamsOf } from "./teams-store";

/**
 * Accepts or declines an invitation by its token, for the signed-in user whose verified email is the
 * invited one. Membership is written before the invitation is closed, so a crash in between leaves a
 * pending invitation that a retry completes (the membership upsert is idempotent).
 */
export async function respondInvitation(ctx: OperationContext<unknown, unknown, InvitationResponseInput>) {
  const db = await ctx.services.db();
  const { teams, members, invitations } = teamsOf(db);
  const now = ctx.services.now();
  const invitation = await invitations.findOne({ token_hash: sha256(ctx.body.token), state: "pending", expires_at: { $gt: now } });
  if (!invitation) throw new HttpError(404, "invitation_not_found", "No pending invitation has this token (it may have expired or been used)");
  if (!ctx.caller.emailVerified || ctx.caller.email?.toLowerCase() !== invitation.email) {
    throw new HttpError(403, "invitation_email_mismatch", "This invitation is for another (verified) email address");
  }
  if (ctx.body.decision === "accept") {
    const team = await teams.findOne({ _id: invitation.team_id });
    if (!team) throw new HttpError(404, "invitation_not_found", "The team of this invitation no longer exists");
    if (team.owner_uid !== ctx.caller.uid) {
      // A concurrent accept can lose the upsert race on the unique (team_id, uid) index: already a member.
      await members
        .updateOne(
          { team_id: invitation.team_id, uid: ctx.caller.uid },
          { $setOnInsert: { team_id: invitation.team_id, uid: ctx.caller.uid, role: invitation.role, joined_at: now } },
          { upsert: true },
        )
        .catch((err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
        });
    }
  }
  const closed = await invitations.updateOne(
    { _id: invitation._id, state: "pending" },
    { $set: { state: ctx.body.decision === "accept" ? "accepted" : "declined", responded_by: ctx.caller.uid, responded_at: now } },
  );
  if (closed.modifiedCount === 0 && ctx.body.decision === "decline") {
    throw new HttpError(409, "invitation_already_answered", "This invitation was answered in the meantime");
  }
  return { teamId: invitation.team_id.toHexString(), decision: ctx.body.decision, role: invitation.role };
}
