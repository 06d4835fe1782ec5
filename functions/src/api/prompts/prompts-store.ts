import type { Db, ObjectId } from "mongodb";
import { accessTo, mongoTeamRoles, type Access, type Action, type ResourceOwner } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { Caller } from "../../core/auth/caller";
import { searchTerms } from "../../core/search/search-terms";
import { HttpError, notFound } from "../../platform/http-error";
import type { ModelSettings, Template, VariableSpec } from "./prompts.schema";
import { templateText, type PromptType } from "./prompt-template";

export interface PromptDoc {
  _id: ObjectId;
  /** Set for a personal prompt; null for a team prompt (then team_id is set). */
  owner_uid: string | null;
  team_id: ObjectId | null;
  project_id: ObjectId | null;
  title: string;
  description: string;
  tags: string[];
  type: PromptType;
  /** The last version number handed out; `$inc` allocates the next one atomically. */
  next_version: number;
  labels: Record<string, number>;
  archived: boolean;
  forked_from: { prompt_id: ObjectId; version: number } | null;
  search_terms: string[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface VersionDoc {
  _id: ObjectId;
  prompt_id: ObjectId;
  version: number;
  template: Template;
  variables: VariableSpec[];
  settings: ModelSettings;
  commit_message: string | null;
  created_by: string;
  created_at: Date;
}

export interface LabelMoveDoc {
  _id: ObjectId;
  prompt_id: ObjectId;
  label: string;
  from_version: number | null;
  to_version: number;
  moved_by: string;
  reason: string | null;
  at: Date;
}

export const promptsOf = (db: Db) => ({
  prompts: db.collection<PromptDoc>("prompts"),
  versions: db.collection<VersionDoc>("prompt_versions"),
  labelMoves: db.collection<LabelMoveDoc>("prompt_label_history"),
});

export const promptOwner = (p: Pick<PromptDoc, "owner_uid" | "team_id">): ResourceOwner =>
  p.team_id ? { kind: "team", teamId: p.team_id } : { kind: "user", uid: p.owner_uid! };

export const promptSearchTerms = (p: Pick<PromptDoc, "title" | "description" | "tags">, template: Template) =>
  searchTerms(p.title, p.description, ...p.tags, templateText(template));

/** The prompt and the caller's access to it: 404 when they cannot see it, 403 when they may not do `action`. */
export async function loadPrompt(db: Db, caller: Caller, promptId: string, action: Action): Promise<{ prompt: PromptDoc; access: Access }> {
  const prompt = await promptsOf(db).prompts.findOne({ _id: toObjectId(promptId, "Prompt") });
  if (!prompt) throw notFound("Prompt");
  const access = (await accessTo(mongoTeamRoles(db), caller, promptOwner(prompt))).require(action, "Prompt");
  return { prompt, access };
}

/**
 * The version a label points at. Labels are user-chosen map keys: only the prompt's own entries count,
 * so `constructor` is an ordinary label name, never Object.prototype's member.
 */
export const labelTarget = (prompt: Pick<PromptDoc, "labels">, label: string): number | undefined =>
  Object.hasOwn(prompt.labels, label) ? prompt.labels[label] : undefined;

/** A version by number, by label, or the latest. */
export async function findVersion(db: Db, prompt: PromptDoc, pick: { version?: number; label?: string }): Promise<VersionDoc> {
  if (pick.version !== undefined && pick.label !== undefined) {
    throw new HttpError(400, "version_and_label", "Ask for a version or a label, not both");
  }
  let number = pick.version;
  if (number === undefined) {
    number = labelTarget(prompt, pick.label ?? "latest");
    if (number === undefined) throw new HttpError(404, "label_not_found", `No version has the label ${pick.label}`);
  }
  const version = await promptsOf(db).versions.findOne({ prompt_id: prompt._id, version: number });
  if (!version) throw new HttpError(404, "version_not_found", `Version ${number} does not exist`);
  return version;
}

export const toVersionView = (v: VersionDoc) => ({
  version: v.version,
  template: v.template,
  variables: v.variables,
  settings: v.settings,
  commitMessage: v.commit_message,
  createdBy: v.created_by,
  createdAt: v.created_at.toISOString(),
});

export const toPromptView = (p: PromptDoc, access: Access) => ({
  id: p._id.toHexString(),
  owner: p.team_id ? { kind: "team" as const, teamId: p.team_id.toHexString() } : { kind: "user" as const, uid: p.owner_uid! },
  projectId: p.project_id?.toHexString() ?? null,
  title: p.title,
  description: p.description,
  tags: p.tags,
  type: p.type,
  labels: p.labels,
  archived: p.archived,
  forkedFrom: p.forked_from ? { promptId: p.forked_from.prompt_id.toHexString(), version: p.forked_from.version } : null,
  yourRole: access.role as "owner",
  createdBy: p.created_by,
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
});
