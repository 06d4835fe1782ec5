import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { uniqueTags } from "./create-prompt";
import type { PromptParams, UpdatePromptInput } from "./prompts.schema";
import { findVersion, loadPrompt, promptSearchTerms, promptsOf, toPromptView } from "./prompts-store";
import { sanitizeDescription } from "./sanitize-description";

export async function updatePrompt(ctx: OperationContext<PromptParams, unknown, UpdatePromptInput>) {
  const db = await ctx.services.db();
  const { prompt, access } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "write");
  const meta = {
    title: ctx.body.title ?? prompt.title,
    description: ctx.body.description === undefined ? prompt.description : sanitizeDescription(ctx.body.description),
    tags: ctx.body.tags === undefined ? prompt.tags : uniqueTags(ctx.body.tags),
  };
  const latest = await findVersion(db, prompt, {});
  const updated = await promptsOf(db).prompts.findOneAndUpdate(
    { _id: prompt._id },
    { $set: { ...meta, search_terms: promptSearchTerms(meta, latest.template), updated_at: ctx.services.now() } },
    { returnDocument: "after" },
  );
  if (!updated) throw notFound("Prompt");
  return toPromptView(updated, access);
}
