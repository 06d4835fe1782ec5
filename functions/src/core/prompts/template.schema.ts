import { z } from "zod";

// The template, variable and label shapes every module that renders or references a prompt shares
// (prompts, AI, search, marketplace): here in core, so loading them loads no other module.
/** Templates are stored verbatim and bounded. */
export const MAX_TEMPLATE_BYTES = 100 * 1024;
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const LABEL_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

export const PromptType = z.enum(["text", "chat"]).meta({ id: "PromptType" });
export const Label = z.string().regex(LABEL_NAME, "must be lowercase letters, digits, _ or -, starting with a letter (≤ 40)");

export const ChatMessage = z
  .strictObject({
    role: z.enum(["system", "user", "assistant"]),
    content: z.string().max(MAX_TEMPLATE_BYTES),
  })
  .meta({ id: "ChatMessage" });
export type ChatMessage = z.infer<typeof ChatMessage>;
export const Template = z.union([z.string().max(MAX_TEMPLATE_BYTES), z.array(ChatMessage).min(1).max(200)]).meta({ id: "Template" });
export type Template = z.infer<typeof Template>;

const Scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export const VariableSpec = z
  .strictObject({
    name: z.string().regex(VARIABLE_NAME, "must be letters, digits or _, not starting with a digit (≤ 64)"),
    type: z.enum(["string", "number", "enum", "json"]),
    values: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
    required: z.boolean().default(true),
    default: z.union([Scalar, z.array(z.unknown()).max(1000), z.record(z.string(), z.unknown())]).optional(),
    description: z.string().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === "enum" && !v.values) ctx.addIssue({ code: "custom", path: ["values"], message: "an enum variable needs values" });
    if (v.type !== "enum" && v.values) ctx.addIssue({ code: "custom", path: ["values"], message: "only enum variables have values" });
  })
  .meta({ id: "VariableSpec" });
export type VariableSpec = z.infer<typeof VariableSpec>;

/** A version's model settings (prompts store them; the marketplace sells them with the template). */
export const ModelSettings = z.strictObject({
  /** A model id (e.g. openai/gpt-4o) or a routing policy (e.g. auto:cheapest). */
  model: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:/@-]+$/)
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
});
export type ModelSettings = z.infer<typeof ModelSettings>;
