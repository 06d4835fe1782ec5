import { ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { EffectiveRole, MemberRole, TeamRoles } from "../access/access-policy";
import { ownedBy, type HoldsPersonalData } from "../account/personal-data-source";

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

/**
 * `teams` and `team_members`: one aggregate (who is in a team is the owner on the team document plus
 * its membership rows), so one store. It lives in core/ because the access policy of every module
 * reads it: it is the MongoDB implementation of the policy's `TeamRoles`.
 */
export class TeamsStore implements TeamRoles, HoldsPersonalData {
  private readonly teams: Collection<TeamDoc>;
  private readonly members: Collection<TeamMemberDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.teams = db.collection<TeamDoc>("teams");
    this.members = db.collection<TeamMemberDoc>("team_members");
  }

  async roleIn(teamId: ObjectId, uid: string): Promise<EffectiveRole> {
    const team = await this.teams.findOne({ _id: teamId }, { projection: { owner_uid: 1 } });
    if (!team) return "none";
    if (team.owner_uid === uid) return "owner";
    const member = await this.members.findOne({ team_id: teamId, uid }, { projection: { role: 1 } });
    return member?.role ?? "none";
  }

  async teamsOf(uid: string): Promise<ObjectId[]> {
    const [owned, joined] = await Promise.all([
      this.teams.find({ owner_uid: uid }, { projection: { _id: 1 } }).toArray(),
      this.members.find({ uid }, { projection: { team_id: 1 } }).toArray(),
    ]);
    return [...owned.map((t) => t._id), ...joined.map((m) => m.team_id)];
  }

  async create(name: string, ownerUid: string): Promise<TeamDoc> {
    const now = this.now();
    const team: TeamDoc = { _id: new ObjectId(), name, owner_uid: ownerUid, created_at: now, updated_at: now };
    await this.teams.insertOne(team);
    return team;
  }

  find(teamId: ObjectId): Promise<TeamDoc | null> {
    return this.teams.findOne({ _id: teamId });
  }

  /** Teams by id, oldest first (a user belongs to few teams: at most 200). */
  byIds(ids: ObjectId[]): Promise<TeamDoc[]> {
    return this.teams
      .find({ _id: { $in: ids } })
      .sort({ created_at: 1, _id: 1 })
      .limit(200)
      .toArray();
  }

  /** The teams a user owns. */
  ownedBy(uid: string): Promise<TeamDoc[]> {
    return this.teams.find({ owner_uid: uid }).toArray();
  }

  /** A user's membership rows (not the teams they own). */
  membershipsOf(uid: string): Promise<TeamMemberDoc[]> {
    return this.members.find({ uid }).toArray();
  }

  /** A team's members other than `exceptUid`, by join date (at most 1000). */
  membersOf(teamId: ObjectId, exceptUid: string): Promise<TeamMemberDoc[]> {
    return this.members
      .find({ team_id: teamId, uid: { $ne: exceptUid } })
      .sort({ joined_at: 1, _id: 1 })
      .limit(1000)
      .toArray();
  }

  async isMember(teamId: ObjectId, uid: string): Promise<boolean> {
    return (await this.members.findOne({ team_id: teamId, uid }, { projection: { _id: 1 } })) !== null;
  }

  countMembers(teamId: ObjectId): Promise<number> {
    return this.members.countDocuments({ team_id: teamId });
  }

  /** A team's seats: the owner and every member. */
  async countSeats(teamId: ObjectId): Promise<number> {
    return 1 + (await this.countMembers(teamId));
  }

  /**
   * Adds a membership unless the user already has one: the new row's id, or null when they were a
   * member already (also when a concurrent join won the race on the unique (team_id, uid) index).
   */
  async join(teamId: ObjectId, uid: string, role: MemberRole): Promise<ObjectId | null> {
    try {
      const res = await this.members.updateOne(
        { team_id: teamId, uid },
        { $setOnInsert: { team_id: teamId, uid, role, joined_at: this.now() } },
        { upsert: true },
      );
      return res.upsertedCount === 1 ? res.upsertedId : null;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  /** Undoes one join (by the membership's id, so a later membership of the same user is kept). */
  async undoJoin(membershipId: ObjectId, teamId: ObjectId, uid: string): Promise<void> {
    await this.members.deleteOne({ _id: membershipId, team_id: teamId, uid });
  }

  /** True when the user was a member and is not any more. */
  async removeMember(teamId: ObjectId, uid: string): Promise<boolean> {
    return (await this.members.deleteOne({ team_id: teamId, uid })).deletedCount === 1;
  }

  /** False when the user is not a member. */
  async setRole(teamId: ObjectId, uid: string, role: MemberRole): Promise<boolean> {
    return (await this.members.updateOne({ team_id: teamId, uid }, { $set: { role } })).matchedCount === 1;
  }

  /**
   * Makes `to` the owner: the previous owner first gets an admin membership (harmless while they still
   * own the team), then the owner field moves (only if `from` still owns it), then `to`'s membership
   * row goes. Each step is idempotent, so a retry completes a crash. False when `from` no longer owns it.
   */
  async transferOwnership(teamId: ObjectId, from: string, to: string): Promise<boolean> {
    const now = this.now();
    await this.members.updateOne(
      { team_id: teamId, uid: from },
      { $set: { role: "admin" }, $setOnInsert: { team_id: teamId, uid: from, joined_at: now } },
      { upsert: true },
    );
    const moved = await this.teams.updateOne({ _id: teamId, owner_uid: from }, { $set: { owner_uid: to, updated_at: now } });
    if (moved.matchedCount === 0) return false;
    await this.members.deleteOne({ team_id: teamId, uid: to });
    return true;
  }

  /** Removes a team document (its members and content first: see core/account/owned-teams.ts). */
  async delete(teamId: ObjectId): Promise<void> {
    await this.teams.deleteOne({ _id: teamId });
  }

  /** Memberships go with the account; owned teams are handled before (core/account/owned-teams.ts). */
  personalData() {
    return [ownedBy(this.members, { ownerField: "uid", onDelete: "delete" })];
  }
}
