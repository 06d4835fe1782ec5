import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { teamsOf, toTeamView } from "./teams-store";

export async function getTeam(ctx: OperationContext<{ teamId: string }>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const access = (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("read", "Team");
  const { teams, members } = teamsOf(db);
  const team = await teams.findOne({ _id: teamId });
  if (!team) throw notFound("Team");
  const rows = await members.find({ team_id: teamId, uid: { $ne: team.owner_uid } }).sort({ joined_at: 1, _id: 1 }).limit(1000).toArray();
  return {
    ...toTeamView(team, access.role),
    members: [
      { uid: team.owner_uid, role: "owner" as const, joinedAt: team.created_at.toISOString() },
      ...rows.map((m) => ({ uid: m.uid, role: m.role, joinedAt: m.joined_at.toISOString() })),
    ],
  };
}
