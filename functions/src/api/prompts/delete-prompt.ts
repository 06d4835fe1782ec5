import type { OperationContext } from "../../platform/operation";
import type { PromptParams } from "./prompts.schema";
import { loadPrompt, promptsOf } from "./prompts-store";

/** The prompt goes first (it disappears at once); its versions and label history follow. */
export async function deletePrompt(ctx: OperationContext<PromptParams>) {
  const db = await ctx.services.db();
  const { prompt } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "delete");
  const { prompts, versions, labelMoves } = promptsOf(db);
  await prompts.deleteOne({ _id: prompt._id });
  await versions.deleteMany({ prompt_id: prompt._id });
  await labelMoves.deleteMany({ prompt_id: prompt._id });
  return { id: ctx.params.promptId, deleted: true as const };
}
