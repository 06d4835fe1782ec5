/**
 * The multi-LLM registry's contracts. One request shape for every vendor; adapters (one per vendor,
 * SDK imported lazily) map it to their wire format and back; the router picks models, retries,
 * falls back and trips breakers; the AI endpoints pay for calls through the credit ledger.
 */
export const PROVIDER_IDS = ["openai", "anthropic", "google", "groq", "local", "demo"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** One request shape for every vendor. Unsupported parameters are rejected (400), never dropped. */
export interface ChatRequest {
  /** The vendor's model name (the catalog maps our model id to it). */
  model: string;
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxOutputTokens: number;
  stop?: string[];
  /** "json": any JSON object; a schema: JSON matching it (vendors that support structured output). */
  responseFormat?: { type: "text" } | { type: "json" } | { type: "json_schema"; name: string; schema: Record<string, unknown> };
}

/**
 * Tokens of one call, normalized across vendors: `inputTokens` counts every input token, including
 * those read from or written to a prompt cache (OpenAI and Gemini count cache reads inside their
 * prompt count, Anthropic outside it: the adapters add them in). The cache counts, where the vendor
 * reports them, say how many of the input tokens were cache reads or writes (priced apart: provider-cost.ts).
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface Completion {
  text: string;
  usage: Usage;
  /** Why generation stopped, normalized. */
  finishReason: "stop" | "length" | "content_filter" | "other";
}

/** Streamed output: text deltas, then exactly one `done` with the usage (asked of the vendor). */
export type StreamChunk = { type: "delta"; text: string } | { type: "done"; usage: Usage; finishReason: Completion["finishReason"] };

/**
 * What the router needs to decide retry/fallback. Adapters turn every SDK error into one of these.
 * retryable: 429, 5xx, Anthropic 529, timeouts, connection errors. Not retryable: 400, 401/403,
 * content policy, unsupported parameter.
 */
export class LlmError extends Error {
  constructor(
    readonly kind:
      | "rate_limited"
      | "overloaded"
      | "server_error"
      | "timeout"
      | "connection"
      | "bad_request"
      | "auth"
      | "content_policy"
      | "unsupported"
      | "malformed_response",
    message: string,
    readonly options: { status?: number; retryAfterMs?: number; provider?: ProviderId; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LlmError";
  }

  get retryable(): boolean {
    return ["rate_limited", "overloaded", "server_error", "timeout", "connection", "malformed_response"].includes(this.kind);
  }
}

/** One vendor adapter (role-named interface; adapters are named by vendor). */
export interface LlmProvider {
  readonly id: ProviderId;
  /** Throws LlmError("unsupported") for a parameter this vendor/model cannot honour. */
  complete(req: ChatRequest, signal: AbortSignal): Promise<Completion>;
  stream(req: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk>;
}

export interface ModelCapabilities {
  streaming: boolean;
  json: boolean;
  jsonSchema: boolean;
  vision: boolean;
  tools: boolean;
  /** Some reasoning models reject temperature/stop. */
  temperature: boolean;
  stop: boolean;
}

/**
 * A catalog entry. Prices are integers: micro-credits per token ("µcr/token") for input and output,
 * so cost = ceil((in × inPrice + out × outPrice) / 1e6) credits, exact. A model without prices
 * cannot be used (no silent $0).
 */
export interface ModelSpec {
  /** Our id, e.g. "openai:gpt-4o-mini". */
  id: string;
  provider: ProviderId;
  /** The vendor's model name. */
  vendorModel: string;
  contextWindow: number;
  maxOutputTokens: number;
  price: {
    inputMicroCreditsPerToken: number;
    outputMicroCreditsPerToken: number;
    /** What the vendor charges for an input token read from its prompt cache; absent = the input price. */
    cachedInputMicroCreditsPerToken?: number;
    /** What the vendor charges for an input token written to its prompt cache (Anthropic); absent = the input price. */
    cacheWriteMicroCreditsPerToken?: number;
  } | null;
  capabilities: ModelCapabilities;
  /** Tiers allowed to use it. */
  tiers: ("free" | "pro" | "team" | "enterprise")[];
}
