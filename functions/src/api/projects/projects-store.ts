import type { Db, ObjectId } from "mongodb";
import type { ResourceOwner } from "../../core/access/access-policy";
import { notFound } from "../../platform/http-error";

export interface ProjectDoc {
  _id: ObjectId;
  name: string;
  /** Set for a personal project; null for a team project. */
  owner_uid: string | null;
  team_id: ObjectId | null;
  created_by: string;
  created_at: Date;
}

export const projectsOf = (db: Db) => db.collection<ProjectDoc>("projects");

export const projectOwner = (p: Pick<ProjectDoc, "owner_uid" | "team_id">): ResourceOwner =>
  p.team_id ? { kind: "team", teamId: p.team_id } : { kind: "user", uid: p.owner_uid! };

export async function findProject(db: Db, id: ObjectId): Promise<ProjectDoc> {
  const project = await projectsOf(db).findOne({ _id: id });
  if (!project) throw notFound("Project");
  return project;
}

export const toProjectView = (p: ProjectDoc) => ({
  id: p._id.toHexString(),
  name: p.name,
  owner: p.team_id ? { kind: "team" as const, teamId: p.team_id.toHexString() } : { kind: "user" as const, uid: p.owner_uid! },
  createdAt: p.created_at.toISOString(),
});
