import type { OperationContext } from "../../platform/operation";
import type { GetPromptQuery, PromptParams } from "./prompts.schema";
import { findVersion, loadPrompt, toPromptView, toVersionView } from "./prompts-store";

/** The prompt with one version: `?version=`, `?label=`, or the latest. */
export async function getPrompt(ctx: OperationContext<PromptParams, GetPromptQuery>) {
  const db = await ctx.services.db();
  const { prompt, access } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "read");
  const version = await findVersion(db, prompt, ctx.query);
  return { ...toPromptView(prompt, access), version: toVersionView(version) };
}
