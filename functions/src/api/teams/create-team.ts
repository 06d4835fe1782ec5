import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateTeamInput } from "./teams.schema";
import { toTeamView } from "./team-views";

export async function createTeam(ctx: OperationContext<unknown, unknown, CreateTeamInput>) {
  const team = await (await ctx.services.store("teams")).create(ctx.body.name, ctx.caller.uid);
  return new Reply(201, toTeamView(team, "owner"));
}
