import type Anthropic from "@anthropic-ai/sdk";
import { LlmError, type ChatRequest, type Completion, type LlmProvider, type StreamChunk, type Usage } from "../llm-types";
import { classifySdkError, malformed, unsupported } from "./llm-error-classifier";

export interface AnthropicSettings {
  apiKey: string;
  /** Without the `/v1` segment (the SDK adds it); absent = api.anthropic.com. */
  baseUrl?: string;
  timeoutMs: number;
}

/**
 * Anthropic Messages API. It has no JSON mode: `json` and `json_schema` are rejected as unsupported
 * rather than imitated with a prefilled `{` (the model may still add prose after the object, newer
 * models refuse prefills, and nothing would enforce a schema).
 */
export class AnthropicProvider implements LlmProvider {
  readonly id = "anthropic" as const;
  private client?: Promise<Anthropic>;

  constructor(private readonly settings: AnthropicSettings) {}

  async complete(req: ChatRequest, signal: AbortSignal): Promise<Completion> {
    const body = this.body(req);
    const client = await this.sdk();
    const startedAt = performance.now();
    let res: Anthropic.Message;
    try {
      res = await client.messages.create({ ...body, stream: false }, { signal });
    } catch (err) {
      throw classifySdkError(this.id, err, signal, { startedAt, timeoutMs: this.settings.timeoutMs });
    }
    if (!Array.isArray(res?.content) || !res.usage) throw malformed(this.id, "message without content or usage");
    const text = res.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    return { text, usage: usageOf(res.usage), finishReason: finishReason(res.stop_reason) };
  }

  async *stream(req: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    const body = this.body(req);
    const client = await this.sdk();
    const startedAt = performance.now();
    let input: Usage | undefined;
    let usage: Usage | undefined;
    let finish: Completion["finishReason"] | undefined;
    let stopped = false;
    try {
      const stream = await client.messages.create({ ...body, stream: true }, { signal });
      for await (const event of stream) {
        switch (event.type) {
          case "message_start":
            input = usageOf(event.message.usage);
            break;
          case "content_block_delta":
            if (event.delta.type === "text_delta" && event.delta.text) yield { type: "delta", text: event.delta.text };
            break;
          case "message_delta":
            // output_tokens is cumulative; input_tokens (with the cache counts), when present, is the final count.
            usage = {
              ...(event.usage.input_tokens !== null && event.usage.input_tokens !== undefined
                ? usageOf(event.usage as Anthropic.Usage)
                : (input ?? { inputTokens: 0, outputTokens: 0 })),
              outputTokens: event.usage.output_tokens,
            };
            if (event.delta.stop_reason) finish = finishReason(event.delta.stop_reason);
            break;
          case "message_stop":
            stopped = true;
            break;
        }
      }
    } catch (err) {
      throw classifySdkError(this.id, err, signal, { startedAt, timeoutMs: this.settings.timeoutMs });
    }
    if (input === undefined || !usage || !finish || !stopped) throw malformed(this.id, "stream ended before message_stop");
    yield { type: "done", usage, finishReason: finish };
  }

  private body(req: ChatRequest): Omit<Anthropic.MessageCreateParamsNonStreaming, "stream"> {
    if (req.responseFormat && req.responseFormat.type !== "text") throw unsupported(this.id, `responseFormat ${req.responseFormat.type}`);
    if (req.temperature !== undefined && req.temperature > 1) throw unsupported(this.id, "temperature above 1");
    return {
      model: req.model,
      max_tokens: req.maxOutputTokens,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
      ...(req.system && { system: req.system }),
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      ...(req.stop?.length && { stop_sequences: req.stop }),
    };
  }

  private sdk(): Promise<Anthropic> {
    this.client ??= import("@anthropic-ai/sdk").then(
      ({ default: AnthropicSdk }) =>
        new AnthropicSdk({ apiKey: this.settings.apiKey, baseURL: this.settings.baseUrl, timeout: this.settings.timeoutMs, maxRetries: 0 }),
    );
    this.client.catch(() => (this.client = undefined));
    return this.client.catch((err) => {
      throw new LlmError("connection", `${this.id}: SDK failed to load`, { provider: this.id, cause: err });
    });
  }
}

/** Cache writes and reads are input too, reported apart from input_tokens (billed at their own rates; counted here as input). */
function usageOf(
  u: Pick<Anthropic.Usage, "input_tokens" | "output_tokens"> & {
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
  },
): Usage {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (u.input_tokens ?? 0) + write + read,
    outputTokens: u.output_tokens ?? 0,
    ...(read > 0 && { cacheReadTokens: read }),
    ...(write > 0 && { cacheWriteTokens: write }),
  };
}

function finishReason(reason: string | null | undefined): Completion["finishReason"] {
  if (reason === "end_turn" || reason === "stop_sequence") return "stop";
  if (reason === "max_tokens") return "length";
  if (reason === "refusal") return "content_filter";
  return "other";
}
