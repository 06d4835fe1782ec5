import { ObjectId, type Filter } from "mongodb";
import { mongoTeamRoles, Access, visibilityFilter, visibleTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ListPromptsQuery } from "./prompts.schema";
import { promptsOf, toPromptView, type PromptDoc } from "./prompts-store";

const SORTS = {
  updated: { field: "updated_at", dir: -1 },
  created: { field: "created_at", dir: -1 },
  title: { field: "title", dir: 1 },
} as const;

interface Cursor {
  s: keyof typeof SORTS;
  v: string;
  id: string;
}
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decode(raw: string, sort: keyof typeof SORTS): { value: Date | string; id: ObjectId } {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (c.s === sort && typeof c.v === "string" && typeof c.id === "string" && ObjectId.isValid(c.id)) {
      const value = sort === "title" ? c.v : new Date(c.v);
      if (typeof value === "string" || !Number.isNaN(value.getTime())) return { value, id: new ObjectId(c.id) };
    }
  } catch {
    // fall through
  }
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this API returned for this sort");
}

/**
 * Prompts the caller can see (their own and their teams'), filtered by project, tag or label,
 * paginated by a cursor over (sort field, _id), which is stable and total.
 */
export async function listPrompts(ctx: OperationContext<unknown, ListPromptsQuery>) {
  const db = await ctx.services.db();
  const { projectId, tag, label, archived, sort, limit, cursor } = ctx.query;
  const roles = mongoTeamRoles(db);
  const and: Filter<PromptDoc>[] = [visibilityFilter(await visibleTo(roles, ctx.caller.uid)) as Filter<PromptDoc>, { archived: archived === "true" }];
  if (projectId) and.push({ project_id: toObjectId(projectId, "Project") });
  if (tag) and.push({ tags: tag });
  if (label) and.push({ [`labels.${label}`]: { $exists: true } });
  const { field, dir } = SORTS[sort];
  if (cursor) {
    const c = decode(cursor, sort);
    const beyond = dir === 1 ? "$gt" : "$lt";
    and.push({ $or: [{ [field]: { [beyond]: c.value } }, { [field]: c.value, _id: { [beyond]: c.id } }] } as Filter<PromptDoc>);
  }
  const page = await promptsOf(db).prompts.find({ $and: and }).sort({ [field]: dir, _id: dir }).limit(limit + 1).toArray();
  const prompts = page.slice(0, limit);
  const teamRole = new Map<string, Access>();
  for (const p of prompts) {
    if (p.team_id && !teamRole.has(p.team_id.toHexString())) teamRole.set(p.team_id.toHexString(), new Access(await roles.roleIn(p.team_id, ctx.caller.uid)));
  }
  const last = prompts[prompts.length - 1];
  const sortValue = (p: PromptDoc) => (sort === "title" ? p.title : (p[field as "updated_at" | "created_at"] as Date).toISOString());
  return {
    prompts: prompts.map((p) => toPromptView(p, p.team_id ? teamRole.get(p.team_id.toHexString())! : new Access("owner"))),
    nextCursor: page.length > limit && last ? encode({ s: sort, v: sortValue(last), id: last._id.toHexString() }) : null,
  };
}
