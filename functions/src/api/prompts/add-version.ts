import { ObjectId } from "mongodb";
import { notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { checkVersion } from "./prompt-template";
import type { PromptParams, VersionInput } from "./prompts.schema";
import { loadPrompt, promptSearchTerms, promptsOf, toVersionView, type VersionDoc } from "./prompts-store";

/**
 * Adds an immutable version. Its number comes from one atomic `$inc` on the prompt, so concurrent
 * writers never share a number; `latest` moves with `$max`, so it never goes back.
 */
export async function addVersion(ctx: OperationContext<PromptParams, unknown, VersionInput>) {
  const db = await ctx.services.db();
  const { prompt } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "write");
  const variables = checkVersion(prompt.type, ctx.body.template, ctx.body.variables);
  const { prompts, versions } = promptsOf(db);
  const now = ctx.services.now();
  const allocated = await prompts.findOneAndUpdate({ _id: prompt._id }, { $inc: { next_version: 1 } }, { returnDocument: "after" });
  if (!allocated) throw notFound("Prompt");
  const version: VersionDoc = {
    _id: new ObjectId(),
    prompt_id: prompt._id,
    version: allocated.next_version,
    template: ctx.body.template,
    variables,
    settings: ctx.body.settings,
    commit_message: ctx.body.commitMessage ?? null,
    created_by: ctx.caller.uid,
    created_at: now,
  };
  await versions.insertOne(version);
  await prompts.updateOne(
    { _id: prompt._id },
    { $max: { "labels.latest": version.version }, $set: { updated_at: now, search_terms: promptSearchTerms(allocated, version.template) } },
  );
  return new Reply(201, toVersionView(version));
}
