import { ObjectId, type Db } from "mongodb";
import { accessTo, mongoTeamRoles, Access } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { Caller } from "../../core/auth/caller";
import { Reply, type OperationContext } from "../../platform/operation";
import { findProject, projectOwner } from "../projects/projects-store";
import { checkVersion } from "./prompt-template";
import type { CreatePromptInput } from "./prompts.schema";
import { promptSearchTerms, promptsOf, toPromptView, toVersionView, type PromptDoc, type VersionDoc } from "./prompts-store";
import { sanitizeDescription } from "./sanitize-description";

/** Where a new prompt lives: the given project (the caller needs to be able to write there), or the caller. */
export async function newPromptHome(db: Db, caller: Caller, projectId: string | undefined) {
  if (!projectId) return { owner_uid: caller.uid, team_id: null, project_id: null, access: new Access("owner") };
  const project = await findProject(db, toObjectId(projectId, "Project"));
  const access = (await accessTo(mongoTeamRoles(db), caller, projectOwner(project))).require("write", "Project");
  return { owner_uid: project.owner_uid, team_id: project.team_id, project_id: project._id, access };
}

export const uniqueTags = (tags: string[]) => [...new Set(tags)];

/** The version is written before the prompt, so a crash in between leaves only an unreachable version. */
export async function insertPrompt(db: Db, prompt: PromptDoc, version: VersionDoc): Promise<void> {
  const { prompts, versions } = promptsOf(db);
  await versions.insertOne(version);
  await prompts.insertOne(prompt);
}

export async function createPrompt(ctx: OperationContext<unknown, unknown, CreatePromptInput>) {
  const db = await ctx.services.db();
  const { access, ...home } = await newPromptHome(db, ctx.caller, ctx.body.projectId);
  const variables = checkVersion(ctx.body.type, ctx.body.template, ctx.body.variables);
  const now = ctx.services.now();
  const meta = { title: ctx.body.title, description: sanitizeDescription(ctx.body.description), tags: uniqueTags(ctx.body.tags) };
  const prompt: PromptDoc = {
    _id: new ObjectId(),
    ...home,
    ...meta,
    type: ctx.body.type,
    next_version: 1,
    labels: { latest: 1 },
    archived: false,
    forked_from: null,
    search_terms: promptSearchTerms(meta, ctx.body.template),
    created_by: ctx.caller.uid,
    created_at: now,
    updated_at: now,
  };
  const version: VersionDoc = {
    _id: new ObjectId(),
    prompt_id: prompt._id,
    version: 1,
    template: ctx.body.template,
    variables,
    settings: ctx.body.settings,
    commit_message: ctx.body.commitMessage ?? null,
    created_by: ctx.caller.uid,
    created_at: now,
  };
  await insertPrompt(db, prompt, version);
  return new Reply(201, { ...toPromptView(prompt, access), version: toVersionView(version) });
}
