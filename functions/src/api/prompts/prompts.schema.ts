import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { DisplayText, Owner } from "../../platform/common-schemas";

import {
  ChatMessage,
  LABEL_NAME,
  Label,
  MAX_TEMPLATE_BYTES,
  ModelSettings,
  PromptType,
  Template,
  VARIABLE_NAME,
  VariableSpec,
} from "../../core/prompts/template.schema";

export { ChatMessage, LABEL_NAME, Label, MAX_TEMPLATE_BYTES, ModelSettings, PromptType, Template, VARIABLE_NAME, VariableSpec };

export const MAX_LABELS = 20;
export const Title = DisplayText(200).pipe(z.string().min(1, "must not be empty"));
export const Description = z.string().max(5000);
const Tag = DisplayText(40).pipe(z.string().min(1, "must not be empty"));
export const Tags = z.array(Tag).max(20);

export const VersionInput = z
  .strictObject({
    template: Template,
    variables: z.array(VariableSpec).max(100).default([]),
    settings: ModelSettings.default({}),
    commitMessage: DisplayText(500).optional(),
  })
  .meta({ id: "VersionInput" });
export type VersionInput = z.infer<typeof VersionInput>;

export const CreatePromptInput = VersionInput.extend({
  projectId: EntityId.optional(),
  title: Title,
  description: Description.default(""),
  tags: Tags.default([]),
  type: PromptType,
}).meta({ id: "CreatePromptInput" });
export type CreatePromptInput = z.infer<typeof CreatePromptInput>;

export const UpdatePromptInput = z
  .strictObject({ title: Title.optional(), description: Description.optional(), tags: Tags.optional() })
  .refine((b) => Object.keys(b).length > 0, "send at least one field")
  .meta({ id: "UpdatePromptInput" });
export type UpdatePromptInput = z.infer<typeof UpdatePromptInput>;

export const PromptParams = z.strictObject({ promptId: EntityId });
export type PromptParams = z.infer<typeof PromptParams>;

const VersionNumber = z.coerce.number().int().min(1).max(1_000_000);
export const GetPromptQuery = z.strictObject({ label: Label.optional(), version: VersionNumber.optional() });
export type GetPromptQuery = z.infer<typeof GetPromptQuery>;

export const ListPromptsQuery = z.strictObject({
  projectId: EntityId.optional(),
  tag: z.string().min(1).max(40).optional(),
  label: Label.optional(),
  archived: z.enum(["true", "false"]).default("false"),
  sort: z.enum(["updated", "created", "title"]).default("updated"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});
export type ListPromptsQuery = z.infer<typeof ListPromptsQuery>;

export const ListVersionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** Versions below this number (the previous page's nextCursor). */
  cursor: z.string().max(10).regex(/^\d+$/).optional(),
});
export type ListVersionsQuery = z.infer<typeof ListVersionsQuery>;

export const DiffQuery = z.strictObject({ from: VersionNumber, to: VersionNumber });
export type DiffQuery = z.infer<typeof DiffQuery>;

export const MoveLabelInput = z
  .strictObject({ label: Label, version: VersionNumber, reason: DisplayText(500).optional() })
  .meta({ id: "MoveLabelInput" });
export type MoveLabelInput = z.infer<typeof MoveLabelInput>;

export const ForkInput = z
  .strictObject({
    projectId: EntityId.optional(),
    title: Title.optional(),
    version: VersionNumber.optional(),
  })
  .meta({ id: "ForkInput" });
export type ForkInput = z.infer<typeof ForkInput>;

export const ArchiveInput = z.strictObject({ archived: z.boolean() }).meta({ id: "ArchiveInput" });
export type ArchiveInput = z.infer<typeof ArchiveInput>;

export const RenderInput = z
  .strictObject({
    variables: z.record(z.string().max(64), z.unknown()).default({}),
    label: Label.optional(),
    version: VersionNumber.optional(),
  })
  .meta({ id: "RenderInput" });
export type RenderInput = z.infer<typeof RenderInput>;

/** A version's model settings as stored (what ModelSettings accepted). */
export const VersionSettings = z
  .object({ model: z.string().optional(), temperature: z.number().optional(), maxTokens: z.number().optional() })
  .meta({ id: "VersionSettings" });
export const VersionView = z
  .object({
    version: z.number().int(),
    template: Template,
    variables: z.array(
      z.object({
        name: z.string(),
        type: z.enum(["string", "number", "enum", "json"]),
        values: z.array(z.string()).optional(),
        required: z.boolean(),
        default: z.unknown().optional(),
        description: z.string().optional(),
      }),
    ),
    settings: VersionSettings,
    commitMessage: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "VersionView" });
export const PromptView = z
  .object({
    id: z.string(),
    owner: Owner,
    projectId: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    type: PromptType,
    labels: z.record(z.string(), z.number().int()),
    archived: z.boolean(),
    forkedFrom: z.object({ promptId: z.string(), version: z.number().int() }).nullable(),
    /** Bought on the marketplace (licensed, not for resale): the listing and the buyer's licence. */
    licensedFrom: z.object({ listingId: z.string(), licenceId: z.string() }).nullable(),
    yourRole: z.enum(["owner", "admin", "editor", "viewer"]),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "PromptView" });
export const PromptWithVersion = PromptView.extend({ version: VersionView }).meta({ id: "PromptWithVersion" });
export const PromptList = z.object({ prompts: z.array(PromptView), nextCursor: z.string().nullable() }).meta({ id: "PromptList" });
export const VersionList = z.object({ versions: z.array(VersionView), nextCursor: z.string().nullable() }).meta({ id: "VersionList" });
export const DiffLine = z.object({ op: z.enum(["=", "+", "-"]), text: z.string() }).meta({ id: "DiffLine" });
export const DiffResponse = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    template: z.array(DiffLine),
    settings: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
    variables: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
    commitMessages: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  })
  .meta({ id: "DiffResponse" });
export const LabelMove = z
  .object({
    label: z.string(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int(),
    movedBy: z.string(),
    reason: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: "LabelMove" });
export const LabelsResponse = z
  .object({ labels: z.record(z.string(), z.number().int()), history: z.array(LabelMove) })
  .meta({ id: "LabelsResponse" });
export const RenderResponse = z
  .object({
    version: z.number().int(),
    type: PromptType,
    text: z.string().optional(),
    messages: z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() })).optional(),
    settings: VersionSettings,
    variables: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "RenderResponse" });
export const DeletedResponse = z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: "DeletedResponse" });
