import type { Access } from "../../core/access/access-policy";
import type { PromptDoc, VersionDoc } from "./prompts-store";

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
  licensedFrom: p.licensed_from
    ? { listingId: p.licensed_from.listingId.toHexString(), licenceId: p.licensed_from.licenceId.toHexString() }
    : null,
  yourRole: access.role as "owner",
  createdBy: p.created_by,
  createdAt: p.created_at.toISOString(),
  updatedAt: p.updated_at.toISOString(),
});
