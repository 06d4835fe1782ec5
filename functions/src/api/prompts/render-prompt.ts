import type { OperationContext } from "../../platform/operation";
import { render } from "../../core/prompts/prompt-template";
import type { PromptParams, RenderInput } from "./prompts.schema";

/** Fills a version's variables (validated against their types) and returns the final text or messages; no model is called. */
export async function renderPrompt(ctx: OperationContext<PromptParams, unknown, RenderInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const version = await prompts.version(prompt, { version: ctx.body.version, label: ctx.body.label });
  const output = render(version.template, version.variables, ctx.body.variables);
  return { version: version.version, type: prompt.type, settings: version.settings, ...output };
}
