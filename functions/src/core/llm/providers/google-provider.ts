import type { GenerateContentParameters, GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { LlmError, type ChatRequest, type Completion, type LlmProvider, type StreamChunk, type Usage } from "../llm-types";
import { abortReason, isConnectionError, kindForStatus, malformed, unsupported } from "./llm-error-classifier";

export interface GoogleSettings {
  apiKey: string;
  /** Without the version segment (the SDK adds `/v1beta`); absent = generativelanguage.googleapis.com. */
  baseUrl?: string;
  timeoutMs: number;
}

/** Gemini's limit on stop sequences. */
const MAX_STOP = 5;

/**
 * Gemini API (generateContent / streamGenerateContent). A json_schema goes out as
 * `responseJsonSchema` (standard JSON Schema, as our requests carry) rather than `responseSchema`,
 * whose OpenAPI subset rejects common keywords such as `additionalProperties`.
 */
export class GoogleProvider implements LlmProvider {
  readonly id = "google" as const;
  private client?: Promise<GoogleGenAI>;

  constructor(private readonly settings: GoogleSettings) {}

  async complete(req: ChatRequest, signal: AbortSignal): Promise<Completion> {
    const params = this.params(req, signal);
    const client = await this.sdk();
    const startedAt = performance.now();
    let res: GenerateContentResponse;
    try {
      res = await client.models.generateContent(params);
    } catch (err) {
      throw this.classify(err, signal, startedAt);
    }
    const candidate = this.candidate(res);
    if (!res.usageMetadata) throw malformed(this.id, "response without usageMetadata");
    return { text: textOf(res), usage: usageOf(res), finishReason: finishReason(candidate.finishReason) };
  }

  async *stream(req: ChatRequest, signal: AbortSignal): AsyncIterable<StreamChunk> {
    const params = this.params(req, signal);
    const client = await this.sdk();
    const startedAt = performance.now();
    let usage: Usage | undefined;
    let finish: Completion["finishReason"] | undefined;
    try {
      const stream = await client.models.generateContentStream(params);
      for await (const chunk of stream) {
        if (chunk.promptFeedback?.blockReason) this.candidate(chunk);
        const text = textOf(chunk);
        if (text) yield { type: "delta", text };
        const reason = chunk.candidates?.[0]?.finishReason;
        if (reason) finish = finishReason(reason);
        // Every chunk may carry usageMetadata; the last one is final.
        if (chunk.usageMetadata) usage = usageOf(chunk);
      }
    } catch (err) {
      throw this.classify(err, signal, startedAt);
    }
    if (!finish || !usage) throw malformed(this.id, `stream ended without ${finish ? "usageMetadata" : "a finish reason"}`);
    yield { type: "done", usage, finishReason: finish };
  }

  private params(req: ChatRequest, signal: AbortSignal): GenerateContentParameters {
    if (req.stop && req.stop.length > MAX_STOP) throw unsupported(this.id, `more than ${MAX_STOP} stop sequences`);
    const format = req.responseFormat;
    return {
      model: req.model,
      contents: req.messages.map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] })),
      config: {
        abortSignal: signal,
        maxOutputTokens: req.maxOutputTokens,
        ...(req.system && { systemInstruction: req.system }),
        ...(req.temperature !== undefined && { temperature: req.temperature }),
        ...(req.stop?.length && { stopSequences: req.stop }),
        ...((format?.type === "json" || format?.type === "json_schema") && { responseMimeType: "application/json" }),
        ...(format?.type === "json_schema" && { responseJsonSchema: format.schema }),
      },
    };
  }

  /** The first candidate; a prompt blocked by safety filters has none. */
  private candidate(res: GenerateContentResponse) {
    const blocked = res?.promptFeedback?.blockReason;
    if (blocked) throw new LlmError("content_policy", `${this.id}: prompt blocked (${blocked})`, { provider: this.id });
    const candidate = res?.candidates?.[0];
    if (!candidate) throw malformed(this.id, "response without candidates");
    return candidate;
  }

  /**
   * @google/genai raises ApiError with `.status`; its timeout surfaces as fetch's AbortError, whose
   * name does not survive every realm, so the elapsed time also counts.
   */
  private classify(err: unknown, signal: AbortSignal, startedAt: number): Error {
    if (err instanceof LlmError) return err;
    if (signal.aborted) return abortReason(signal);
    const e = (err ?? {}) as { name?: string; status?: unknown; message?: string };
    const message = e.message ?? String(err);
    const provider = this.id;
    const timedOut = performance.now() - startedAt >= this.settings.timeoutMs - 10;
    if (e.name === "AbortError" || e.name === "TimeoutError" || (timedOut && typeof e.status !== "number"))
      return new LlmError("timeout", `${provider}: request timed out`, { provider, cause: err });
    if (typeof e.status === "number" && e.name === "ApiError") {
      const kind = kindForStatus(e.status, message);
      return new LlmError(kind, `${provider}: ${message}`, {
        provider,
        status: e.status,
        retryAfterMs: kind === "rate_limited" ? retryDelayMs(message) : undefined,
        cause: err,
      });
    }
    if (isConnectionError(err)) return new LlmError("connection", `${provider}: ${message}`, { provider, cause: err });
    return new LlmError("malformed_response", `${provider}: ${message}`, { provider, cause: err });
  }

  private sdk(): Promise<GoogleGenAI> {
    // No retryOptions: the SDK then makes one attempt (the router owns retries). Our own `fetch`
    // stops the SDK from building a dispatcher out of undici's global one by symbol, which fails in
    // realms that lack it (Jest's VM context); undici's 300 s idle defaults then apply, far above
    // the SDK timeout that bounds every call.
    this.client ??= import("@google/genai").then(
      ({ GoogleGenAI: Sdk }) =>
        new Sdk({
          apiKey: this.settings.apiKey,
          httpOptions: { baseUrl: this.settings.baseUrl, timeout: this.settings.timeoutMs, fetch: (input, init) => fetch(input, init) },
        }),
    );
    this.client.catch(() => (this.client = undefined));
    return this.client.catch((err) => {
      throw new LlmError("connection", `${this.id}: SDK failed to load`, { provider: this.id, cause: err });
    });
  }
}

/** Text parts, without thoughts. (The SDK's `.text` getter warns on non-text parts.) */
function textOf(res: GenerateContentResponse): string {
  return (res.candidates?.[0]?.content?.parts ?? []).map((p) => (p.thought || typeof p.text !== "string" ? "" : p.text)).join("");
}

/**
 * Thinking tokens are billed as output but counted apart from candidatesTokenCount; cached content
 * tokens are part of promptTokenCount.
 */
function usageOf(res: GenerateContentResponse): Usage {
  const u = res.usageMetadata ?? {};
  const cached = u.cachedContentTokenCount ?? 0;
  return {
    inputTokens: u.promptTokenCount ?? 0,
    outputTokens: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
    ...(cached > 0 && { cacheReadTokens: cached }),
  };
}

function finishReason(reason: string | undefined): Completion["finishReason"] {
  if (reason === "STOP") return "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (reason && /SAFETY|RECITATION|BLOCKLIST|PROHIBITED_CONTENT|SPII|IMAGE_SAFETY/.test(reason)) return "content_filter";
  return "other";
}

/** Google puts the wait in the error body's RetryInfo (`"retryDelay": "12s"`), not in a header. */
function retryDelayMs(message: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message);
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}
