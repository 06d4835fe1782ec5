import type { OperationContext } from "../../platform/operation";
import { render } from "./prompt-template";
import type { PromptParams, RenderInput } from "./prompts.schema";
import { findVersion, loadPrompt } from "./prompts-store";

/** Fills a version's variables (validated against their types) and returns the final text or messages; no model is called. */
export async function renderPrompt(ctx: OperationContext<PromptParams, unknown, RenderInput>) {
  const db = await ctx.services.db();
  const { prompt } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "read");
  const version = await findVersion(db, prompt, { version: ctx.body.version, label: ctx.body.label });
  const output = render(version.template, version.variables, ctx.body.variables);
  return { version: version.version, type: prompt.type, settings: version.settings, ...output };
}
