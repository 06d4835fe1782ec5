import { ObjectId } from "mongodb";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateTeamInput } from "./teams.schema";
import { teamsOf, toTeamView, type TeamDoc } from "./teams-store";

export async function createTeam(ctx: OperationContext<unknown, unknown, CreateTeamInput>) {
  const now = ctx.services.now();
  const team: TeamDoc = { _id: new ObjectId(), name: ctx.body.name, owner_uid: ctx.caller.uid, created_at: now, updated_at: now };
  await teamsOf(await ctx.services.db()).teams.insertOne(team);
  return new Reply(201, toTeamView(team, "owner"));
}
