import type { EffectiveRole } from "../../core/access/access-policy";
import type { OperationContext } from "../../platform/operation";
import { toTeamView } from "./team-views";

/** The caller's teams (owned or joined), oldest first; a user belongs to few teams, so no cursor. */
export async function listTeams(ctx: OperationContext) {
  const teams = await ctx.services.store("teams");
  const ids = await teams.teamsOf(ctx.caller.uid);
  const [docs, memberships] = await Promise.all([teams.byIds(ids), teams.membershipsOf(ctx.caller.uid)]);
  const roleOf = new Map(memberships.map((m) => [m.team_id.toHexString(), m.role as EffectiveRole]));
  return {
    teams: docs.map((t) => toTeamView(t, t.owner_uid === ctx.caller.uid ? "owner" : (roleOf.get(t._id.toHexString()) ?? "viewer"))),
  };
}
