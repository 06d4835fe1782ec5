import type { Filter } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { ProjectsQuery } from "./projects.schema";
import { projectsOf, toProjectView, type ProjectDoc } from "./projects-store";

/** The caller's own projects and those of their teams (or of one team), oldest first, by cursor. */
export async function listProjects(ctx: OperationContext<unknown, ProjectsQuery>) {
  const db = await ctx.services.db();
  const roles = mongoTeamRoles(db);
  const { teamId, limit, cursor } = ctx.query;
  const clauses: Filter<ProjectDoc>[] = [];
  if (teamId) {
    const id = toObjectId(teamId, "Team");
    (await accessTo(roles, ctx.caller, { kind: "team", teamId: id })).require("read", "Team");
    clauses.push({ team_id: id });
  } else {
    clauses.push({ $or: [{ owner_uid: ctx.caller.uid }, { team_id: { $in: await roles.teamsOf(ctx.caller.uid) } }] });
  }
  if (cursor) {
    const c = decodeTimeCursor(cursor);
    clauses.push({ $or: [{ created_at: { $gt: c.t } }, { created_at: c.t, _id: { $gt: c.id } }] });
  }
  const docs = await projectsOf(db).find({ $and: clauses }).sort({ created_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const page = docs.slice(0, limit);
  return { projects: page.map(toProjectView), nextCursor: docs.length > limit ? encodeTimeCursor(page[page.length - 1].created_at, page[page.length - 1]._id) : null };
}
