import { mongoTeamRoles, type EffectiveRole } from "../../core/access/access-policy";
import type { OperationContext } from "../../platform/operation";
import { teamsOf, toTeamView } from "./teams-store";

/** The caller's teams (owned or joined), oldest first; a user belongs to few teams, so no cursor. */
export async function listTeams(ctx: OperationContext) {
  const db = await ctx.services.db();
  const { teams, members } = teamsOf(db);
  const ids = await mongoTeamRoles(db).teamsOf(ctx.caller.uid);
  const [docs, memberships] = await Promise.all([
    teams.find({ _id: { $in: ids } }).sort({ created_at: 1, _id: 1 }).limit(200).toArray(),
    members.find({ uid: ctx.caller.uid }).toArray(),
  ]);
  const roleOf = new Map(memberships.map((m) => [m.team_id.toHexString(), m.role as EffectiveRole]));
  return {
    teams: docs.map((t) => toTeamView(t, t.owner_uid === ctx.caller.uid ? "owner" : (roleOf.get(t._id.toHexString()) ?? "viewer"))),
  };
}
