import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toPromptView } from "./prompt-views";
import type { ArchiveInput, PromptParams } from "./prompts.schema";

/** Archives (hidden from lists unless asked for) or restores a prompt. */
export async function archivePrompt(ctx: OperationContext<PromptParams, unknown, ArchiveInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt, access } = await prompts.load(ctx.caller, ctx.params.promptId, "write");
  const updated = await prompts.setArchived(prompt._id, ctx.body.archived);
  if (!updated) throw notFound("Prompt");
  return toPromptView(updated, access);
}
