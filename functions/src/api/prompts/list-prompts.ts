import { z } from "zod";
import { Access, visibleTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { cursorField, decodeCursor, encodeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import { toPromptView } from "./prompt-views";
import type { ListPromptsQuery } from "./prompts.schema";
import { sortValue, type PromptSort } from "./prompts-store";

/** A cursor is valid only for the sort it was issued for: (sort, its value at the last prompt, id). */
const cursorOf = (sort: PromptSort) =>
  z.object({ s: z.literal(sort), v: sort === "title" ? z.string() : cursorField.date, id: cursorField.objectId });

/**
 * Prompts the caller can see (their own and their teams'), filtered by project, tag or label,
 * paginated by a cursor over (sort field, _id), which is stable and total.
 */
export async function listPrompts(ctx: OperationContext<unknown, ListPromptsQuery>) {
  const [prompts, teams] = await Promise.all([ctx.services.store("prompts"), ctx.services.store("teams")]);
  const { projectId, tag, label, archived, sort, limit, cursor } = ctx.query;
  const visibility = await visibleTo(teams, ctx.caller.uid);
  const projectOid = projectId ? toObjectId(projectId, "Project") : undefined;
  const c = cursor ? decodeCursor(cursor, cursorOf(sort), "The cursor is not one this API returned for this sort") : null;
  const page = await prompts.list({
    visibility,
    archived: archived === "true",
    projectId: projectOid,
    tag,
    label,
    sort,
    after: c && { value: c.v, id: c.id },
    limit,
  });
  const shown = page.slice(0, limit);
  const teamRole = new Map<string, Access>();
  for (const p of shown) {
    const key = p.team_id?.toHexString();
    if (p.team_id && key && !teamRole.has(key)) teamRole.set(key, new Access(await teams.roleIn(p.team_id, ctx.caller.uid)));
  }
  const last = shown[shown.length - 1];
  return {
    prompts: shown.map((p) => toPromptView(p, p.team_id ? teamRole.get(p.team_id.toHexString())! : new Access("owner"))),
    nextCursor: page.length > limit && last ? encodeCursor({ s: sort, v: sortValue(last, sort), id: last._id }) : null,
  };
}
