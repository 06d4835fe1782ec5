import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toPromptView } from "./prompt-views";
import type { PromptParams, UpdatePromptInput } from "./prompts.schema";
import { sanitizeDescription } from "../../core/prompts/sanitize-description";

export async function updatePrompt(ctx: OperationContext<PromptParams, unknown, UpdatePromptInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt, access } = await prompts.load(ctx.caller, ctx.params.promptId, "write");
  const meta = {
    title: ctx.body.title ?? prompt.title,
    description: ctx.body.description === undefined ? prompt.description : sanitizeDescription(ctx.body.description),
    tags: ctx.body.tags ?? prompt.tags,
  };
  const latest = await prompts.version(prompt, {});
  const updated = await prompts.updateMeta(prompt, meta, latest.template);
  if (!updated) throw notFound("Prompt");
  return toPromptView(updated, access);
}
