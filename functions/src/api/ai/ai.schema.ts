import { z } from "zod";
import { ModelOrPolicy, PaidCall, UsageView } from "../../core/llm/call.schema";
import { Label } from "../../core/prompts/template.schema";

export { ModelOrPolicy, PaidCall };

const CallMessage = z
  .strictObject({ role: z.enum(["user", "assistant"]), content: z.string().min(1).max(100_000) })
  .meta({ id: "CallMessage" });
const PromptRef = z
  .strictObject({
    promptId: z.string().regex(/^[0-9a-f]{24}$/, "a prompt id"),
    label: Label.optional(),
    version: z.number().int().min(1).max(1_000_000).optional(),
    variables: z.record(z.string().max(64), z.unknown()).default({}),
  })
  .meta({ id: "PromptRef" });
const ResponseFormat = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("text") }),
    z.strictObject({ type: z.literal("json") }),
    z.strictObject({ type: z.literal("json_schema"), name: z.string().min(1).max(64), schema: z.record(z.string(), z.unknown()) }),
  ])
  .meta({ id: "ResponseFormat" });

/** The model call shared by generate and compare: explicit messages, or a stored prompt version rendered with variables. */
const CallFields = {
  messages: z.array(CallMessage).min(1).max(100).optional(),
  prompt: PromptRef.optional(),
  system: z.string().min(1).max(20_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(32_768).default(1_024),
  stop: z.array(z.string().min(1).max(50)).min(1).max(4).optional(),
  responseFormat: ResponseFormat.optional(),
};
// Exactly one of messages / prompt: checked by the handler (the platform needs plain object schemas).
export const GenerateInput = z
  .strictObject({ model: ModelOrPolicy.default("auto:cheapest"), stream: z.boolean().default(false), ...CallFields })
  .meta({ id: "GenerateInput" });
export type GenerateInput = z.infer<typeof GenerateInput>;

export const CompareInput = z
  .strictObject({
    models: z
      .array(ModelOrPolicy)
      .min(2)
      .max(4)
      .refine((m) => new Set(m).size === m.length, "models must be distinct"),
    ...CallFields,
  })
  .meta({ id: "CompareInput" });
export type CompareInput = z.infer<typeof CompareInput>;

const PathView = z.array(
  z.object({ model: z.string(), provider: z.string(), outcome: z.string(), error: z.string().optional(), latencyMs: z.number() }),
);

export const GenerateResponse = z
  .object({
    text: z.string(),
    provider: z.string(),
    model: z.string(),
    usage: UsageView,
    cost: z.object({ credits: z.number().int() }),
    latencyMs: z.number(),
    finishReason: z.string(),
    path: PathView,
  })
  .meta({ id: "GenerateResponse" });
export type GenerateResponse = z.infer<typeof GenerateResponse>;

/** The Server-Sent Events of a streamed generate (`stream: true`), in order: start, delta*, then done or error. */
export const StreamStartEvent = z
  .object({ provider: z.string(), model: z.string(), requestId: z.string() })
  .meta({ id: "StreamStartEvent" });
export const StreamDeltaEvent = z.object({ text: z.string() }).meta({ id: "StreamDeltaEvent" });
export const StreamDoneEvent = z
  .object({
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
    cost: z.object({ credits: z.number().int() }),
    provider: z.string(),
    model: z.string(),
    latencyMs: z.number(),
  })
  .meta({ id: "StreamDoneEvent" });
export const StreamErrorEvent = z
  .object({ code: z.string(), message: z.string(), cost: z.object({ credits: z.number().int() }) })
  .meta({ id: "StreamErrorEvent" });
export const GenerateStreamEvents = { start: StreamStartEvent, delta: StreamDeltaEvent, done: StreamDoneEvent, error: StreamErrorEvent };

export const CompareResponse = z
  .object({
    results: z.array(
      z.object({
        requested: z.string(),
        ok: z.boolean(),
        result: GenerateResponse.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .meta({ id: "CompareResponse" });

const PromptText = z.string().min(1).max(20_000);

export const AnalyzeInput = z
  .strictObject({ prompt: PromptText, model: ModelOrPolicy.default("auto:cheapest") })
  .meta({ id: "AnalyzeInput" });
export type AnalyzeInput = z.infer<typeof AnalyzeInput>;
const Score = z.number().int().min(0).max(10);
/** What the model must return for an analysis; anything else is retried once, then a 502. */
export const AnalysisJson = z.strictObject({
  clarity: Score,
  specificity: Score,
  structure: Score,
  safety: Score,
  suggestions: z.array(z.string().min(1).max(500)).max(10),
});
export const AnalyzeResponse = z
  .object({
    scores: AnalysisJson.omit({ suggestions: true }),
    suggestions: z.array(z.string()),
    /** Running the analyzed prompt once on the analyzing model with a 512-token answer. */
    estimatedCostPerRun: z.object({
      credits: z.number().int(),
      model: z.string(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
    }),
    call: PaidCall,
  })
  .meta({ id: "AnalyzeResponse" });

export const EnhanceInput = z
  .strictObject({ prompt: PromptText, model: ModelOrPolicy.default("auto:cheapest") })
  .meta({ id: "EnhanceInput" });
export type EnhanceInput = z.infer<typeof EnhanceInput>;
export const EnhancementJson = z.strictObject({
  prompt: z.string().min(1).max(40_000),
  changes: z.array(z.string().min(1).max(500)).min(1).max(20),
});
export const EnhanceResponse = z
  .object({ prompt: z.string(), changes: z.array(z.string()), call: PaidCall })
  .meta({ id: "EnhanceResponse" });

export const ModelsResponse = z
  .object({
    tier: z.string(),
    models: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        contextWindow: z.number().int(),
        /** The most output tokens one call may ask for: the model's and the tier's limit, whichever is lower. */
        maxOutputTokens: z.number().int(),
        /** Credits per million tokens (1 credit = US$0.001); cost = ceil((in × input + out × output) / 1e6). */
        price: z.object({ creditsPerMillionInputTokens: z.number().int(), creditsPerMillionOutputTokens: z.number().int() }),
        capabilities: z.object({
          streaming: z.boolean(),
          json: z.boolean(),
          jsonSchema: z.boolean(),
          vision: z.boolean(),
          tools: z.boolean(),
        }),
      }),
    ),
  })
  .meta({ id: "ModelsResponse" });
