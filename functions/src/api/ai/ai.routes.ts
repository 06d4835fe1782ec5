import { LLM_SECRETS } from "../../core/llm/llm-providers";
import { MONGODB_URI } from "../../platform/params";
import {
  AnalyzeInput,
  AnalyzeResponse,
  CompareInput,
  CompareResponse,
  EnhanceInput,
  EnhanceResponse,
  GenerateInput,
  GenerateResponse,
  GenerateStreamEvents,
  ModelsResponse,
} from "./ai.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** Every AI function may call any configured vendor. */
const llmSecrets = [MONGODB_URI, ...LLM_SECRETS];

/** The ai module's functions (composed into the whole API by routes.ts). */
export const aiRoutes = moduleRoutes(
  { tag: "ai", secrets: llmSecrets },
  {
    aiGenerate: {
      path: "/ai/generate",
      timeoutSeconds: 120,
      operations: {
        POST: operation({
          operationId: "aiGenerate",
          summary:
            "Run messages or a stored prompt version on a model or policy, paid with credits (stream: true answers with Server-Sent Events; an Idempotency-Key header replays a non-streamed call)",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          body: GenerateInput,
          response: GenerateResponse,
          idempotencyKey: true,
          events: GenerateStreamEvents,
          errors: [402, 403, 404, 409, 502, 504],
          handler: () => import("./ai-generate").then((m) => m.aiGenerate),
        }),
      },
    },
    aiCompare: {
      path: "/ai/compare",
      timeoutSeconds: 120,
      operations: {
        POST: operation({
          operationId: "aiCompare",
          summary:
            "Run the same input on 2–4 models in parallel, each paid on its own; failed models are reported beside the others' results",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          body: CompareInput,
          idempotencyKey: true,
          response: CompareResponse,
          errors: [403, 404, 409],
          handler: () => import("./ai-compare").then((m) => m.aiCompare),
        }),
      },
    },
    aiAnalyze: {
      path: "/ai/analyze",
      timeoutSeconds: 120,
      operations: {
        POST: operation({
          operationId: "aiAnalyze",
          summary:
            "Score a prompt's clarity, specificity, structure and safety (0–10) with a model, and estimate the cost of one run; paid with credits",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          body: AnalyzeInput,
          idempotencyKey: true,
          response: AnalyzeResponse,
          errors: [402, 403, 409, 502],
          handler: () => import("./ai-analyze").then((m) => m.aiAnalyze),
        }),
      },
    },
    aiModels: {
      path: "/ai/models",
      operations: {
        GET: operation({
          operationId: "listModels",
          summary: "The models the caller may use (configured vendor, priced, in their tier), cheapest first, with prices in credits",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(60),
          response: ModelsResponse,
          handler: () => import("./list-models").then((m) => m.listModels),
        }),
      },
    },
    aiEnhance: {
      path: "/ai/enhance",
      timeoutSeconds: 120,
      operations: {
        POST: operation({
          operationId: "aiEnhance",
          summary: "Rewrite a prompt to be clearer and more specific with a model and list the changes; paid with credits",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          body: EnhanceInput,
          idempotencyKey: true,
          response: EnhanceResponse,
          errors: [402, 403, 409, 502],
          handler: () => import("./ai-enhance").then((m) => m.aiEnhance),
        }),
      },
    },
  },
);
