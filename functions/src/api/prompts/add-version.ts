import { notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { checkVersion } from "../../core/prompts/prompt-template";
import { toVersionView } from "./prompt-views";
import type { PromptParams, VersionInput } from "./prompts.schema";

/** Adds an immutable version (numbered by PromptsStore.addVersion); `latest` follows it. */
export async function addVersion(ctx: OperationContext<PromptParams, unknown, VersionInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "write");
  const variables = checkVersion(prompt.type, ctx.body.template, ctx.body.variables);
  const version = await prompts.addVersion(
    prompt._id,
    { template: ctx.body.template, variables, settings: ctx.body.settings, commitMessage: ctx.body.commitMessage ?? null },
    ctx.caller.uid,
  );
  if (!version) throw notFound("Prompt");
  return new Reply(201, toVersionView(version));
}
