import type { EffectiveRole } from "../../core/access/access-policy";
import type { TeamDoc } from "../../core/teams/teams-store";
import type { InvitationDoc } from "./team-invitations-store";

/** An invitation as team admins see it (never its token). */
export function toInvitationSummary(i: InvitationDoc, now: Date) {
  return {
    id: i._id.toHexString(),
    teamId: i.team_id.toHexString(),
    email: i.email,
    role: i.role,
    state: i.state === "pending" && i.expires_at <= now ? ("expired" as const) : i.state,
    invitedBy: i.invited_by,
    expiresAt: i.expires_at.toISOString(),
    createdAt: i.created_at.toISOString(),
    respondedAt: i.responded_at?.toISOString() ?? null,
    revokedAt: i.revoked_at?.toISOString() ?? null,
  };
}

/** For a caller who can see the team (role "none" never reaches a view). */
export const toTeamView = (t: TeamDoc, role: EffectiveRole) => ({
  id: t._id.toHexString(),
  name: t.name,
  ownerUid: t.owner_uid,
  yourRole: role as Exclude<EffectiveRole, "none">,
  createdAt: t.created_at.toISOString(),
});
