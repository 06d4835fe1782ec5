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

export type RoutedStreamEvent = { type: "start"; provider: ProviderId; model: string; path: AttemptRecord[] } | StreamChunk;

export interface RouteOptions {
  signal: AbortSignal;
  /** Absolute time after which no attempt or retry may start or run (from the function's timeout). */
  deadline: number;
}

/** Chooses models, calls them with bounded retries and fallback, and keeps per-model breakers. */
export interface LlmRouter {
  /**
   * The models a tier may use here, in catalog order: priced, their vendor configured, allowed in the
   * tier. What `GET /ai/models` lists: the same rule `candidates` applies, so the two cannot disagree.
   */
  models(tier: TierId): ModelSpec[];
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

/**
 * The most a request can cost on a model: the input's upper bound (`inputTokenBound`) plus the full
 * output budget. Reasoning ("thinking") tokens are billed as output and fall inside that budget:
 * OpenAI's max_completion_tokens and Gemini 2.5's maxOutputTokens cap visible and reasoning tokens
 * together, and the adapters report them as output. Anything a vendor bills beyond the bound is
 * recorded by the ledger as a shortfall.
 */
export function maxCostCredits(model: ModelSpec, inputTokensBound: number, maxOutputTokens: number): number {
  return costCredits(model, { inputTokens: inputTokensBound, outputTokens: maxOutputTokens });
}

/**
 * A likely input-token count without a tokenizer (~3 characters per token, +4 per message): for
 * choosing models and checking context windows, where an overestimate would refuse a request the
 * vendor accepts. Never for reserving credits: token-dense text (CJK, emoji, symbols) exceeds it.
 */
export function estimateInputTokens(req: Pick<ChatRequest, "system" | "messages">): number {
  const chars = (req.system?.length ?? 0) + req.messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 3) + 4 * (req.messages.length + (req.system ? 1 : 0));
}

/** Chat-format tokens around each message (OpenAI documents 3-4; the other vendors are of that order). */
const MESSAGE_OVERHEAD_TOKENS = 8;
/** Reply priming and the wrapper a vendor puts around a response schema or JSON mode. */
const REQUEST_OVERHEAD_TOKENS = 64;

/**
 * The most input tokens a request can be billed for, on any vendor we route to. Every vendor's
 * tokenizer is byte-level BPE or SentencePiece with byte fallback: each token covers at least one
 * UTF-8 byte, so a text's byte length bounds its tokens from above, whatever the script. A response
 * schema is sent to the model as input too.
 */
export function inputTokenBound(req: Pick<ChatRequest, "system" | "messages" | "responseFormat">): number {
  const bytes = (text: string) => Buffer.byteLength(text, "utf8");
  const format = req.responseFormat;
  const schema = format?.type === "json_schema" ? bytes(format.name) + bytes(JSON.stringify(format.schema)) : 0;
  const system = req.system ? bytes(req.system) + MESSAGE_OVERHEAD_TOKENS : 0;
  return REQUEST_OVERHEAD_TOKENS + system + schema + req.messages.reduce((n, m) => n + bytes(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
}
