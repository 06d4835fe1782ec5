import { createHash } from "node:crypto";
import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import type { MemberRole } from "../../core/access/access-policy";
import type { HoldsTeamData } from "../../core/account/owned-teams";
import { ownedBy, type HoldsPersonalData } from "../../core/account/personal-data-source";
import type { TimeCursor } from "../../platform/cursor";

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

/** Only a token's hash is stored: the token itself is shown once, to the inviter. */
export const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** What a list of invitations may be narrowed to; `expired` ones are pending ones past their date. */
export type InvitationFilter = "pending" | "expired" | "accepted" | "declined" | "revoked" | "all";

/** `team_invitations`: who was invited to a team, and what became of it. */
export class TeamInvitationsStore implements HoldsPersonalData, HoldsTeamData {
  private readonly invitations: Collection<InvitationDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.invitations = db.collection<InvitationDoc>("team_invitations");
  }

  /** A pending invitation valid for INVITATION_TTL_MS, identified by the hash of `token`. */
  async create(invite: { teamId: ObjectId; email: string; role: MemberRole; token: string; invitedBy: string }): Promise<InvitationDoc> {
    const now = this.now();
    const invitation: InvitationDoc = {
      _id: new ObjectId(),
      team_id: invite.teamId,
      email: invite.email,
      role: invite.role,
      token_hash: sha256(invite.token),
      state: "pending",
      invited_by: invite.invitedBy,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
      created_at: now,
    };
    await this.invitations.insertOne(invitation);
    return invitation;
  }

  /** Invitations that still hold a seat: pending and not expired at `now`. */
  countPending(teamId: ObjectId, now: Date): Promise<number> {
    return this.invitations.countDocuments({ team_id: teamId, state: "pending", expires_at: { $gt: now } });
  }

  /** The pending, unexpired invitation that `token` opens, if any. */
  findPending(token: string, now: Date): Promise<InvitationDoc | null> {
    return this.invitations.findOne({ token_hash: sha256(token), state: "pending", expires_at: { $gt: now } });
  }

  find(id: ObjectId, teamId?: ObjectId): Promise<InvitationDoc | null> {
    return this.invitations.findOne(teamId ? { _id: id, team_id: teamId } : { _id: id });
  }

  /** Closes a pending invitation with the invitee's answer; false when it was no longer pending. */
  async answer(id: ObjectId, decision: "accept" | "decline", by: string): Promise<boolean> {
    const closed = await this.invitations.updateOne(
      { _id: id, state: "pending" },
      { $set: { state: decision === "accept" ? "accepted" : "declined", responded_by: by, responded_at: this.now() } },
    );
    return closed.modifiedCount === 1;
  }

  /** Revokes a pending invitation of the team; null when there is no such pending one. */
  revoke(id: ObjectId, teamId: ObjectId, by: string): Promise<InvitationDoc | null> {
    return this.invitations.findOneAndUpdate(
      { _id: id, team_id: teamId, state: "pending" },
      { $set: { state: "revoked", revoked_by: by, revoked_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  /**
   * Revokes the team's pending invitations a leaving member sent, and those addressed to them (which
   * would let them back in); how many.
   */
  async revokeFor(teamId: ObjectId, uid: string, email: string | null): Promise<number> {
    const revoked = await this.invitations.updateMany(
      { team_id: teamId, state: "pending", $or: [{ invited_by: uid }, ...(email ? [{ email }] : [])] },
      { $set: { state: "revoked", revoked_by: `removed:${uid}`, revoked_at: this.now() } },
    );
    return revoked.modifiedCount;
  }

  /** One page of a team's invitations, newest first, after `after` (one more than `limit`, to tell if there is a next page). */
  page(teamId: ObjectId, state: InvitationFilter, now: Date, after: TimeCursor | null, limit: number): Promise<InvitationDoc[]> {
    const clauses: Filter<InvitationDoc>[] = [{ team_id: teamId }];
    if (state === "pending") clauses.push({ state: "pending", expires_at: { $gt: now } });
    else if (state === "expired") clauses.push({ state: "pending", expires_at: { $lte: now } });
    else if (state !== "all") clauses.push({ state });
    if (after) clauses.push({ $or: [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }] });
    return this.invitations
      .find({ $and: clauses })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  async deleteTeamData(teamId: ObjectId): Promise<void> {
    await this.invitations.deleteMany({ team_id: teamId });
  }

  /** Invitations a user sent stay with the team, anonymized; the token hash is never exported. */
  personalData() {
    return [ownedBy(this.invitations, { ownerField: "invited_by", onDelete: "anonymize", excludeFromExport: ["token_hash"] })];
  }
}
