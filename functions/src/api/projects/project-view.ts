import type { ProjectDoc } from "./projects-store";

export const toProjectView = (p: ProjectDoc) => ({
  id: p._id.toHexString(),
  name: p.name,
  owner: p.team_id ? { kind: "team" as const, teamId: p.team_id.toHexString() } : { kind: "user" as const, uid: p.owner_uid! },
  createdAt: p.created_at.toISOString(),
});
