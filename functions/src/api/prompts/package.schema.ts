import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { DisplayText, Owner } from "../../platform/common-schemas";
import { MAX_BODY_BYTES } from "../../platform/request-input";
import { Description, Label, MAX_LABELS, PromptType, Tags, Title } from "./prompts.schema";

/**
 * Prompt packages (export and import): a manifest of prompts, each with its versions as Dotprompt
 * `.prompt` files (prompt-file.ts), as one JSON document or as a zip of `manifest.json` plus the files.
 * See docs/prompts-and-teams.md "Export and import".
 */
export const PACKAGE_FORMAT = "promptforge.prompt-package";
export const PACKAGE_FORMAT_VERSION = 1;

/** A package's bounds. The JSON form is also bounded by the 10 MB request limit. */
export const MAX_PACKAGE_PROMPTS = 1_000;
export const MAX_VERSIONS_PER_PROMPT = 1_000;
export const MAX_PACKAGE_VERSIONS = 5_000;
export const MAX_PACKAGE_PROJECTS = 200;
/** The JSON form's size: what one request may carry. */
export const MAX_JSON_PACKAGE_BYTES = MAX_BODY_BYTES;
/** The zip form: the uncompressed size of its files together (the upload itself is ≤ 10 MB). */
export const MAX_ZIP_CONTENT_BYTES = 25 * 1024 * 1024;

/** A prompt's or project's id in the package: ours are ObjectIds; hand-made packages may use any short name. */
export const SourceId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, "must be letters, digits, _ . : or - (≤ 100)");

const ContentHash = z.string().regex(/^sha256:[0-9a-f]{64}$/, "must be sha256: and 64 lowercase hex digits");

const PackageVersionFields = {
  /** The version's number in its source prompt; increasing within a prompt. */
  version: z.number().int().min(1).max(1_000_000),
  /** versionContentHash of the version; checked against the file when given. */
  contentHash: ContentHash.optional(),
  commitMessage: DisplayText(500).nullable().optional(),
  createdAt: z.iso.datetime().optional(),
};

/** Who a bought prompt's licence came from: a package that carries one is refused by import. */
export const LicensedFrom = z
  .strictObject({ listingId: z.string().max(100).nullable(), licenceId: z.string().max(100).nullable() })
  .meta({ id: "LicensedFrom" });

const packagePrompt = <V extends z.ZodType>(version: V) =>
  z.strictObject({
    sourceId: SourceId,
    /** The package project it belongs to (`projects[].sourceId`), or null for none. */
    projectSourceId: SourceId.nullable().default(null),
    title: Title,
    description: Description.default(""),
    tags: Tags.default([]),
    type: PromptType,
    archived: z.boolean().default(false),
    /** Label → source version number (`latest` is implicit). Applied only when the import asks for it. */
    labels: z.record(Label, z.number().int().min(1).max(1_000_000)).default({}),
    licensedFrom: LicensedFrom.nullable().optional(),
    versions: z.array(version).min(1).max(MAX_VERSIONS_PER_PROMPT),
  });

const PackageProject = z.strictObject({ sourceId: SourceId, name: DisplayText(100).pipe(z.string().min(1, "must not be empty")) });

const packageSchema = <V extends z.ZodType>(version: V) =>
  z.strictObject({
    format: z.literal(PACKAGE_FORMAT, `must be "${PACKAGE_FORMAT}"`),
    formatVersion: z.literal(PACKAGE_FORMAT_VERSION, `this server reads format version ${PACKAGE_FORMAT_VERSION}`),
    exportedAt: z.iso.datetime().optional(),
    source: z.strictObject({ scope: z.enum(["prompt", "project", "team", "account"]), id: z.string().max(100).nullable() }).optional(),
    projects: z.array(PackageProject).max(MAX_PACKAGE_PROJECTS).default([]),
    prompts: z.array(packagePrompt(version)).max(MAX_PACKAGE_PROMPTS),
  });

/** The JSON form: each version carries its `.prompt` file's text. */
export const PromptPackage = packageSchema(
  z.strictObject({ ...PackageVersionFields, prompt: z.string().max(MAX_JSON_PACKAGE_BYTES) }).meta({ id: "PackageVersion" }),
).meta({ id: "PromptPackage" });
export type PromptPackage = z.infer<typeof PromptPackage>;

/** The zip form's manifest.json: each version names its `.prompt` file in the archive. */
export const ZipManifest = packageSchema(z.strictObject({ ...PackageVersionFields, file: z.string().min(1).max(300) }));
export type ZipManifest = z.infer<typeof ZipManifest>;

export const ExportQuery = z
  .strictObject({
    promptId: EntityId.optional(),
    projectId: EntityId.optional(),
    teamId: EntityId.optional(),
    format: z.enum(["json", "zip"]).default("json"),
  })
  .refine((q) => [q.promptId, q.projectId, q.teamId].filter(Boolean).length <= 1, "give at most one of promptId, projectId, teamId");
export type ExportQuery = z.infer<typeof ExportQuery>;

export const ImportQuery = z
  .strictObject({
    /** Import into this project (all prompts, flattened); else into the team's or the caller's space, projects recreated. */
    projectId: EntityId.optional(),
    teamId: EntityId.optional(),
    /** true: report what would change and write nothing. */
    dryRun: z.enum(["true", "false"]).default("false"),
    /** apply: point the package's labels at the imported versions, as the last step. keep (default): never touch labels. */
    labels: z.enum(["keep", "apply"]).default("keep"),
  })
  .refine((q) => !(q.projectId && q.teamId), "give projectId or teamId, not both");
export type ImportQuery = z.infer<typeof ImportQuery>;

const Count = z.number().int().min(0);
const Reason = z.object({ code: z.string(), message: z.string() });

export const ImportedPromptReport = z
  .object({
    index: z.number().int(),
    sourceId: z.string(),
    title: z.string(),
    /** create: a new prompt; update: new versions on an existing one; refused or conflict: nothing written for it. */
    action: z.enum(["create", "update", "unchanged", "refused", "conflict"]),
    promptId: z.string().nullable(),
    reason: Reason.nullable(),
    versions: z.array(
      z.object({
        sourceVersion: z.number().int(),
        action: z.enum(["create", "unchanged", "conflict"]),
        /** The version's number here (unknown for a version a dry run would create). */
        version: z.number().int().nullable(),
        message: z.string().optional(),
      }),
    ),
    labels: z.array(
      z.object({
        label: z.string(),
        sourceVersion: z.number().int(),
        action: z.enum(["move", "unchanged", "skipped", "not_requested"]),
        from: z.number().int().nullable(),
        to: z.number().int().nullable(),
        message: z.string().optional(),
      }),
    ),
    /** Set when `latest` lagged behind the prompt's highest version (an interrupted write) and was moved up. */
    latestRepaired: z.number().int().nullable(),
    warnings: z.array(z.string()),
  })
  .meta({ id: "ImportedPromptReport" });
export type ImportedPromptReport = z.infer<typeof ImportedPromptReport>;

export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    labels: z.enum(["keep", "apply"]),
    destination: z.object({ owner: Owner, projectId: z.string().nullable() }),
    summary: z.object({
      prompts: z.object({ create: Count, update: Count, unchanged: Count, refused: Count, conflict: Count }),
      versions: z.object({ create: Count, unchanged: Count, conflict: Count }),
      projects: z.object({ create: Count, existing: Count }),
      labels: z.object({ move: Count, unchanged: Count, skipped: Count }),
    }),
    projects: z.array(
      z.object({
        sourceId: z.string(),
        name: z.string(),
        /** flattened: the import went into one project, so the package's projects are not recreated. */
        action: z.enum(["create", "existing", "flattened"]),
        projectId: z.string().nullable(),
      }),
    ),
    prompts: z.array(ImportedPromptReport),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof ImportReport>;

/** Labels a package may carry per prompt: `latest` moves by itself. */
export const MAX_PACKAGE_LABELS = MAX_LABELS;
