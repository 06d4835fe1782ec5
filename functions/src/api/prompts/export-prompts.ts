import { accessTo, ownerOf } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { Reply, StreamReply, type OperationContext } from "../../platform/operation";
import { MAX_BODY_BYTES } from "../../platform/request-input";
import type { Stores } from "../../stores";
import {
  MAX_JSON_PACKAGE_BYTES,
  MAX_PACKAGE_PROJECTS,
  MAX_PACKAGE_PROMPTS,
  MAX_PACKAGE_VERSIONS,
  MAX_VERSIONS_PER_PROMPT,
  MAX_ZIP_CONTENT_BYTES,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  type ExportQuery,
  type PromptPackage,
} from "./package.schema";
import { ZipWriter } from "./package-zip";
import { toPromptFile } from "./prompt-file";
import { licenceOf, type PromptScope } from "./prompts-store";
import { versionContentHash } from "./version-content-hash";

type Source = NonNullable<PromptPackage["source"]>;
type ProjectDoc = Awaited<ReturnType<Stores["projects"]["get"]>>;

const tooLarge = (why: string) =>
  new HttpError(422, "export_too_large", `${why}; export a project or a single prompt instead, or the zip format (larger content)`, {
    details: { maxPrompts: MAX_PACKAGE_PROMPTS, maxVersions: MAX_PACKAGE_VERSIONS, maxVersionsPerPrompt: MAX_VERSIONS_PER_PROMPT },
  });

/** A name for files and folders: lowercase letters, digits and dashes. */
const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "prompt";

/**
 * Exports one prompt, a project's prompts, a team's, or the caller's own (personal) prompts with all
 * their versions, as a package that import reads back: JSON by default, zip with `format=zip`. The
 * package is built from a cursor one prompt at a time and never grows past what one import request
 * can carry (the 10 MB JSON body; 25 MB of files in a zip): beyond that the export stops before
 * sending anything (422 export_too_large).
 */
export async function exportPrompts(ctx: OperationContext<unknown, ExportQuery, unknown>) {
  const prompts = await ctx.services.store("prompts");
  const { scope, source, projects } = await exportScope(ctx);
  const count = await prompts.countInScope(scope);
  if (count > MAX_PACKAGE_PROMPTS) throw tooLarge(`This export holds ${count} prompts; a package holds at most ${MAX_PACKAGE_PROMPTS}`);
  if (projects.length > MAX_PACKAGE_PROJECTS) throw tooLarge(`A package holds at most ${MAX_PACKAGE_PROJECTS} projects`);

  const exportedAt = ctx.services.now();
  const zip = ctx.query.format === "zip" ? await ZipWriter.create(exportedAt) : null;
  const budget = zip ? MAX_ZIP_CONTENT_BYTES : MAX_JSON_PACKAGE_BYTES;
  const projectIds = new Set(projects.map((p) => p._id.toHexString()));
  let bytes = 0;
  let versionCount = 0;
  const entries: PromptPackage["prompts"] = [];
  for await (const prompt of prompts.inScope(scope, MAX_PACKAGE_PROMPTS)) {
    const id = prompt._id.toHexString();
    const versions = await prompts.allVersions(prompt._id, MAX_VERSIONS_PER_PROMPT + 1);
    if (versions.length > MAX_VERSIONS_PER_PROMPT) {
      throw tooLarge(`Prompt ${id} has more than ${MAX_VERSIONS_PER_PROMPT} versions, the most a package holds per prompt`);
    }
    versionCount += versions.length;
    if (versionCount > MAX_PACKAGE_VERSIONS) throw tooLarge(`This export holds more than ${MAX_PACKAGE_VERSIONS} versions`);
    const licence = licenceOf(prompt);
    const folder = `prompts/${slug(prompt.title)}-${id}`;
    const numbers = new Set(versions.map((v) => v.version));
    const exported: PromptPackage["prompts"][number]["versions"] = [];
    for (const v of versions) {
      const text = await toPromptFile(prompt.type, v, licence);
      const file = `${folder}/v${v.version}.prompt`;
      bytes += zip ? Buffer.byteLength(text) : Buffer.byteLength(JSON.stringify(text));
      if (bytes > budget) throw tooLarge(`This export holds more than ${budget / (1024 * 1024)} MB`);
      zip?.add(file, Buffer.from(text));
      exported.push({
        version: v.version,
        contentHash: versionContentHash(v),
        commitMessage: v.commit_message,
        createdAt: v.created_at.toISOString(),
        ...(zip ? { file } : { prompt: text }),
      } as PromptPackage["prompts"][number]["versions"][number]);
    }
    entries.push({
      sourceId: id,
      projectSourceId: prompt.project_id && projectIds.has(prompt.project_id.toHexString()) ? prompt.project_id.toHexString() : null,
      title: prompt.title,
      description: prompt.description,
      tags: prompt.tags,
      type: prompt.type,
      archived: prompt.archived,
      labels: Object.fromEntries(Object.entries(prompt.labels).filter(([label, n]) => label !== "latest" && numbers.has(n))),
      licensedFrom: licence,
      versions: exported,
    });
  }
  const manifest: PromptPackage = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    source,
    projects: projects.map((p) => ({ sourceId: p._id.toHexString(), name: p.name })),
    prompts: entries,
  };
  const filename = `promptforge-${source.scope}-${exportedAt.toISOString().slice(0, 10)}.${zip ? "zip" : "json"}`;
  const headers = { "Content-Disposition": `attachment; filename="${filename}"` };
  log.info("prompt_package_exported", {
    uid: ctx.caller.uid,
    scope: source.scope,
    prompts: entries.length,
    versions: versionCount,
    format: ctx.query.format,
  });
  if (!zip) {
    if (Buffer.byteLength(JSON.stringify(manifest)) > MAX_JSON_PACKAGE_BYTES) throw tooLarge("This export holds more than 10 MB");
    return new Reply(200, manifest, headers);
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  if (bytes + manifestBytes.length > budget) throw tooLarge(`This export holds more than ${budget / (1024 * 1024)} MB`);
  zip.add("manifest.json", manifestBytes);
  const archive = await zip.finish();
  if (archive.length > MAX_BODY_BYTES) throw tooLarge("The zip would exceed 10 MB, more than one import request can carry");
  return new StreamReply(
    async (out) => {
      out.write(archive);
    },
    "application/zip",
    headers,
  );
}

/** What the query asks to export, once the caller may read it (404 when they cannot see it). */
async function exportScope(
  ctx: OperationContext<unknown, ExportQuery, unknown>,
): Promise<{ scope: PromptScope; source: Source; projects: ProjectDoc[] }> {
  const { promptId, projectId, teamId } = ctx.query;
  if (promptId) {
    const { prompt } = await (await ctx.services.store("prompts")).load(ctx.caller, promptId, "read");
    return { scope: { promptId: prompt._id }, source: { scope: "prompt", id: promptId }, projects: [] };
  }
  const [projects, teams] = await Promise.all([ctx.services.store("projects"), ctx.services.store("teams")]);
  if (projectId) {
    const project = await projects.get(toObjectId(projectId, "Project"));
    (await accessTo(teams, ctx.caller, ownerOf(project))).require("read", "Project");
    return { scope: { projectId: project._id }, source: { scope: "project", id: projectId }, projects: [project] };
  }
  if (teamId) {
    const team = toObjectId(teamId, "Team");
    (await accessTo(teams, ctx.caller, { kind: "team", teamId: team })).require("read", "Team");
    return {
      scope: { teamId: team },
      source: { scope: "team", id: teamId },
      projects: await projects.ofOwner({ teamId: team }, MAX_PACKAGE_PROJECTS + 1),
    };
  }
  return {
    scope: { ownerUid: ctx.caller.uid },
    source: { scope: "account", id: null },
    projects: await projects.ofOwner({ uid: ctx.caller.uid }, MAX_PACKAGE_PROJECTS + 1),
  };
}
