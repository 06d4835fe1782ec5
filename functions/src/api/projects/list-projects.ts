import type { Filter } from "mongodb";
import { ObjectId } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ProjectsQuery } from "./projects.schema";
import { projectsOf, toProjectView, type ProjectDoc } from "./projects-store";

const encode = (d: ProjectDoc) => Buffer.from(JSON.stringify({ t: d.created_at.toISOString(), id: d._id.toHexString() })).toString("base64url");

function decode(raw: string): { t: Date; id: ObjectId } {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { t: string; id: string };
    if (typeof c.t === "string" && !Number.isNaN(Date.parse(c.t)) && ObjectId.isValid(c.id)) return { t: new Date(c.t), id: new ObjectId(c.id) };
  } catch {
    // fall through
  }
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this API returned");
}

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
    const c = decode(cursor);
    clauses.push({ $or: [{ created_at: { $gt: c.t } }, { created_at: c.t, _id: { $gt: c.id } }] });
  }
  const docs = await projectsOf(db).find({ $and: clauses }).sort({ created_at: 1, _id: 1 }).limit(limit + 1).toArray();
  const page = docs.slice(0, limit);
  return { projects: page.map(toProjectView), nextCursor: docs.length > limit ? encode(page[page.length - 1]) : null };
}
