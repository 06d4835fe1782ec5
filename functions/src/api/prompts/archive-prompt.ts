import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { ArchiveInput, PromptParams } from "./prompts.schema";
import { loadPrompt, promptsOf, toPromptView } from "./prompts-store";

/** Archives (hidden from lists unless asked for) or restores a prompt. */
export async function archivePrompt(ctx: OperationContext<PromptParams, unknown, ArchiveInput>) {
  const db = await ctx.services.db();
  const { prompt, access } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "write");
  const updated = await promptsOf(db).prompts.findOneAndUpdate(
    { _id: prompt._id },
    { $set: { archived: ctx.body.archived, updated_at: ctx.services.now() } },
    { returnDocument: "after" },
  );
  if (!updated) throw notFound("Prompt");
  return toPromptView(updated, access);
}
