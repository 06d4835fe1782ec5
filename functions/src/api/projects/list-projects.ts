import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { ProjectsQuery } from "./projects.schema";
import { toProjectView } from "./project-view";
import type { ProjectScope } from "./projects-store";

/** The caller's own projects and those of their teams (or of one team), oldest first, by cursor. */
export async function listProjects(ctx: OperationContext<unknown, ProjectsQuery>) {
  const teams = await ctx.services.store("teams");
  const { teamId, limit, cursor } = ctx.query;
  let scope: ProjectScope;
  if (teamId) {
    const id = toObjectId(teamId, "Team");
    (await accessTo(teams, ctx.caller, { kind: "team", teamId: id })).require("read", "Team");
    scope = { teamId: id };
  } else {
    scope = { uid: ctx.caller.uid, teamIds: await teams.teamsOf(ctx.caller.uid) };
  }
  const after = cursor ? decodeTimeCursor(cursor) : null;
  const docs = await (await ctx.services.store("projects")).page(scope, after, limit);
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return { projects: page.map(toProjectView), nextCursor: docs.length > limit ? encodeTimeCursor(last.created_at, last._id) : null };
}
