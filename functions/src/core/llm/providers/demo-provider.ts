import { estimateInputTokens } from "../llm-router-types";
import { BASE_MODELS } from "../model-catalog";
import type { ChatRequest, Completion, LlmProvider, ModelSpec, StreamChunk } from "../llm-types";

/**
 * A development-only vendor: deterministic, no network, no key. It echoes a summary of its input and
 * reports usage as the estimated input tokens and ~4 characters per output token (capped at
 * maxOutputTokens), so the AI endpoints, credits and tests work before any real vendor is configured.
 */
/** The demo's models, from the one model catalog (where prices and tiers live). */
export const DEMO_MODELS: readonly ModelSpec[] = BASE_MODELS.filter((m) => m.provider === "demo");

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
