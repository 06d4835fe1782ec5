import { ObjectId } from "mongodb";
import { Reply, type OperationContext } from "../../platform/operation";
import { insertPrompt, newPromptHome } from "./create-prompt";
import type { ForkInput, PromptParams } from "./prompts.schema";
import { findVersion, loadPrompt, promptSearchTerms, toPromptView, toVersionView, type PromptDoc, type VersionDoc } from "./prompts-store";

/** Copies one version (default: latest) into a new prompt of the caller's or of a project they can write to. */
export async function forkPrompt(ctx: OperationContext<PromptParams, unknown, ForkInput>) {
  const db = await ctx.services.db();
  const { prompt: source } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "read");
  const from = await findVersion(db, source, { version: ctx.body.version });
  const { access, ...home } = await newPromptHome(db, ctx.caller, ctx.body.projectId);
  const now = ctx.services.now();
  const meta = { title: ctx.body.title ?? `${source.title} (fork)`.slice(0, 200), description: source.description, tags: source.tags };
  const prompt: PromptDoc = {
    _id: new ObjectId(),
    ...home,
    ...meta,
    type: source.type,
    next_version: 1,
    labels: { latest: 1 },
    archived: false,
    forked_from: { prompt_id: source._id, version: from.version },
    search_terms: promptSearchTerms(meta, from.template),
    created_by: ctx.caller.uid,
    created_at: now,
    updated_at: now,
  };
  const version: VersionDoc = {
    ...from,
    _id: new ObjectId(),
    prompt_id: prompt._id,
    version: 1,
    commit_message: `Forked from ${source._id.toHexString()} v${from.version}`,
    created_by: ctx.caller.uid,
    created_at: now,
  };
  await insertPrompt(db, prompt, version);
  return new Reply(201, { ...toPromptView(prompt, access), version: toVersionView(version) });
}
