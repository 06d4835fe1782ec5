import { estimateInputTokens } from "../llm-router-types";
import type { ChatRequest, Completion, LlmProvider, ModelSpec, StreamChunk } from "../llm-types";

/**
 * A development-only vendor: deterministic, no network, no key. It echoes a summary of its input and
 * reports usage as the estimated input tokens and ~4 characters per output token (capped at
 * maxOutputTokens), so the AI endpoints, credits and tests work before any real vendor is configured.
 */
const capabilities = { streaming: true, json: true, jsonSchema: false, vision: false, tools: false, temperature: true, stop: true };

export const DEMO_MODELS: readonly ModelSpec[] = [
  {
    id: "demo:echo",
    provider: "demo",
    vendorModel: "echo-1",
    contextWindow: 32_000,
    maxOutputTokens: 4_096,
    price: { inputMicroCreditsPerToken: 1_000, outputMicroCreditsPerToken: 2_000 },
    capabilities,
    tiers: ["free", "pro", "team", "enterprise"],
  },
  {
    id: "demo:echo-large",
    provider: "demo",
    vendorModel: "echo-large-1",
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    price: { inputMicroCreditsPerToken: 5_000, outputMicroCreditsPerToken: 15_000 },
    capabilities,
    tiers: ["pro", "team", "enterprise"],
  },
];

/** The demo's answer to a request (exported so tests can predict text and usage exactly). */
export function demoCompletion(req: ChatRequest): Completion {
  const last = req.messages[req.messages.length - 1]?.content ?? "";
  const full =
    req.responseFormat?.type === "json"
      ? JSON.stringify({ echo: last.slice(0, 80) })
      : `[${req.model}] ${req.messages.length} message(s), ${last.length} chars: ${last.slice(0, 400)}`;
  const maxChars = req.maxOutputTokens * 4;
  const text = full.length > maxChars ? full.slice(0, maxChars) : full;
  return {
    text,
    usage: { inputTokens: estimateInputTokens(req), outputTokens: Math.min(req.maxOutputTokens, Math.ceil(text.length / 4)) },
    finishReason: full.length > maxChars ? "length" : "stop",
  };
}

export function demoProvider(options: { chunkDelayMs?: number } = {}): LlmProvider {
  const delay = options.chunkDelayMs ?? 0;
  return {
    id: "demo",
    async complete(req, signal) {
      signal.throwIfAborted();
      return demoCompletion(req);
    },
    async *stream(req, signal): AsyncIterable<StreamChunk> {
      const done = demoCompletion(req);
      for (let i = 0; i < done.text.length; i += 8) {
        signal.throwIfAborted();
        if (delay) await new Promise((r) => setTimeout(r, delay));
        yield { type: "delta", text: done.text.slice(i, i + 8) };
      }
      yield { type: "done", usage: done.usage, finishReason: done.finishReason };
    },
  };
}
