import type { TierId } from "../billing/catalog";
import type { ChatRequest, Completion, ModelCapabilities, ModelSpec, ProviderId, StreamChunk, Usage } from "./llm-types";

/** What a caller asks the router for: a model id (`openai:gpt-4o-mini`) or a policy. */
export interface RouteRequest {
  /** A catalog model id, `auto:cheapest`, `auto:fastest`, or `chain:<name>` (LLM_FALLBACK_CHAINS). */
  modelOrPolicy: string;
  request: Omit<ChatRequest, "model">;
  tier: TierId;
  /** Capabilities the request needs beyond what its parameters imply (e.g. json). */
  requires?: Partial<ModelCapabilities>;
}

export interface AttemptRecord {
  model: string;
  provider: ProviderId;
  outcome: "ok" | "error" | "skipped_open_breaker";
  error?: string;
  latencyMs: number;
}

export interface RoutedCompletion extends Completion {
  provider: ProviderId;
  /** Our catalog id of the model that answered. */
  model: string;
  latencyMs: number;
  /** Every model tried, in order (the fallback path). */
  path: AttemptRecord[];
}

export type RoutedStreamEvent =
  | { type: "start"; provider: ProviderId; model: string; path: AttemptRecord[] }
  | StreamChunk;

export interface RouteOptions {
  signal: AbortSignal;
  /** Absolute time after which no attempt or retry may start or run (from the function's timeout). */
  deadline: number;
}

/** Chooses models, calls them with bounded retries and fallback, and keeps per-model breakers. */
export interface LlmRouter {
  /**
   * The models this request may use, in the order they would be tried, after tier, capability,
   * context-window and configured-provider filtering. Throws HttpError 400 (unknown model, too many
   * tokens for the context window, unsupported parameter) or 403 (model not in the caller's tier).
   */
  candidates(route: RouteRequest): ModelSpec[];
  run(route: RouteRequest, options: RouteOptions): Promise<RoutedCompletion>;
  /** Falls back only until the first delta; after that a failure ends the stream with the error. */
  stream(route: RouteRequest, options: RouteOptions): AsyncIterable<RoutedStreamEvent>;
}

/** Exact cost in credits of a usage on a model (integer micro-credit prices, rounded up). */
export function costCredits(model: ModelSpec, usage: Usage): number {
  if (!model.price) throw new Error(`model ${model.id} has no price`);
  const micro = usage.inputTokens * model.price.inputMicroCreditsPerToken + usage.outputTokens * model.price.outputMicroCreditsPerToken;
  return Math.ceil(micro / 1_000_000);
}

/** The most a request can cost on a model: estimated input plus the full output budget. */
export function maxCostCredits(model: ModelSpec, estimatedInputTokens: number, maxOutputTokens: number): number {
  return costCredits(model, { inputTokens: estimatedInputTokens, outputTokens: maxOutputTokens });
}

/** A conservative input-token estimate without a tokenizer: ~4 characters per token, rounded up, +4 per message. */
export function estimateInputTokens(req: Pick<ChatRequest, "system" | "messages">): number {
  const chars = (req.system?.length ?? 0) + req.messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 3) + 4 * (req.messages.length + (req.system ? 1 : 0));
}
