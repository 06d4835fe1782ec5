import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toTeamView } from "./team-views";

export async function getTeam(ctx: OperationContext<{ teamId: string }>) {
  const teams = await ctx.services.store("teams");
  const teamId = toObjectId(ctx.params.teamId, "Team");
  const access = (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require("read", "Team");
  const team = await teams.find(teamId);
  if (!team) throw notFound("Team");
  const rows = await teams.membersOf(teamId, team.owner_uid);
  return {
    ...toTeamView(team, access.role),
    members: [
      { uid: team.owner_uid, role: "owner" as const, joinedAt: team.created_at.toISOString() },
      ...rows.map((m) => ({ uid: m.uid, role: m.role, joinedAt: m.joined_at.toISOString() })),
    ],
  };
}
