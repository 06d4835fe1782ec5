import { Reply, type OperationContext } from "../../platform/operation";
import { newPromptHome } from "./new-prompt-home";
import { toPromptView, toVersionView } from "./prompt-views";
import type { ForkInput, PromptParams } from "./prompts.schema";

/** Copies one version (default: latest) into a new prompt of the caller's or of a project they can write to. */
export async function forkPrompt(ctx: OperationContext<PromptParams, unknown, ForkInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt: source } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const from = await prompts.version(source, { version: ctx.body.version });
  const { access, ...home } = await newPromptHome(ctx.services, ctx.caller, ctx.body.projectId);
  const { prompt, version } = await prompts.create({
    home,
    meta: { title: ctx.body.title ?? `${source.title} (fork)`.slice(0, 200), description: source.description, tags: source.tags },
    type: source.type,
    forkedFrom: { prompt_id: source._id, version: from.version },
    // A copy of bought content is still bought content (not for resale).
    licensedFrom: source.licensed_from ?? null,
    first: {
      template: from.template,
      variables: from.variables,
      settings: from.settings,
      commitMessage: `Forked from ${source._id.toHexString()} v${from.version}`,
    },
    createdBy: ctx.caller.uid,
  });
  return new Reply(201, { ...toPromptView(prompt, access), version: toVersionView(version) });
}
