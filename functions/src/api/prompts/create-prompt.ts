import { Reply, type OperationContext } from "../../platform/operation";
import { newPromptHome } from "./new-prompt-home";
import { checkVersion } from "../../core/prompts/prompt-template";
import { toPromptView, toVersionView } from "./prompt-views";
import type { CreatePromptInput } from "./prompts.schema";
import { sanitizeDescription } from "../../core/prompts/sanitize-description";

export async function createPrompt(ctx: OperationContext<unknown, unknown, CreatePromptInput>) {
  const { access, ...home } = await newPromptHome(ctx.services, ctx.caller, ctx.body.projectId);
  const variables = checkVersion(ctx.body.type, ctx.body.template, ctx.body.variables);
  const { prompt, version } = await (
    await ctx.services.store("prompts")
  ).create({
    home,
    meta: { title: ctx.body.title, description: sanitizeDescription(ctx.body.description), tags: ctx.body.tags },
    type: ctx.body.type,
    forkedFrom: null,
    first: { template: ctx.body.template, variables, settings: ctx.body.settings, commitMessage: ctx.body.commitMessage ?? null },
    createdBy: ctx.caller.uid,
  });
  return new Reply(201, { ...toPromptView(prompt, access), version: toVersionView(version) });
}
