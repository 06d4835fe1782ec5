import { createHash } from "node:crypto";
import type { Db, ObjectId } from "mongodb";
import type { EffectiveRole, MemberRole } from "../../core/access/access-policy";

export interface TeamDoc {
  _id: ObjectId;
  name: string;
  /** The one owner; transfer moves it. Members hold every other role in team_members. */
  owner_uid: string;
  created_at: Date;
  updated_at: Date;
}
export interface TeamMemberDoc {
  _id: ObjectId;
  team_id: ObjectId;
  uid: string;
  role: MemberRole;
  joined_at: Date;
}
export interface InvitationDoc {
  _id: ObjectId;
  team_id: ObjectId;
  email: string;
  role: MemberRole;
  token_hash: string;
  state: "pending" | "accepted" | "declined" | "revoked";
  invited_by: string;
  expires_at: Date;
  created_at: Date;
  responded_by?: string;
  responded_at?: Date;
  /** Who revoked it: a team admin, or the system (`removed:<uid>`) when a member left or was removed. */
  revoked_by?: string;
  revoked_at?: Date;
}

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export const teamsOf = (db: Db) => ({
  teams: db.collection<TeamDoc>("teams"),
  members: db.collection<TeamMemberDoc>("team_members"),
  invitations: db.collection<InvitationDoc>("team_invitations"),
});

/** A team's seats: the owner and every member. */
export const teamSeats = (teamId: ObjectId) => ({ kind: "team" as const, teamId });
export const countSeats = (db: Db, teamId: ObjectId) => async () => 1 + (await teamsOf(db).members.countDocuments({ team_id: teamId }));

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
