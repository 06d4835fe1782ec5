import { LLM_SECRETS } from "../../core/llm/llm-providers";
import { MONGODB_URI } from "../../platform/params";
import {
  CreateIdeaInput,
  DeleteIdeaResponse,
  GenerateIdeasInput,
  GenerateIdeasResponse,
  IdeaList,
  IdeaParams,
  IdeaView,
  ListIdeasQuery,
  UpdateIdeaInput,
} from "./ideas.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** Every AI function may call any configured vendor. */
const llmSecrets = [MONGODB_URI, ...LLM_SECRETS];

/** The ideas module's functions (composed into the whole API by routes.ts). */
export const ideasRoutes = moduleRoutes(
  { tag: "ideas", secrets: [MONGODB_URI] },
  {
    ideasGenerate: {
      path: "/ideas/generate",
      secrets: llmSecrets,
      timeoutSeconds: 120,
      operations: {
        POST: operation({
          operationId: "generateIdeas",
          summary: "Prompt ideas (title, prompt, tags) for a topic from a model, paid with credits; nothing is saved",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          body: GenerateIdeasInput,
          idempotencyKey: true,
          response: GenerateIdeasResponse,
          errors: [402, 403, 409, 502],
          handler: () => import("./generate-ideas").then((m) => m.generateIdeas),
        }),
      },
    },
    ideas: {
      path: "/ideas",
      operations: {
        GET: operation({
          operationId: "listIdeas",
          summary: "The caller's saved prompt ideas, newest first (cursor-paginated, filter by tag)",
          scopes: ["prompts:read"],
          auth: "user",
          rateLimit: perMinute(120),
          query: ListIdeasQuery,
          response: IdeaList,
          handler: () => import("./list-ideas").then((m) => m.listIdeas),
        }),
        POST: operation({
          operationId: "createIdea",
          summary: "Save a prompt idea (generated or written)",
          scopes: ["prompts:write"],
          auth: "user",
          rateLimit: perMinute(60),
          body: CreateIdeaInput,
          response: IdeaView,
          status: 201,
          handler: () => import("./create-idea").then((m) => m.createIdea),
        }),
      },
    },
    idea: {
      path: "/ideas/{ideaId}",
      operations: {
        GET: operation({
          operationId: "getIdea",
          summary: "A saved prompt idea",
          scopes: ["prompts:read"],
          auth: "user",
          rateLimit: perMinute(300),
          params: IdeaParams,
          response: IdeaView,
          errors: [404],
          handler: () => import("./get-idea").then((m) => m.getIdea),
        }),
        PATCH: operation({
          operationId: "updateIdea",
          summary: "Change a saved idea's title, prompt or tags",
          scopes: ["prompts:write"],
          auth: "user",
          rateLimit: perMinute(60),
          params: IdeaParams,
          body: UpdateIdeaInput,
          response: IdeaView,
          errors: [404],
          handler: () => import("./update-idea").then((m) => m.updateIdea),
        }),
        DELETE: operation({
          operationId: "deleteIdea",
          summary: "Delete a saved idea",
          scopes: ["prompts:write"],
          auth: "user",
          rateLimit: perMinute(30),
          params: IdeaParams,
          response: DeleteIdeaResponse,
          errors: [404],
          handler: () => import("./delete-idea").then((m) => m.deleteIdea),
        }),
      },
    },
  },
);
