import type OpenAI from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions/completions";
import { LlmError, type ChatRequest, type Completion, type LlmProvider, type ProviderId, type StreamChunk, type Usage } from "../llm-types";
import { classifySdkError, malformed, unsupported } from "./llm-error-classifier";

export interface OpenAiCompatibleSettings {
  id: Extract<ProviderId, "openai" | "groq" | "local">;
  apiKey: string;
  /** Including the version segment, e.g. `https://api.groq.com/openai/v1`; absent = api.openai.com. */
  baseUrl?: string;
  timeoutMs: number;
  /**
   * OpenAI deprecated `max_tokens` and its reasoning models reject it, so api.openai.com gets
   * `max_completion_tokens`. Compatible servers (Ollama, vLLM, llama.cpp, LM Studio) have long
   * understood `max_tokens` but not all know the newer name, so they get `max_tokens`.
   */
  maxTokensField: "max_completion_tokens" | "max_tokens";
}

/** OpenAI's Chat Completions limit on stop sequences; compatible servers are held to the same. */
const MAX_STOP = 4;

/** OpenAI, and every server speaking its Chat Completions wire format (Groq, local servers). */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly id: OpenAiCompatibleSettings["id"];
  private client?: Promise<OpenAI>;

  constructor(private readonly settings: OpenAiCompatibleSettings) {
    this.id = settings.id;
  }

  async complete(req: ChatRequest, signal: AbortSignal): Promise<Completion> {
    const body = this.body(req);
    const client = await this.sdk();
    const startedAt = performance.now();
    let res: OpenAI.Chat.ChatCompletion;
    try {
      res = await client.chat.completions.create({ ...body, stream: false }, { signal });
    } catch (err) {
      throw classifySdkError(this.id, err, signal, { startedAt, timeoutMs: this.settings.timeoutMs });
    }
    const choice = res?.choices?.[0];
    if (!choice || !res.usage) throw malformed(this.id, "completion without a choice or usage");
    return { text: choice.message?.content ?? "", usage: usageOf(res.usage), finishReason: finishReason(choice.finish_reason) };
  }

  async *stream(req: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    const body = this.body(req);
    const client = await this.sdk();
    const startedAt = performance.now();
    let finish: Completion["finishReason"] | undefined;
    let usage: Usage | undefined;
    try {
      const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        const text = choice?.delta?.content;
        if (text) yield { type: "delta", text };
        if (choice?.finish_reason) finish = finishReason(choice.finish_reason);
        if (chunk.usage) usage = usageOf(chunk.usage);
      }
    } catch (err) {
      throw classifySdkError(this.id, err, signal, { startedAt, timeoutMs: this.settings.timeoutMs });
    }
    if (!finish || !usage) throw malformed(this.id, `stream ended without ${finish ? "usage" : "a finish reason"}`);
    yield { type: "done", usage, finishReason: finish };
  }

  /** The request body, or LlmError("unsupported") before anything is sent. */
  private body(req: ChatRequest): Omit<ChatCompletionCreateParamsBase, "stream"> {
    if (req.stop && req.stop.length > MAX_STOP) throw unsupported(this.id, `more than ${MAX_STOP} stop sequences`);
    const format = req.responseFormat;
    return {
      model: req.model,
      messages: [
        ...(req.system ? [{ role: "system" as const, content: req.system }] : []),
        ...req.messages.map((m) => ({ role: m.role, content: m.content })),
      ],
      ...(req.temperature !== undefined && { temperature: req.temperature }),
      [this.settings.maxTokensField]: req.maxOutputTokens,
      ...(req.stop?.length && { stop: req.stop }),
      ...(format?.type === "json" && { response_format: { type: "json_object" as const } }),
      // strict: the reply is guaranteed to match (OpenAI rejects a schema strict mode cannot enforce, 400).
      ...(format?.type === "json_schema" && {
        response_format: { type: "json_schema" as const, json_schema: { name: format.name, schema: format.schema, strict: true } },
      }),
    };
  }

  /** One SDK client per provider instance, loaded on first use; a failed load is retried next time. */
  private sdk(): Promise<OpenAI> {
    this.client ??= import("openai").then(
      ({ default: OpenAISdk }) =>
        new OpenAISdk({ apiKey: this.settings.apiKey, baseURL: this.settings.baseUrl, timeout: this.settings.timeoutMs, maxRetries: 0 }),
    );
    this.client.catch(() => (this.client = undefined));
    return this.client.catch((err) => {
      throw new LlmError("connection", `${this.id}: SDK failed to load`, { provider: this.id, cause: err });
    });
  }
}

/** Cached prompt tokens are part of prompt_tokens (OpenAI and the compatible servers that report them). */
function usageOf(u: {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return { inputTokens: u.prompt_tokens ?? 0, outputTokens: u.completion_tokens ?? 0, ...(cached > 0 && { cacheReadTokens: cached }) };
}

function finishReason(reason: string | null | undefined): Completion["finishReason"] {
  if (reason === "stop") return "stop";
  if (reason === "length") return "length";
  if (reason === "content_filter") return "content_filter";
  return "other";
}
