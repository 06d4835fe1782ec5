import type { OperationContext } from "../../platform/operation";
import { toPromptView, toVersionView } from "./prompt-views";
import type { GetPromptQuery, PromptParams } from "./prompts.schema";

/** The prompt with one version: `?version=`, `?label=`, or the latest. */
export async function getPrompt(ctx: OperationContext<PromptParams, GetPromptQuery>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt, access } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const version = await prompts.version(prompt, ctx.query);
  return { ...toPromptView(prompt, access), version: toVersionView(version) };
}
