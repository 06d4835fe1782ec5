import { ObjectId } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateProjectInput } from "./projects.schema";
import { projectsOf, toProjectView, type ProjectDoc } from "./projects-store";

export async function createProject(ctx: OperationContext<unknown, unknown, CreateProjectInput>) {
  const db = await ctx.services.db();
  const teamId = ctx.body.teamId ? toObjectId(ctx.body.teamId, "Team") : null;
  if (teamId) (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("write", "Team");
  const project: ProjectDoc = {
    _id: new ObjectId(),
    name: ctx.body.name,
    owner_uid: teamId ? null : ctx.caller.uid,
    team_id: teamId,
    created_by: ctx.caller.uid,
    created_at: ctx.services.now(),
  };
  await projectsOf(db).insertOne(project);
  return new Reply(201, toProjectView(project));
}
