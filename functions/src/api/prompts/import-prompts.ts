import { ObjectId } from "mongodb";
import { accessTo, visibleTo, type ResourceOwner } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { findTier, type TierId } from "../../core/billing/catalog";
import { userTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot, tierLimitReached } from "../../core/limits/tier-limits";
import { derivedId } from "../../platform/derived-id";
import { notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { Stores } from "../../stores";
import { newPromptHome } from "./new-prompt-home";
import type { ImportedPromptReport, ImportQuery, ImportReport } from "./package.schema";
import { readPackage, type ValidPackage, type ValidPrompt, type ValidVersion } from "./package-reader";
import { labelTarget, type PromptDoc, type PromptHome } from "./prompts-store";
import { MAX_LABELS } from "./prompts.schema";
import { versionContentHash } from "./version-content-hash";

/** Where an import writes: an owner (the caller or a team), and one project when everything goes into it. */
interface Destination {
  owner: ResourceOwner;
  /** Set: every prompt goes into this project, and the package's projects are not recreated. */
  projectId: ObjectId | null;
  /** The owner's tier, which caps how many projects the import may create. */
  tier(): Promise<TierId>;
}

interface ProjectPlan {
  sourceId: string;
  name: string;
  action: "create" | "existing" | "flattened";
  id: ObjectId | null;
}

interface VersionPlan {
  source: ValidVersion;
  action: "create" | "unchanged" | "conflict";
  version: number | null;
  message?: string;
}

interface LabelPlan {
  label: string;
  sourceVersion: number;
  action: "move" | "unchanged" | "skipped" | "not_requested";
  from: number | null;
  to: number | null;
  message?: string;
}

interface PromptPlan {
  source: ValidPrompt;
  action: ImportedPromptReport["action"];
  reason: { code: string; message: string } | null;
  home: PromptHome;
  /** The prompt written to: the existing target, or the id a new one gets (derived from its source and home). */
  id: ObjectId | null;
  existing: PromptDoc | null;
  versions: VersionPlan[];
  labels: LabelPlan[];
  latestRepaired: number | null;
}

const ownerKey = (owner: ResourceOwner) => (owner.kind === "user" ? `user:${owner.uid}` : `team:${owner.teamId.toHexString()}`);
const homeOf = (owner: ResourceOwner, projectId: ObjectId | null): PromptHome => ({
  owner_uid: owner.kind === "user" ? owner.uid : null,
  team_id: owner.kind === "team" ? owner.teamId : null,
  project_id: projectId,
});
const sameHome = (doc: PromptHome, home: PromptHome) =>
  doc.owner_uid === home.owner_uid && String(doc.team_id) === String(home.team_id) && String(doc.project_id) === String(home.project_id);
const ownedBy = (doc: { owner_uid: string | null; team_id: ObjectId | null }, owner: ResourceOwner) =>
  owner.kind === "user" ? doc.owner_uid === owner.uid && !doc.team_id : String(doc.team_id) === owner.teamId.toHexString();
/** A source id that is one of our ids names that document (a package imported back where it was exported). */
const asObjectId = (id: string) => (/^[0-9a-f]{24}$/.test(id) ? new ObjectId(id) : null);

/**
 * Imports a prompt package (JSON or zip; package-reader.ts checks all of it first: any problem → 400
 * and nothing written). Each prompt goes to a target: the prompt it was exported from when it lives
 * in the destination, or the one an earlier import created from it (ids derived from the source);
 * otherwise a new prompt. A target gets only the versions it lacks, appended in order through the
 * prompts store; a version already there (same source version and content hash) changes nothing, so
 * re-running an import never duplicates versions, and a crash half-way is completed by running it
 * again. A version already there with other content is a conflict: nothing is written for that
 * prompt. Labels never move unless `labels=apply`, and then only as the last step. Licensed (bought)
 * prompts are refused. `dryRun=true` answers the same report and writes nothing.
 */
export async function importPrompts(ctx: OperationContext<unknown, ImportQuery, unknown>) {
  const destination = await destinationOf(ctx);
  const pkg = await readPackage(ctx.raw.body, header(ctx.raw.headers["content-type"]));
  const dryRun = ctx.query.dryRun === "true";
  const applyLabels = ctx.query.labels === "apply";
  const [prompts, projects] = await Promise.all([ctx.services.store("prompts"), ctx.services.store("projects")]);

  const projectPlans = await planProjects(pkg, destination, projects);
  const promptPlans = await planPrompts(ctx, pkg, destination, projectPlans, applyLabels, prompts);

  if (!dryRun) {
    await createProjects(ctx, destination, projectPlans, projects);
    for (const plan of promptPlans) await writeVersions(ctx.caller.uid, plan, prompts);
    // The last step, and only when asked: labels point at versions that all exist by now.
    if (applyLabels) for (const plan of promptPlans) await moveLabels(ctx.caller.uid, plan, prompts);
  }
  const report = reportOf(dryRun, ctx.query.labels, destination, projectPlans, promptPlans);
  log.info("prompt_package_imported", { uid: ctx.caller.uid, dryRun, labels: ctx.query.labels, ...flatSummary(report.summary) });
  return report;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The destination, once the caller may write there: a project (editors and up), a team (editors and up), or their own space. */
async function destinationOf(ctx: OperationContext<unknown, ImportQuery, unknown>): Promise<Destination> {
  const { projectId, teamId } = ctx.query;
  if (projectId) {
    const home = await newPromptHome(ctx.services, ctx.caller, projectId);
    const owner: ResourceOwner = home.team_id ? { kind: "team", teamId: home.team_id } : { kind: "user", uid: home.owner_uid! };
    return { owner, projectId: home.project_id, tier: () => ctx.services.tier(ctx.caller) };
  }
  if (teamId) {
    const teams = await ctx.services.store("teams");
    const id = toObjectId(teamId, "Team");
    (await accessTo(teams, ctx.caller, { kind: "team", teamId: id })).require("write", "Team");
    return {
      owner: { kind: "team", teamId: id },
      projectId: null,
      // Team projects count against the team owner's tier (as createProject does).
      async tier() {
        const team = await teams.find(id);
        if (!team) throw notFound("Team");
        return userTier(ctx.services, team.owner_uid);
      },
    };
  }
  return { owner: { kind: "user", uid: ctx.caller.uid }, projectId: null, tier: () => ctx.services.tier(ctx.caller) };
}

/**
 * The package's projects in the destination: flattened into the destination project, or found (the
 * project itself, or one an earlier import created from it), or to be created, within the owner's
 * tier (403 tier_limit_reached before anything is written, as createProject answers).
 */
async function planProjects(pkg: ValidPackage, destination: Destination, projects: Stores["projects"]): Promise<ProjectPlan[]> {
  if (destination.projectId) return pkg.projects.map((p) => ({ sourceId: p.sourceId, name: p.name, action: "flattened", id: null }));
  const key = ownerKey(destination.owner);
  const derived = (sourceId: string) => derivedId("imported-project", `${key}:${sourceId}`);
  const candidates = pkg.projects.flatMap((p) => [asObjectId(p.sourceId), derived(p.sourceId)].filter((id): id is ObjectId => id !== null));
  const found = new Map(
    (candidates.length ? await projects.byIds(candidates) : [])
      .filter((d) => ownedBy(d, destination.owner))
      .map((d) => [d._id.toHexString(), d]),
  );
  const plans = pkg.projects.map((p): ProjectPlan => {
    const existing = found.get(p.sourceId) ?? found.get(derived(p.sourceId).toHexString());
    return existing
      ? { sourceId: p.sourceId, name: p.name, action: "existing", id: existing._id }
      : { sourceId: p.sourceId, name: p.name, action: "create", id: derived(p.sourceId) };
  });
  const creating = plans.filter((p) => p.action === "create").length;
  if (creating) {
    const tier = await destination.tier();
    const max = findTier(tier).limits.projects;
    if (max !== null && (await projects.count(countOwner(destination.owner))) + creating > max)
      throw tierLimitReached("projects", tier, max);
  }
  return plans;
}

const countOwner = (owner: ResourceOwner) => (owner.kind === "user" ? { uid: owner.uid } : { teamId: owner.teamId });

async function planPrompts(
  ctx: OperationContext<unknown, ImportQuery, unknown>,
  pkg: ValidPackage,
  destination: Destination,
  projectPlans: ProjectPlan[],
  applyLabels: boolean,
  prompts: Stores["prompts"],
): Promise<PromptPlan[]> {
  const projectOf = new Map(projectPlans.map((p) => [p.sourceId, p.id]));
  const key = ownerKey(destination.owner);
  const homes = pkg.prompts.map((p) =>
    homeOf(destination.owner, destination.projectId ?? (p.projectSourceId ? (projectOf.get(p.projectSourceId) ?? null) : null)),
  );
  const derived = pkg.prompts.map((p, i) =>
    derivedId("imported-prompt", `${key}:${homes[i].project_id?.toHexString() ?? "root"}:${p.sourceId}`),
  );
  const ownIds = pkg.prompts.map((p) => asObjectId(p.sourceId));
  const candidates = [...ownIds.filter((id): id is ObjectId => id !== null), ...derived];
  const found = new Map((await prompts.byIds(candidates)).map((d) => [d._id.toHexString(), d]));
  // A package that lost its licence marks still comes from a licensed prompt, or holds content the
  // caller has only under a licence.
  const licensedSources = new Set(
    (await prompts.licensedAmong(ownIds.filter((id): id is ObjectId => id !== null))).map((id) => id.toHexString()),
  );
  const visibility = await visibleTo(await ctx.services.store("teams"), ctx.caller.uid);
  const licensedContent = await prompts.licensedOnly(visibility, [...new Set(pkg.prompts.flatMap((p) => p.versions.map((v) => v.hash)))]);

  const plans: PromptPlan[] = [];
  for (const [i, source] of pkg.prompts.entries()) {
    const home = homes[i];
    const own = found.get(source.sourceId);
    const existing = own && sameHome(own, home) ? own : (found.get(derived[i].toHexString()) ?? null);
    const plan: PromptPlan = {
      source,
      action: "create",
      reason: null,
      home,
      id: existing?._id ?? derived[i],
      existing,
      versions: [],
      labels: [],
      latestRepaired: null,
    };
    plans.push(plan);
    const refusal = refusalOf(source, licensedSources, licensedContent);
    if (refusal) {
      Object.assign(plan, { action: "refused", reason: refusal, id: existing?._id ?? null });
      continue;
    }
    plan.versions = existing
      ? await matchVersions(existing, source, prompts)
      : source.versions.map((v) => ({ source: v, action: "create", version: null }));
    const conflicts = plan.versions.filter((v) => v.action === "conflict");
    if (conflicts.length) {
      plan.action = "conflict";
      plan.reason = { code: "version_conflict", message: conflicts[0].message! };
      continue;
    }
    plan.action = !existing ? "create" : plan.versions.some((v) => v.action === "create") ? "update" : "unchanged";
    if (existing) {
      const highest = await prompts.highestVersion(existing._id);
      if (highest !== null && highest > (labelTarget(existing, "latest") ?? 0)) plan.latestRepaired = highest;
    }
    plan.labels = planLabels(plan, applyLabels);
  }
  return plans;
}

function refusalOf(
  source: ValidPrompt,
  licensedSources: Set<string>,
  licensedContent: Set<string>,
): { code: string; message: string } | null {
  const why = source.licensed
    ? "it is marked as bought on the marketplace"
    : licensedSources.has(source.sourceId)
      ? "it was exported from a prompt bought on the marketplace"
      : source.versions.some((v) => licensedContent.has(v.hash))
        ? `version ${source.versions.find((v) => licensedContent.has(v.hash))!.sourceVersion} is content you hold under a marketplace licence`
        : null;
  return why
    ? {
        code: "licensed_content",
        message: `Not imported: ${why}. Licensed prompts are not for resale or re-import as your own; fork them again from your licence.`,
      }
    : null;
}

/** Which of the package's versions the target has (same content → unchanged; other content → conflict) and which it lacks. */
async function matchVersions(target: PromptDoc, source: ValidPrompt, prompts: Stores["prompts"]): Promise<VersionPlan[]> {
  const numbers = source.versions.map((v) => v.sourceVersion);
  const isSource = target._id.toHexString() === source.sourceId;
  const there = new Map(
    (await prompts.sourceVersions(target._id, source.sourceId, numbers)).map((d) => [isSource ? d.version : d.imported_from!.version, d]),
  );
  const highest = (await prompts.highestSourceVersion(target._id, source.sourceId)) ?? 0;
  return source.versions.map((v): VersionPlan => {
    const doc = there.get(v.sourceVersion);
    if (doc) {
      const hash = doc.content_hash ?? versionContentHash(doc);
      return hash === v.hash
        ? { source: v, action: "unchanged", version: doc.version }
        : {
            source: v,
            action: "conflict",
            version: doc.version,
            message: `Source version ${v.sourceVersion} is here as version ${doc.version} with other content`,
          };
    }
    if (v.sourceVersion < highest) {
      return {
        source: v,
        action: "conflict",
        version: null,
        message: `Source version ${v.sourceVersion} is missing here but version ${highest} is already imported: versions are imported in order`,
      };
    }
    return { source: v, action: "create", version: null };
  });
}

/** What applying the package's labels would do (computed either way, so a dry run shows it). */
function planLabels(plan: PromptPlan, apply: boolean): LabelPlan[] {
  const current = plan.existing ? { ...plan.existing.labels } : { latest: 1 };
  let count = Object.keys(current).length;
  return Object.entries(plan.source.labels).map(([label, sourceVersion]): LabelPlan => {
    const from = labelTarget({ labels: current }, label) ?? null;
    const to = plan.versions.find((v) => v.source.sourceVersion === sourceVersion)?.version ?? null;
    if (!apply) return { label, sourceVersion, action: "not_requested", from, to };
    if (to !== null && from === to) return { label, sourceVersion, action: "unchanged", from, to };
    if (from === null && count >= MAX_LABELS) {
      return { label, sourceVersion, action: "skipped", from, to, message: `A prompt has at most ${MAX_LABELS} labels` };
    }
    if (from === null) count++;
    return { label, sourceVersion, action: "move", from, to };
  });
}

async function createProjects(
  ctx: OperationContext<unknown, ImportQuery, unknown>,
  destination: Destination,
  plans: ProjectPlan[],
  projects: Stores["projects"],
): Promise<void> {
  const creating = plans.filter((p) => p.action === "create");
  if (!creating.length) return;
  const tier = await destination.tier();
  const owner = destination.owner;
  const scope = owner.kind === "user" ? { kind: "user" as const, uid: owner.uid } : { kind: "team" as const, teamId: owner.teamId };
  for (const plan of creating) {
    // The slot is taken before the insert, as createProject does, so concurrent creates stay within the tier.
    await takeTierSlot(ctx.services, "projects", tier, { scope, countExisting: () => projects.count(countOwner(owner)) });
    const created = await projects
      .createImported(
        { name: plan.name, uid: ctx.caller.uid, teamId: owner.kind === "team" ? owner.teamId : null },
        plan.id!,
        plan.sourceId,
      )
      .catch(async (err) => {
        await releaseTierSlot(ctx.services, "projects", scope);
        throw err;
      });
    // Created meanwhile by a concurrent run of the same import: it holds its own slot.
    if (!created) await releaseTierSlot(ctx.services, "projects", scope);
  }
}

/** Appends the versions a prompt lacks, in order (the first one creates the prompt when it is new). */
async function writeVersions(uid: string, plan: PromptPlan, prompts: Stores["prompts"]): Promise<void> {
  if (plan.action !== "create" && plan.action !== "update" && plan.action !== "unchanged") return;
  if (plan.existing && plan.latestRepaired !== null) await prompts.settleLatest(plan.existing);
  const pending = plan.versions.filter((v) => v.action === "create");
  const origin = (v: VersionPlan) => ({ source_id: plan.source.sourceId, version: v.source.sourceVersion });
  let rest = pending;
  if (plan.action === "create" && pending.length) {
    const first = pending[0];
    const created = await prompts.createImported(
      {
        home: plan.home,
        meta: { title: plan.source.title, description: plan.source.description, tags: plan.source.tags },
        type: plan.source.type,
        forkedFrom: null,
        first: first.source.content,
        createdBy: uid,
        archived: plan.source.archived,
      },
      plan.id!,
      origin(first),
    );
    // Null: a concurrent run of the same import created it; appending below is deduplicated the same way.
    if (created) {
      first.version = created.version.version;
      rest = pending.slice(1);
    }
  }
  for (const v of rest) {
    const written = await prompts.addImportedVersion(plan.id!, v.source.content, uid, origin(v));
    if (!written) {
      Object.assign(v, { action: "conflict", message: "The prompt was deleted during the import" });
      plan.action = "conflict";
      plan.reason = { code: "prompt_deleted", message: "The prompt was deleted during the import" };
      return;
    }
    v.version = written.version.version;
    if (!written.created && (written.version.content_hash ?? versionContentHash(written.version)) !== v.source.hash) {
      Object.assign(v, {
        action: "conflict",
        message: `A concurrent import wrote other content for source version ${v.source.sourceVersion}`,
      });
      plan.action = "conflict";
      plan.reason = { code: "version_conflict", message: v.message! };
    } else if (!written.created) {
      v.action = "unchanged";
    }
  }
  if (plan.action !== "conflict") plan.labels = planLabelsAfterWrite(plan);
}

/** The label plan with the version numbers the write gave (a dry run cannot know them). */
function planLabelsAfterWrite(plan: PromptPlan): LabelPlan[] {
  return plan.labels.map((l) => {
    const to = plan.versions.find((v) => v.source.sourceVersion === l.sourceVersion)?.version ?? null;
    if (l.action === "move" && to !== null && l.from === to) return { ...l, action: "unchanged", to };
    return { ...l, to };
  });
}

async function moveLabels(uid: string, plan: PromptPlan, prompts: Stores["prompts"]): Promise<void> {
  if (plan.action === "refused" || plan.action === "conflict") return;
  for (const label of plan.labels) {
    if (label.action !== "move" || label.to === null) continue;
    const moved = await prompts.moveLabel(plan.id!, {
      label: label.label,
      version: label.to,
      by: uid,
      reason: `Imported from a package (source ${plan.source.sourceId} v${label.sourceVersion})`,
    });
    if (!moved) Object.assign(label, { action: "skipped", message: "The prompt was deleted during the import" });
  }
}

function reportOf(
  dryRun: boolean,
  labels: ImportQuery["labels"],
  destination: Destination,
  projectPlans: ProjectPlan[],
  promptPlans: PromptPlan[],
): ImportReport {
  const count = <T>(items: T[], pick: (t: T) => boolean) => items.filter(pick).length;
  const versions = promptPlans.filter((p) => p.action !== "refused").flatMap((p) => p.versions);
  const labelPlans = promptPlans.flatMap((p) => p.labels);
  return {
    dryRun,
    labels,
    destination: {
      owner: destination.owner.kind === "user" ? destination.owner : { kind: "team", teamId: destination.owner.teamId.toHexString() },
      projectId: destination.projectId?.toHexString() ?? null,
    },
    summary: {
      prompts: {
        create: count(promptPlans, (p) => p.action === "create"),
        update: count(promptPlans, (p) => p.action === "update"),
        unchanged: count(promptPlans, (p) => p.action === "unchanged"),
        refused: count(promptPlans, (p) => p.action === "refused"),
        conflict: count(promptPlans, (p) => p.action === "conflict"),
      },
      versions: {
        create: count(versions, (v) => v.action === "create"),
        unchanged: count(versions, (v) => v.action === "unchanged"),
        conflict: count(versions, (v) => v.action === "conflict"),
      },
      projects: {
        create: count(projectPlans, (p) => p.action === "create"),
        existing: count(projectPlans, (p) => p.action === "existing"),
      },
      labels: {
        move: count(labelPlans, (l) => l.action === "move"),
        unchanged: count(labelPlans, (l) => l.action === "unchanged"),
        skipped: count(labelPlans, (l) => l.action === "skipped"),
      },
    },
    projects: projectPlans.map((p) => ({ sourceId: p.sourceId, name: p.name, action: p.action, projectId: p.id?.toHexString() ?? null })),
    prompts: promptPlans.map((p) => ({
      index: p.source.index,
      sourceId: p.source.sourceId,
      title: p.source.title,
      action: p.action,
      promptId: p.action === "refused" ? (p.existing?._id.toHexString() ?? null) : (p.id?.toHexString() ?? null),
      reason: p.reason,
      versions: p.versions.map((v) => ({
        sourceVersion: v.source.sourceVersion,
        action: v.action,
        version: v.version,
        ...(v.message ? { message: v.message } : {}),
      })),
      labels: p.labels.map((l) => ({ ...l })),
      latestRepaired: p.latestRepaired,
      warnings: [...new Set(p.versions.flatMap((v) => v.source.warnings.map((w) => `v${v.source.sourceVersion}: ${w}`)))],
    })),
  };
}

const flatSummary = (s: ImportReport["summary"]) => ({
  promptsCreated: s.prompts.create,
  promptsUpdated: s.prompts.update,
  promptsRefused: s.prompts.refused,
  promptsConflicting: s.prompts.conflict,
  versionsCreated: s.versions.create,
  labelsMoved: s.labels.move,
});
