import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { accessTo, ownerOf, visibilityFilter } from "../../core/access/access-policy";
import type { Access, Action, TeamRoles, Visibility } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { HoldsTeamData } from "../../core/account/owned-teams";
import { dependants, ownedBy, type HoldsPersonalData } from "../../core/account/personal-data-source";
import type { Caller } from "../../core/auth/caller";
import { termsSearchPage, termsSearchPipeline } from "../../core/search/prompt-search";
import type { PromptSearch, PromptSearchPage, PromptSearchRequest } from "../../core/search/prompt-search";
import { searchTerms } from "../../core/search/search-terms";
import { derivedId } from "../../platform/derived-id";
import { HttpError, notFound } from "../../platform/http-error";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { ModelSettings, Template, VariableSpec } from "./prompts.schema";
import { templateText, type PromptType } from "../../core/prompts/prompt-template";
import { versionContentHash } from "./version-content-hash";

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
  /** Set on a prompt an import created: the id the prompt had in the package. */
  imported_from?: { source_id: string };
  /**
   * Set on a prompt made from a marketplace licence (and on forks of it): bought content, which may be
   * used but not re-listed or re-exported for sale. A refund of the licence deletes such prompts.
   */
  licensed_from?: { listingId: ObjectId; licenceId: ObjectId } | null;
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
  /** versionContentHash of template, variables and settings; absent on versions written before it was stored. */
  content_hash?: string;
  /** Set on a version an import wrote: where it came from. */
  imported_from?: VersionOrigin;
  created_by: string;
  created_at: Date;
}

/** A version's place in a package: the prompt id it had there (`sourceId`) and its number in that prompt. */
export interface VersionOrigin {
  source_id: string;
  version: number;
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

/** Where a prompt lives: a user's (owner_uid) or a team's (team_id), optionally in a project. */
export type PromptHome = Pick<PromptDoc, "owner_uid" | "team_id" | "project_id">;

/** The descriptive fields, which search indexes together with the latest template. */
export type PromptMeta = Pick<PromptDoc, "title" | "description" | "tags">;

/** What a version holds: immutable once written. */
export interface VersionContent {
  template: Template;
  variables: VariableSpec[];
  settings: ModelSettings;
  commitMessage: string | null;
}

/** A new prompt with its first version. */
export interface PromptDraft {
  home: PromptHome;
  meta: PromptMeta;
  type: PromptType;
  forkedFrom: PromptDoc["forked_from"];
  /** A prompt made from a marketplace licence, or a fork of one (the mark follows every copy). */
  licensedFrom?: PromptDoc["licensed_from"];
  first: VersionContent;
  createdBy: string;
  /** Imports keep a prompt's archived state; everything else creates active prompts. */
  archived?: boolean;
}

/** What an export covers: one prompt, a project's prompts, a team's, or a user's personal prompts. */
export type PromptScope = { promptId: ObjectId } | { projectId: ObjectId } | { teamId: ObjectId } | { ownerUid: string };

/** The listing and licence a bought prompt was forked from (set by the marketplace as `licensed_from`). */
export interface Licence {
  listingId: string | null;
  licenceId: string | null;
}

export interface LabelMove {
  label: string;
  version: number;
  by: string;
  reason: string | null;
}

export type PromptSort = "updated" | "created" | "title";

const SORTS = {
  updated: { field: "updated_at", dir: -1 },
  created: { field: "created_at", dir: -1 },
  title: { field: "title", dir: 1 },
} as const;

export interface PromptListRequest {
  visibility: Visibility;
  archived: boolean;
  projectId?: ObjectId;
  tag?: string;
  /** Prompts that have this label. */
  label?: string;
  sort: PromptSort;
  /** The last prompt of the previous page: its sort value (a Date, or the title) and id. */
  after: { value: Date | string; id: ObjectId } | null;
  limit: number;
}

/** A prompt's position in a list sorted by `sort` (what the next page starts after). */
export const sortValue = (p: PromptDoc, sort: PromptSort): Date | string =>
  sort === "title" ? p.title : sort === "created" ? p.created_at : p.updated_at;

/**
 * The version a label points at. Labels are user-chosen map keys: only the prompt's own entries count,
 * so `constructor` is an ordinary label name, never Object.prototype's member.
 */
export const labelTarget = (prompt: Pick<PromptDoc, "labels">, label: string): number | undefined =>
  Object.hasOwn(prompt.labels, label) ? prompt.labels[label] : undefined;

/**
 * The licence a prompt carries, or null. Read defensively: the marketplace writes `licensed_from`
 * (`{ listingId, licenceId }`); documents older than it have none, and any other present value still
 * means "licensed".
 */
export function licenceOf(prompt: PromptDoc): Licence | null {
  const mark = (prompt as { licensed_from?: unknown }).licensed_from;
  if (mark === undefined || mark === null) return null;
  const fields = typeof mark === "object" ? (mark as Record<string, unknown>) : {};
  const id = (v: unknown) => (v instanceof ObjectId ? v.toHexString() : typeof v === "string" ? v.slice(0, 100) : null);
  return { listingId: id(fields.listingId), licenceId: id(fields.licenceId) };
}

const LICENSED = { licensed_from: { $exists: true, $ne: null } } as Filter<PromptDoc>;

/** The id of the version an import writes for `origin` into a prompt: the same origin is written once. */
const importedVersionId = (promptId: ObjectId, origin: VersionOrigin) =>
  derivedId("imported-version", `${promptId.toHexString()}:${origin.version}`);

const scopeFilter = (scope: PromptScope): Filter<PromptDoc> =>
  "promptId" in scope
    ? { _id: scope.promptId }
    : "projectId" in scope
      ? { project_id: scope.projectId }
      : "teamId" in scope
        ? { team_id: scope.teamId }
        : { owner_uid: scope.ownerUid };

const uniqueTags = (tags: string[]) => [...new Set(tags)];

const promptSearchTerms = (meta: PromptMeta, template: Template) =>
  searchTerms(meta.title, meta.description, ...meta.tags, templateText(template));

/**
 * `prompts`, `prompt_versions` and `prompt_label_history`: one aggregate (a prompt, its immutable
 * numbered versions and the history of its label moves; none exists without the prompt), so one
 * store. The only place prompt and version documents are built (`create`, `addVersion`), so every
 * way in (create, fork, new version) keeps search terms, labels and version numbers consistent.
 */
export class PromptsStore implements PromptSearch, HoldsPersonalData, HoldsTeamData {
  private readonly prompts: Collection<PromptDoc>;
  private readonly versions: Collection<VersionDoc>;
  private readonly labelMoves: Collection<LabelMoveDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
    private readonly teamRoles: () => Promise<TeamRoles>,
  ) {
    this.prompts = db.collection<PromptDoc>("prompts");
    this.versions = db.collection<VersionDoc>("prompt_versions");
    this.labelMoves = db.collection<LabelMoveDoc>("prompt_label_history");
  }

  /** The prompt and the caller's access to it: 404 when they cannot see it, 403 when they may not do `action`. */
  async load(caller: Pick<Caller, "uid">, promptId: string, action: Action): Promise<{ prompt: PromptDoc; access: Access }> {
    const prompt = await this.prompts.findOne({ _id: toObjectId(promptId, "Prompt") });
    if (!prompt) throw notFound("Prompt");
    const access = (await accessTo(await this.teamRoles(), caller, ownerOf(prompt))).require(action, "Prompt");
    return { prompt, access };
  }

  /** A version by number, by label, or the latest. */
  async version(prompt: PromptDoc, pick: { version?: number; label?: string }): Promise<VersionDoc> {
    if (pick.version !== undefined && pick.label !== undefined) {
      throw new HttpError(400, "version_and_label", "Ask for a version or a label, not both");
    }
    let number = pick.version;
    if (number === undefined) {
      number = labelTarget(prompt, pick.label ?? "latest");
      if (number === undefined) throw new HttpError(404, "label_not_found", `No version has the label ${pick.label}`);
    }
    const version = await this.versions.findOne({ prompt_id: prompt._id, version: number });
    if (!version) throw new HttpError(404, "version_not_found", `Version ${number} does not exist`);
    return version;
  }

  async hasVersion(promptId: ObjectId, version: number): Promise<boolean> {
    return (await this.versions.findOne({ prompt_id: promptId, version }, { projection: { _id: 1 } })) !== null;
  }

  /** A new prompt at version 1. The version is written first, so a crash in between leaves only an unreachable version. */
  async create(draft: PromptDraft): Promise<{ prompt: PromptDoc; version: VersionDoc }> {
    const now = this.now();
    const prompt = this.newPrompt(new ObjectId(), draft, now);
    const version = this.newVersion(prompt._id, 1, draft.first, draft.createdBy, now);
    await this.versions.insertOne(version);
    await this.prompts.insertOne(prompt);
    return { prompt, version };
  }

  /**
   * create() for an import, with ids the importer derives from the source (`promptId`; the version's
   * from the prompt and `origin`), so a retried or concurrent import creates the prompt once: the
   * first writer wins. Null when the prompt exists already; the importer then appends with
   * addImportedVersion, deduplicated the same way. A version left alone by a crash before its prompt
   * was written is replaced (nothing could read it).
   */
  async createImported(
    draft: PromptDraft,
    promptId: ObjectId,
    origin: VersionOrigin,
  ): Promise<{ prompt: PromptDoc; version: VersionDoc } | null> {
    if (await this.prompts.findOne({ _id: promptId }, { projection: { _id: 1 } })) return null;
    const now = this.now();
    const prompt = { ...this.newPrompt(promptId, draft, now), imported_from: { source_id: origin.source_id } };
    const version = this.newVersion(promptId, 1, draft.first, draft.createdBy, now, origin);
    try {
      await this.versions.insertOne(version);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (await this.prompts.findOne({ _id: promptId }, { projection: { _id: 1 } })) return null;
      await this.versions.replaceOne({ _id: version._id, prompt_id: promptId }, version);
    }
    try {
      await this.prompts.insertOne(prompt);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    return { prompt, version };
  }

  private newPrompt(id: ObjectId, draft: PromptDraft, now: Date): PromptDoc {
    const meta = { ...draft.meta, tags: uniqueTags(draft.meta.tags) };
    return {
      _id: id,
      ...draft.home,
      ...meta,
      type: draft.type,
      next_version: 1,
      labels: { latest: 1 },
      archived: draft.archived ?? false,
      forked_from: draft.forkedFrom,
      ...(draft.licensedFrom ? { licensed_from: draft.licensedFrom } : {}),
      search_terms: promptSearchTerms(meta, draft.first.template),
      created_by: draft.createdBy,
      created_at: now,
      updated_at: now,
    };
  }

  /**
   * Adds an immutable version. Its number comes from one atomic `$inc` on the prompt, so concurrent
   * writers never share a number; `latest` moves with `$max`, so it never goes back. Null when the
   * prompt is gone.
   */
  async addVersion(promptId: ObjectId, content: VersionContent, by: string): Promise<VersionDoc | null> {
    return (await this.appendVersion(promptId, content, by))?.version ?? null;
  }

  /**
   * addVersion() for an import: the version's id derives from the prompt and `origin`, so the same
   * source version is appended once however often (or concurrently) the import runs. `created` is
   * false when it was there already (the number allocated for the duplicate stays unused). Null when
   * the prompt is gone.
   */
  addImportedVersion(
    promptId: ObjectId,
    content: VersionContent,
    by: string,
    origin: VersionOrigin,
  ): Promise<{ version: VersionDoc; created: boolean } | null> {
    return this.appendVersion(promptId, content, by, origin);
  }

  private async appendVersion(
    promptId: ObjectId,
    content: VersionContent,
    by: string,
    origin?: VersionOrigin,
  ): Promise<{ version: VersionDoc; created: boolean } | null> {
    const now = this.now();
    const allocated = await this.prompts.findOneAndUpdate({ _id: promptId }, { $inc: { next_version: 1 } }, { returnDocument: "after" });
    if (!allocated) return null;
    const version = this.newVersion(promptId, allocated.next_version, content, by, now, origin);
    try {
      await this.versions.insertOne(version);
    } catch (err) {
      const existing = origin && isDuplicateKey(err) ? await this.versions.findOne({ _id: version._id }) : null;
      if (!existing) throw err;
      return { version: existing, created: false };
    }
    await this.prompts.updateOne(
      { _id: promptId },
      {
        $max: { "labels.latest": version.version },
        $set: { updated_at: now, search_terms: promptSearchTerms(allocated, version.template) },
      },
    );
    return { version, created: true };
  }

  private newVersion(
    promptId: ObjectId,
    number: number,
    content: VersionContent,
    by: string,
    at: Date,
    origin?: VersionOrigin,
  ): VersionDoc {
    return {
      _id: origin ? importedVersionId(promptId, origin) : new ObjectId(),
      prompt_id: promptId,
      version: number,
      template: content.template,
      variables: content.variables,
      settings: content.settings,
      commit_message: content.commitMessage,
      content_hash: versionContentHash(content),
      ...(origin && { imported_from: { source_id: origin.source_id, version: origin.version } }),
      created_by: by,
      created_at: at,
    };
  }

  /**
   * Moves `latest` up to the highest version that exists: a crash between writing a version and
   * moving `latest` (addVersion) leaves it behind, and an import that finds every version in place
   * would otherwise never move it. The highest version number when it was behind, else null.
   */
  async settleLatest(prompt: PromptDoc): Promise<number | null> {
    const highest = await this.highestVersion(prompt._id);
    if (highest === null || highest <= (labelTarget(prompt, "latest") ?? 0)) return null;
    await this.prompts.updateOne({ _id: prompt._id }, { $max: { "labels.latest": highest } });
    return highest;
  }

  /** The highest version number a prompt has, or null when it has none. */
  async highestVersion(promptId: ObjectId): Promise<number | null> {
    const top = await this.versions
      .find({ prompt_id: promptId }, { projection: { version: 1 } })
      .sort({ version: -1 })
      .limit(1)
      .toArray();
    return top[0]?.version ?? null;
  }

  /** Prompts by id (an import's candidate targets), at most as many as asked for. */
  byIds(ids: ObjectId[]): Promise<PromptDoc[]> {
    return this.prompts.find({ _id: { $in: ids } }).toArray();
  }

  /**
   * The versions of `promptId` that stand for the given versions of the package prompt `sourceId`:
   * the prompt's own numbers when it is that source prompt itself (an export imported back where it
   * came from), else the versions an earlier import wrote from it.
   */
  sourceVersions(promptId: ObjectId, sourceId: string, numbers: number[]): Promise<VersionDoc[]> {
    const filter: Filter<VersionDoc> =
      promptId.toHexString() === sourceId
        ? { prompt_id: promptId, version: { $in: numbers } }
        : { prompt_id: promptId, "imported_from.source_id": sourceId, "imported_from.version": { $in: numbers } };
    return this.versions.find(filter).toArray();
  }

  /** The highest source version an import has written into `promptId` from `sourceId` (the prompt's own highest version when it is the source). */
  async highestSourceVersion(promptId: ObjectId, sourceId: string): Promise<number | null> {
    if (promptId.toHexString() === sourceId) return this.highestVersion(promptId);
    const top = await this.versions
      .find({ prompt_id: promptId, "imported_from.source_id": sourceId }, { projection: { imported_from: 1 } })
      .sort({ "imported_from.version": -1 })
      .limit(1)
      .toArray();
    return top[0]?.imported_from?.version ?? null;
  }

  /** Which of these prompts are licensed (bought on the marketplace). */
  async licensedAmong(ids: ObjectId[]): Promise<ObjectId[]> {
    if (!ids.length) return [];
    return (await this.prompts.find({ $and: [{ _id: { $in: ids } }, LICENSED] }, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
  }

  /**
   * The content hashes among `hashes` that the caller holds only under a licence: versions of
   * licensed prompts they can see, and of no unlicensed prompt they can see (a seller holds their
   * original unlicensed; a buyer only the licensed copy).
   */
  async licensedOnly(visibility: Visibility, hashes: string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const visible = visibilityFilter(visibility) as Filter<PromptDoc>;
    const licensedIds = (await this.prompts.find({ $and: [visible, LICENSED] }, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
    if (!licensedIds.length) return new Set();
    const licensed = new Set(
      (
        await this.versions
          .find({ prompt_id: { $in: licensedIds }, content_hash: { $in: hashes } }, { projection: { content_hash: 1 } })
          .toArray()
      ).map((v) => v.content_hash!),
    );
    if (!licensed.size) return licensed;
    const elsewhere = await this.versions
      .find({ content_hash: { $in: [...licensed] }, prompt_id: { $nin: licensedIds } }, { projection: { content_hash: 1, prompt_id: 1 } })
      .toArray();
    const owned = new Set(
      (
        await this.prompts
          .find({ $and: [{ _id: { $in: [...new Set(elsewhere.map((v) => v.prompt_id))] } }, visible] }, { projection: { _id: 1 } })
          .toArray()
      ).map((p) => p._id.toHexString()),
    );
    for (const v of elsewhere) if (owned.has(v.prompt_id.toHexString())) licensed.delete(v.content_hash!);
    return licensed;
  }

  /** How many prompts an export of `scope` covers. */
  countInScope(scope: PromptScope): Promise<number> {
    return this.prompts.countDocuments(scopeFilter(scope));
  }

  /** The prompts of an export, oldest first, read one batch at a time (at most `limit`). */
  inScope(scope: PromptScope, limit: number): AsyncIterable<PromptDoc> {
    return this.prompts.find(scopeFilter(scope)).sort({ created_at: 1, _id: 1 }).limit(limit).batchSize(50);
  }

  /** A prompt's versions in order (at most `limit`). */
  allVersions(promptId: ObjectId, limit: number): Promise<VersionDoc[]> {
    return this.versions.find({ prompt_id: promptId }).sort({ version: 1 }).limit(limit).toArray();
  }

  /** New title, description or tags; search terms follow (with the latest template). Null when the prompt is gone. */
  updateMeta(prompt: PromptDoc, meta: PromptMeta, latestTemplate: Template): Promise<PromptDoc | null> {
    const tidy = { ...meta, tags: uniqueTags(meta.tags) };
    return this.prompts.findOneAndUpdate(
      { _id: prompt._id },
      { $set: { ...tidy, search_terms: promptSearchTerms(tidy, latestTemplate), updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  setArchived(promptId: ObjectId, archived: boolean): Promise<PromptDoc | null> {
    return this.prompts.findOneAndUpdate({ _id: promptId }, { $set: { archived, updated_at: this.now() } }, { returnDocument: "after" });
  }

  /**
   * Points a label at a version, with one conditional update whose before-image gives the history
   * entry's previous version. The prompt as it is after the move, or null when it is gone.
   */
  async moveLabel(promptId: ObjectId, move: LabelMove): Promise<PromptDoc | null> {
    const now = this.now();
    const before = await this.prompts.findOneAndUpdate(
      { _id: promptId },
      { $set: { [`labels.${move.label}`]: move.version, updated_at: now } },
      { returnDocument: "before" },
    );
    if (!before) return null;
    await this.labelMoves.insertOne({
      _id: new ObjectId(),
      prompt_id: promptId,
      label: move.label,
      from_version: labelTarget(before, move.label) ?? null,
      to_version: move.version,
      moved_by: move.by,
      reason: move.reason,
      at: now,
    });
    return { ...before, labels: { ...before.labels, [move.label]: move.version }, updated_at: now };
  }

  /** The last `limit` label moves, newest first. */
  labelHistory(promptId: ObjectId, limit: number): Promise<LabelMoveDoc[]> {
    return this.labelMoves.find({ prompt_id: promptId }).sort({ at: -1, _id: -1 }).limit(limit).toArray();
  }

  /** Versions newest first, below `below` (one more than `limit`, to tell if there is a next page). */
  versionsPage(promptId: ObjectId, below: number | null, limit: number): Promise<VersionDoc[]> {
    const filter: Filter<VersionDoc> = { prompt_id: promptId };
    if (below !== null) filter.version = { $lt: below };
    return this.versions
      .find(filter)
      .sort({ version: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** One page of a listing over (sort field, _id), a stable total order (one more than `limit`, to tell if there is a next page). */
  list(req: PromptListRequest): Promise<PromptDoc[]> {
    const and: Filter<PromptDoc>[] = [visibilityFilter(req.visibility) as Filter<PromptDoc>, { archived: req.archived }];
    if (req.projectId) and.push({ project_id: req.projectId });
    if (req.tag) and.push({ tags: req.tag });
    if (req.label) and.push({ [`labels.${req.label}`]: { $exists: true } });
    const { field, dir } = SORTS[req.sort];
    if (req.after) {
      const beyond = dir === 1 ? "$gt" : "$lt";
      const { value, id } = req.after;
      and.push({ $or: [{ [field]: { [beyond]: value } }, { [field]: value, _id: { [beyond]: id } }] } as Filter<PromptDoc>);
    }
    return this.prompts
      .find({ $and: and })
      .sort({ [field]: dir, _id: dir })
      .limit(req.limit + 1)
      .toArray();
  }

  /** Keyword search (core/search/prompt-search.ts builds the query; Atlas Search would replace this method). */
  async search(req: PromptSearchRequest): Promise<PromptSearchPage> {
    return termsSearchPage(await this.prompts.aggregate(termsSearchPipeline(req)).toArray(), req.limit);
  }

  /** The prompt goes first (it disappears at once); its versions and label history follow. */
  async delete(promptId: ObjectId): Promise<void> {
    await this.prompts.deleteOne({ _id: promptId });
    await this.versions.deleteMany({ prompt_id: promptId });
    await this.labelMoves.deleteMany({ prompt_id: promptId });
  }

  /** Prompts made from these marketplace licences (a refund revoked them), with their versions and label history. */
  async deleteLicensed(licenceIds: ObjectId[]): Promise<number> {
    if (!licenceIds.length) return 0;
    const filter = { "licensed_from.licenceId": { $in: licenceIds } } as Filter<PromptDoc>;
    const ids = (await this.prompts.find(filter, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
    await this.versions.deleteMany({ prompt_id: { $in: ids } });
    await this.labelMoves.deleteMany({ prompt_id: { $in: ids } });
    return (await this.prompts.deleteMany({ _id: { $in: ids } })).deletedCount;
  }

  /** A deleted team's prompts: dependants first, so repeating an interrupted deletion completes it. */
  async deleteTeamData(teamId: ObjectId): Promise<void> {
    const ids = (await this.prompts.find({ team_id: teamId }, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
    await this.versions.deleteMany({ prompt_id: { $in: ids } });
    await this.labelMoves.deleteMany({ prompt_id: { $in: ids } });
    await this.prompts.deleteMany({ team_id: teamId });
  }

  /**
   * Personal prompts go with the account, with their versions and label history (they hold its text),
   * whoever wrote them; what a user wrote in a team's prompts stays, anonymized.
   */
  personalData() {
    return [
      ownedBy(this.prompts, {
        ownerField: "owner_uid",
        onDelete: "delete",
        excludeFromExport: ["search_terms"],
        cascade: [dependants(this.versions, "prompt_id"), dependants(this.labelMoves, "prompt_id")],
      }),
      ownedBy(this.versions, { ownerField: "created_by", onDelete: "anonymize" }),
      ownedBy(this.labelMoves, { ownerField: "moved_by", onDelete: "anonymize" }),
    ];
  }
}
