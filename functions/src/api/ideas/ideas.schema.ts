import { z } from "zod";
import { DisplayText, PageCursor } from "../../platform/common-schemas";
import { ModelOrPolicy, PaidCall } from "../../core/llm/call.schema";

export const MAX_IDEAS = 10;

const Title = DisplayText(120).pipe(z.string().min(1, "must not be empty"));
const PromptText = z.string().min(1).max(4_000);
const Tag = DisplayText(40).pipe(z.string().min(1, "must not be empty"));
const Tags = z.array(Tag).max(5);
const Topic = DisplayText(200).pipe(z.string().min(1, "must not be empty"));

export const GenerateIdeasInput = z
  .strictObject({
    topic: Topic,
    count: z.number().int().min(1).max(MAX_IDEAS).default(5),
    model: ModelOrPolicy.default("auto:cheapest"),
  })
  .meta({ id: "GenerateIdeasInput" });
export type GenerateIdeasInput = z.infer<typeof GenerateIdeasInput>;

/** What the model must return; anything else is retried once, then a 502. */
export const IdeasJson = z.strictObject({
  ideas: z
    .array(z.strictObject({ title: Title, prompt: PromptText, tags: Tags.default([]) }))
    .min(1)
    .max(MAX_IDEAS),
});

const IdeaDraft = z.object({ title: z.string(), prompt: z.string(), tags: z.array(z.string()) });
export const GenerateIdeasResponse = z
  .object({ topic: z.string(), ideas: z.array(IdeaDraft), call: PaidCall })
  .meta({ id: "GenerateIdeasResponse" });

export const CreateIdeaInput = z
  .strictObject({ title: Title, prompt: PromptText, tags: Tags.default([]), topic: Topic.optional() })
  .meta({ id: "CreateIdeaInput" });
export type CreateIdeaInput = z.infer<typeof CreateIdeaInput>;

export const UpdateIdeaInput = z
  .strictObject({ title: Title, prompt: PromptText, tags: Tags })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change")
  .meta({ id: "UpdateIdeaInput" });
export type UpdateIdeaInput = z.infer<typeof UpdateIdeaInput>;

export const IdeaParams = z.strictObject({ ideaId: z.string().regex(/^[0-9a-f]{24}$/, "must be an idea id") });
export type IdeaParams = z.infer<typeof IdeaParams>;

export const ListIdeasQuery = z.strictObject({
  tag: Tag.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: PageCursor.optional(),
});
export type ListIdeasQuery = z.infer<typeof ListIdeasQuery>;

export const IdeaView = z
  .object({
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    tags: z.array(z.string()),
    topic: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "IdeaView" });
export type IdeaView = z.infer<typeof IdeaView>;

export const IdeaList = z.object({ ideas: z.array(IdeaView), nextCursor: z.string().nullable() }).meta({ id: "IdeaList" });

export const DeleteIdeaResponse = z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: "DeleteIdeaResponse" });
