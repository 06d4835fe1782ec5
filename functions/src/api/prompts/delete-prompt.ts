import type { OperationContext } from "../../platform/operation";
import type { PromptParams } from "./prompts.schema";

export async function deletePrompt(ctx: OperationContext<PromptParams>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "delete");
  await prompts.delete(prompt._id);
  return { id: ctx.params.promptId, deleted: true as const };
}
