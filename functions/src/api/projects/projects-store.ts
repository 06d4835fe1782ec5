import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import type { HoldsTeamData } from "../../core/account/owned-teams";
import { ownedBy, type HoldsPersonalData } from "../../core/account/personal-data-source";
import type { TimeCursor } from "../../platform/cursor";
import { notFound } from "../../platform/http-error";
import { isDuplicateKey } from "../../platform/mongo-errors";

export interface ProjectDoc {
  _id: ObjectId;
  name: string;
  /** Set for a personal project; null for a team project. */
  owner_uid: string | null;
  team_id: ObjectId | null;
  /** Set on a project an import created: the id it had in the package. */
  imported_from?: { source_id: string };
  created_by: string;
  created_at: Date;
}

/** Whose projects a listing covers: one team's, or a user's own and their teams'. */
export type ProjectScope = { teamId: ObjectId } | { uid: string; teamIds: ObjectId[] };

/** `projects`: folders of prompts, personal or of a team. */
export class ProjectsStore implements HoldsPersonalData, HoldsTeamData {
  private readonly projects: Collection<ProjectDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.projects = db.collection<ProjectDoc>("projects");
  }

  /** The project, or 404. */
  async get(id: ObjectId): Promise<ProjectDoc> {
    const project = await this.projects.findOne({ _id: id });
    if (!project) throw notFound("Project");
    return project;
  }

  /** A team's project when `teamId` is given, else `uid`'s own. */
  async create(project: { name: string; uid: string; teamId: ObjectId | null }): Promise<ProjectDoc> {
    const doc: ProjectDoc = {
      _id: new ObjectId(),
      name: project.name,
      owner_uid: project.teamId ? null : project.uid,
      team_id: project.teamId,
      created_by: project.uid,
      created_at: this.now(),
    };
    await this.projects.insertOne(doc);
    return doc;
  }

  /**
   * create() for an import, with an id the importer derives from the source, so a retried or
   * concurrent import creates the project once. Null when it exists already.
   */
  async createImported(
    project: { name: string; uid: string; teamId: ObjectId | null },
    id: ObjectId,
    sourceId: string,
  ): Promise<ProjectDoc | null> {
    const doc: ProjectDoc = {
      _id: id,
      name: project.name,
      owner_uid: project.teamId ? null : project.uid,
      team_id: project.teamId,
      imported_from: { source_id: sourceId },
      created_by: project.uid,
      created_at: this.now(),
    };
    try {
      await this.projects.insertOne(doc);
      return doc;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  /** Projects by id. */
  byIds(ids: ObjectId[]): Promise<ProjectDoc[]> {
    return this.projects.find({ _id: { $in: ids } }).toArray();
  }

  /** A team's projects, or a user's own, oldest first (at most `limit`). */
  ofOwner(owner: { teamId: ObjectId } | { uid: string }, limit: number): Promise<ProjectDoc[]> {
    return this.projects
      .find("teamId" in owner ? { team_id: owner.teamId } : { owner_uid: owner.uid })
      .sort({ created_at: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** How many projects count against a limit: a team's, or a user's own. */
  count(owner: { teamId: ObjectId } | { uid: string }): Promise<number> {
    return this.projects.countDocuments("teamId" in owner ? { team_id: owner.teamId } : { owner_uid: owner.uid });
  }

  /** One page, oldest first, after `after` (one more than `limit`, to tell if there is a next page). */
  page(scope: ProjectScope, after: TimeCursor | null, limit: number): Promise<ProjectDoc[]> {
    const clauses: Filter<ProjectDoc>[] = [
      "teamId" in scope ? { team_id: scope.teamId } : { $or: [{ owner_uid: scope.uid }, { team_id: { $in: scope.teamIds } }] },
    ];
    if (after) clauses.push({ $or: [{ created_at: { $gt: after.t } }, { created_at: after.t, _id: { $gt: after.id } }] });
    return this.projects
      .find({ $and: clauses })
      .sort({ created_at: 1, _id: 1 })
      .limit(limit + 1)
      .toArray();
  }

  async deleteTeamData(teamId: ObjectId): Promise<void> {
    await this.projects.deleteMany({ team_id: teamId });
  }

  /** Personal projects go with the account. */
  personalData() {
    return [ownedBy(this.projects, { ownerField: "owner_uid", onDelete: "delete" })];
  }
}
