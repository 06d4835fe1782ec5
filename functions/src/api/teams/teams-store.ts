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
  state: "pending" | "accepted" | "declined";
  invited_by: string;
  expires_at: Date;
  created_at: Date;
}

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

export const teamsOf = (db: Db) => ({
  teams: db.collection<TeamDoc>("teams"),
  members: db.collection<TeamMemberDoc>("team_members"),
  invitations: db.collection<InvitationDoc>("team_invitations"),
});

/** For a caller who can see the team (role "none" never reaches a view). */
export const toTeamView = (t: TeamDoc, role: EffectiveRole) => ({
  id: t._id.toHexString(),
  name: t.name,
  ownerUid: t.owner_uid,
  yourRole: role as Exclude<EffectiveRole, "none">,
  createdAt: t.created_at.toISOString(),
});
