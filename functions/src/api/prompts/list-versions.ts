import type { OperationContext } from "../../platform/operation";
import { toVersionView } from "./prompt-views";
import type { ListVersionsQuery, PromptParams } from "./prompts.schema";

/** Newest first; the cursor is the last version number of the previous page (numbers never change). */
export async function listVersions(ctx: OperationContext<PromptParams, ListVersionsQuery>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const page = await prompts.versionsPage(prompt._id, ctx.query.cursor ? Number(ctx.query.cursor) : null, ctx.query.limit);
  const versions = page.slice(0, ctx.query.limit);
  return {
    versions: versions.map(toVersionView),
    nextCursor: page.length > ctx.query.limit ? String(versions[versions.length - 1].version) : null,
  };
}
