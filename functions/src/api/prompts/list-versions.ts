import type { Filter } from "mongodb";
import type { OperationContext } from "../../platform/operation";
import type { ListVersionsQuery, PromptParams } from "./prompts.schema";
import { loadPrompt, promptsOf, toVersionView, type VersionDoc } from "./prompts-store";

/** Newest first; the cursor is the last version number of the previous page (numbers never change). */
export async function listVersions(ctx: OperationContext<PromptParams, ListVersionsQuery>) {
  const db = await ctx.services.db();
  const { prompt } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "read");
  const filter: Filter<VersionDoc> = { prompt_id: prompt._id };
  if (ctx.query.cursor) filter.version = { $lt: Number(ctx.query.cursor) };
  const page = await promptsOf(db).versions.find(filter).sort({ version: -1 }).limit(ctx.query.limit + 1).toArray();
  const versions = page.slice(0, ctx.query.limit);
  return {
    versions: versions.map(toVersionView),
    nextCursor: page.length > ctx.query.limit ? String(versions[versions.length - 1].version) : null,
  };
}
