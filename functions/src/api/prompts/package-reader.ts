import type { z } from "zod";
import { HttpError } from "../../platform/http-error";
import { isJsonContentType } from "../../platform/request-input";
import {
  MAX_JSON_PACKAGE_BYTES,
  MAX_PACKAGE_LABELS,
  MAX_PACKAGE_PROJECTS,
  MAX_PACKAGE_PROMPTS,
  MAX_PACKAGE_VERSIONS,
  MAX_VERSIONS_PER_PROMPT,
  MAX_ZIP_CONTENT_BYTES,
  PromptPackage,
  ZipManifest,
} from "./package.schema";
import { readZip } from "./package-zip";
import { dataProblems, joinPath, parsePromptFile } from "./prompt-file";
import type { VersionContent } from "./prompts-store";
import { checkVersion, type PromptType } from "../../core/prompts/prompt-template";
import { sanitizeDescription } from "../../core/prompts/sanitize-description";
import { versionContentHash } from "./version-content-hash";

/** One problem of a package: where (`prompts[3].versions[1].template`), a stable code, and why. */
export interface PackageProblem {
  path: string;
  code: string;
  message: string;
}

export interface ValidVersion {
  sourceVersion: number;
  content: VersionContent;
  hash: string;
  warnings: string[];
}

export interface ValidPrompt {
  /** Its position in the package's `prompts`. */
  index: number;
  sourceId: string;
  projectSourceId: string | null;
  title: string;
  description: string;
  tags: string[];
  type: PromptType;
  archived: boolean;
  labels: Record<string, number>;
  /** The manifest or one of its files marks it as bought on the marketplace. */
  licensed: boolean;
  versions: ValidVersion[];
}

export interface ValidPackage {
  projects: { sourceId: string; name: string }[];
  prompts: ValidPrompt[];
}

/** The most problems one answer lists (`details.total` counts them all). */
export const MAX_REPORTED_PROBLEMS = 1_000;
const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function invalidPackage(problems: PackageProblem[]): HttpError {
  const first = problems[0];
  return new HttpError(
    400,
    "invalid_package",
    `The package has ${problems.length} problem${problems.length === 1 ? "" : "s"}${first ? `; first: ${first.path}: ${first.message}` : ""}; nothing was imported`,
    { details: { problems: problems.slice(0, MAX_REPORTED_PROBLEMS), total: problems.length } },
  );
}

/**
 * Reads and checks a whole package before anything is written: the JSON document or the zip and its
 * manifest, every `.prompt` file (front matter, template, variables, settings, the same checks as a
 * new version through the API), content hashes, and the references between its parts. Any problem
 * → 400 `invalid_package` listing every problem with its path.
 */
export async function readPackage(body: Buffer, contentType: string | undefined): Promise<ValidPackage> {
  if (!body.length) {
    throw invalidPackage([{ path: "(body)", code: "empty", message: "Send a package as application/json or application/zip" }]);
  }
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (isJsonContentType(contentType)) {
    if (body.length > MAX_JSON_PACKAGE_BYTES) throw invalidPackage([{ path: "(body)", code: "package_too_large", message: "over 10 MB" }]);
    return checkPackage(parseJson(body, "(body)"), null);
  }
  if (ZIP_TYPES.has(mediaType)) {
    const zip = await readZip(body, { maxEntries: MAX_PACKAGE_VERSIONS + MAX_PACKAGE_PROMPTS + 1, maxBytes: MAX_ZIP_CONTENT_BYTES });
    // A damaged or oversized archive stops here; problems with single files are reported with the manifest's.
    if (zip.problems.some((p) => p.path === "(zip)")) throw invalidPackage(zip.problems);
    const manifest = zip.files.get("manifest.json");
    if (!manifest)
      throw invalidPackage([...zip.problems, { path: "(zip)", code: "missing_manifest", message: "The archive has no manifest.json" }]);
    return checkPackage(parseJson(manifest, "manifest.json", zip.problems), zip.files, zip.problems);
  }
  throw new HttpError(415, "unsupported_media_type", "Send the package as application/json or application/zip");
}

function parseJson(bytes: Buffer, where: string, earlier: PackageProblem[] = []): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw invalidPackage([
      ...earlier,
      { path: where, code: "invalid_json", message: `Not valid JSON (UTF-8): ${(err as Error).message.slice(0, 200)}` },
    ]);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function zodProblems(error: z.ZodError): PackageProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: joinPath("", [...issue.path, key]), code: "unknown_field", message: "Unknown field" }))
      : [{ path: joinPath("", issue.path) || "(package)", code: issue.code, message: issue.message }],
  );
}

interface FileResult {
  version: ValidVersion;
  licensed: boolean;
}

async function checkPackage(raw: unknown, files: Map<string, Buffer> | null, earlier: PackageProblem[] = []): Promise<ValidPackage> {
  const problems: PackageProblem[] = [...earlier];
  problems.push(
    ...dataProblems(raw).map((p) => ({
      path: joinPath("", p.path) || "(package)",
      code: "invalid_data",
      message: p.message,
    })),
  );
  const parsed = (files ? ZipManifest : PromptPackage).safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(parsed.error));

  // Every .prompt file is read even when the manifest has problems, so that one answer lists them all.
  const results = new Map<string, FileResult>();
  const referenced = new Set<string>();
  const rawPrompts = isRecord(raw) && Array.isArray(raw.prompts) ? raw.prompts.slice(0, MAX_PACKAGE_PROMPTS) : [];
  let versionsSeen = 0;
  for (const [i, prompt] of rawPrompts.entries()) {
    if (!isRecord(prompt) || !Array.isArray(prompt.versions)) continue;
    const type = prompt.type === "text" || prompt.type === "chat" ? prompt.type : undefined;
    for (const [j, version] of prompt.versions.slice(0, MAX_VERSIONS_PER_PROMPT).entries()) {
      if (++versionsSeen > MAX_PACKAGE_VERSIONS || !isRecord(version)) continue;
      const at = `prompts[${i}].versions[${j}]`;
      const text = fileText(version, files, at, referenced, problems);
      if (text === undefined) continue;
      const result = await checkFile(text, type, version, at, problems);
      if (result) results.set(at, result);
    }
  }
  if (versionsSeen > MAX_PACKAGE_VERSIONS) {
    problems.push({
      path: "prompts",
      code: "too_many_versions",
      message: `A package holds at most ${MAX_PACKAGE_VERSIONS} versions in all`,
    });
  }
  if (files) {
    for (const name of files.keys()) {
      if (name !== "manifest.json" && !referenced.has(name)) {
        problems.push({ path: `files["${name}"]`, code: "unreferenced_file", message: "No version of the manifest names this file" });
      }
    }
  }
  problems.push(...crossProblems(raw));
  if (problems.length || !parsed.success) throw invalidPackage(problems);

  return {
    projects: parsed.data.projects,
    prompts: parsed.data.prompts.map((p, i) => {
      const versions = p.versions.map((_, j) => results.get(`prompts[${i}].versions[${j}]`)!);
      return {
        index: i,
        sourceId: p.sourceId,
        projectSourceId: p.projectSourceId,
        title: p.title,
        description: sanitizeDescription(p.description),
        tags: p.tags,
        type: p.type,
        archived: p.archived,
        labels: p.labels,
        licensed: (p.licensedFrom !== undefined && p.licensedFrom !== null) || versions.some((v) => v.licensed),
        versions: versions.map((v) => v.version),
      };
    }),
  };
}

/** A version's file text: inline (JSON form) or the archive entry it names (zip form). */
function fileText(
  version: Record<string, unknown>,
  files: Map<string, Buffer> | null,
  at: string,
  referenced: Set<string>,
  problems: PackageProblem[],
): string | undefined {
  if (!files) return typeof version.prompt === "string" ? version.prompt : undefined;
  if (typeof version.file !== "string") return undefined;
  const bytes = files.get(version.file);
  if (!bytes || !version.file.endsWith(".prompt")) {
    problems.push({
      path: `${at}.file`,
      code: "missing_file",
      message: `The archive has no .prompt file named ${version.file.slice(0, 300)}`,
    });
    return undefined;
  }
  if (referenced.has(version.file)) {
    problems.push({ path: `${at}.file`, code: "duplicate_file", message: "Another version names the same file" });
    return undefined;
  }
  referenced.add(version.file);
  try {
    return utf8.decode(bytes);
  } catch {
    problems.push({ path: `${at}.file`, code: "invalid_utf8", message: "The file is not UTF-8 text" });
    return undefined;
  }
}

/** A `.prompt` file read and checked as a new version would be, and its hash against the manifest's. */
async function checkFile(
  text: string,
  type: PromptType | undefined,
  version: Record<string, unknown>,
  at: string,
  problems: PackageProblem[],
): Promise<FileResult | null> {
  const read = await parsePromptFile(text, type);
  problems.push(...read.problems.map((p) => ({ ...p, path: `${at}.${p.path}` })));
  if (!read.file) return null;
  let variables;
  try {
    variables = checkVersion(read.file.type, read.file.template, read.file.variables);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    problems.push({ path: `${at}.${err.code.includes("variable") ? "input" : "template"}`, code: err.code, message: err.message });
    return null;
  }
  const content = { template: read.file.template, variables, settings: read.file.settings };
  const hash = versionContentHash(content);
  if (typeof version.contentHash === "string" && /^sha256:[0-9a-f]{64}$/.test(version.contentHash) && version.contentHash !== hash) {
    problems.push({
      path: `${at}.contentHash`,
      code: "hash_mismatch",
      message: `The file's content hashes to ${hash}: it changed since the export (remove contentHash to import an edited file)`,
    });
    return null;
  }
  const commitMessage = typeof version.commitMessage === "string" ? version.commitMessage : null;
  return {
    version: {
      sourceVersion: typeof version.version === "number" ? version.version : 0,
      content: { ...content, commitMessage },
      hash,
      warnings: read.file.warnings,
    },
    licensed: read.file.licensed,
  };
}

/**
 * What the manifest's parts can get wrong together: duplicate ids, dangling project references,
 * version order, labels. Read from the raw manifest, defensively, so that these are reported along
 * with its schema problems in one answer.
 */
function crossProblems(raw: unknown): PackageProblem[] {
  const problems: PackageProblem[] = [];
  if (!isRecord(raw)) return problems;
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const idOf = (v: unknown) => (isRecord(v) && typeof v.sourceId === "string" ? v.sourceId : null);
  const projects = new Map<string, number>();
  for (const [i, project] of list(raw.projects).slice(0, MAX_PACKAGE_PROJECTS).entries()) {
    const id = idOf(project);
    if (id === null) continue;
    const first = projects.get(id);
    if (first !== undefined)
      problems.push({ path: `projects[${i}].sourceId`, code: "duplicate_source_id", message: `Also the id of projects[${first}]` });
    else projects.set(id, i);
  }
  const prompts = new Map<string, number>();
  for (const [i, prompt] of list(raw.prompts).slice(0, MAX_PACKAGE_PROMPTS).entries()) {
    if (!isRecord(prompt)) continue;
    const at = `prompts[${i}]`;
    const id = idOf(prompt);
    if (id !== null) {
      const first = prompts.get(id);
      if (first !== undefined)
        problems.push({ path: `${at}.sourceId`, code: "duplicate_source_id", message: `Also the id of prompts[${first}]` });
      else prompts.set(id, i);
    }
    if (typeof prompt.projectSourceId === "string" && !projects.has(prompt.projectSourceId)) {
      problems.push({ path: `${at}.projectSourceId`, code: "unknown_project", message: "No project of the package has this id" });
    }
    const numbers = new Set<number>();
    let previous = 0;
    for (const [j, version] of list(prompt.versions).slice(0, MAX_VERSIONS_PER_PROMPT).entries()) {
      if (!isRecord(version) || typeof version.version !== "number") continue;
      if (version.version <= previous) {
        problems.push({
          path: `${at}.versions[${j}].version`,
          code: "version_order",
          message: `Versions are listed oldest first: ${version.version} follows ${previous}`,
        });
      }
      previous = Math.max(previous, version.version);
      numbers.add(version.version);
    }
    if (!isRecord(prompt.labels)) continue;
    const labels = Object.keys(prompt.labels);
    if (labels.length >= MAX_PACKAGE_LABELS) {
      problems.push({
        path: `${at}.labels`,
        code: "too_many_labels",
        message: `A prompt has at most ${MAX_PACKAGE_LABELS - 1} labels besides latest`,
      });
    }
    for (const label of labels.slice(0, MAX_PACKAGE_LABELS)) {
      const target = prompt.labels[label];
      if (label === "latest") {
        problems.push({ path: `${at}.labels.latest`, code: "label_reserved", message: "latest moves by itself; leave it out" });
      } else if (typeof target === "number" && !numbers.has(target)) {
        problems.push({ path: `${at}.labels.${label}`, code: "unknown_version", message: `Version ${target} is not in the package` });
      }
    }
  }
  return problems;
}
