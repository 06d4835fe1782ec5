import type { Caller } from "../auth/caller";
import { findTier, type TierId } from "../billing/catalog";
import type { RouteRequest } from "./llm-router-types";
import type { ChatMessage } from "./llm-types";
import { HttpError } from "../../platform/http-error";
import { validationError } from "../../platform/request-input";
import type { Services } from "../../services";
import { render } from "../prompts/prompt-template";
import type { GenerateInput } from "../../api/ai/ai.schema";

export type CallInput = Omit<GenerateInput, "model" | "stream">;

export interface BuiltRoute {
  route: RouteRequest;
  /** The stored prompt version used, and the team and project it belongs to, for usage records. */
  prompt: { id: string; version: number; teamId: string | null; projectId: string | null } | null;
}

/**
 * Turns an AI call's input into a RouteRequest: explicit messages, or a stored prompt version rendered
 * with its variables (the caller needs read access to it, and an API key also the `prompts:read` scope:
 * the model's answer can repeat the template). Enforces the output-token cap of the caller's tier.
 */
export async function buildRoute(
  services: Pick<Services, "tier" | "store">,
  caller: Caller,
  modelOrPolicy: string,
  input: CallInput,
): Promise<BuiltRoute> {
  const tier: TierId = await services.tier(caller);
  const cap = findTier(tier).limits.maxOutputTokens;
  if (input.maxOutputTokens > cap) {
    throw new HttpError(400, "max_tokens_exceeded", `The ${tier} tier allows at most ${cap} output tokens per call`, {
      details: { max: cap },
    });
  }
  if ((input.messages === undefined) === (input.prompt === undefined)) {
    throw validationError([{ field: "body.messages", code: "one_of", message: "Give either messages or prompt, not both" }]);
  }
  let system = input.system;
  let messages: ChatMessage[];
  let prompt: BuiltRoute["prompt"] = null;
  if (input.prompt) {
    if (caller.authMethod === "api_key" && !caller.scopes?.includes("prompts:read")) {
      throw new HttpError(403, "insufficient_scope", "Running a stored prompt with an API key needs the prompts:read scope too", {
        details: { missing: ["prompts:read"] },
      });
    }
    const prompts = await services.store("prompts");
    const { prompt: doc } = await prompts.load(caller, input.prompt.promptId, "read");
    const version = await prompts.version(doc, { version: input.prompt.version, label: input.prompt.label });
    const out = render(version.template, version.variables, input.prompt.variables);
    const rendered = out.messages ?? [{ role: "user" as const, content: out.text ?? "" }];
    const systemParts = rendered.filter((m) => m.role === "system").map((m) => m.content);
    system = [...(system ? [system] : []), ...systemParts].join("\n\n") || undefined;
    messages = rendered.filter((m): m is ChatMessage => m.role !== "system");
    if (messages.length === 0) throw new HttpError(400, "empty_prompt", "The rendered prompt has no user or assistant message");
    prompt = {
      id: doc._id.toHexString(),
      version: version.version,
      teamId: doc.team_id?.toHexString() ?? null,
      projectId: doc.project_id?.toHexString() ?? null,
    };
  } else {
    messages = input.messages!;
  }
  return {
    route: {
      modelOrPolicy,
      tier,
      request: {
        ...(system ? { system } : {}),
        messages,
        maxOutputTokens: input.maxOutputTokens,
        ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
        ...(input.stop ? { stop: input.stop } : {}),
        ...(input.responseFormat ? { responseFormat: input.responseFormat } : {}),
      },
    },
    prompt,
  };
}
