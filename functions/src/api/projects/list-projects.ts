import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { OperationContext } from "../../platform/operation";
import type { ProjectsQuery } from "./projects.schema";
import { projectsOf, toProjectView } from "./projects-store";

/** The caller's own projects and those of their teams (or of one team), oldest first. */
export async function listProjects(ctx: OperationContext<unknown, ProjectsQuery>) {
  const db = await ctx.services.db();
  const roles = mongoTeamRoles(db);
  let filter;
  if (ctx.query.teamId) {
    const teamId = toObjectId(ctx.query.teamId, "Team");
    (await accessTo(roles, ctx.caller, { kind: "team", teamId })).require("read", "Team");
    filter = { team_id: teamId };
  } else {
    filter = { $or: [{ owner_uid: ctx.caller.uid }, { team_id: { $in: await roles.teamsOf(ctx.caller.uid) } }] };
  }
  const docs = await projectsOf(db).find(filter).sort({ created_at: 1, _id: 1 }).limit(500).toArray();
  return { projects: docs.map(toProjectView) };
}
