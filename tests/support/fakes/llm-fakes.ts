import http from "node:http";
import type { AddressInfo } from "node:net";
import { LoopbackServer, type IncomingRequest } from "./loopback-server";

/**
 * Loopback stand-ins for the LLM vendors' wire formats (see shared/notes/sdk-offline-testing.md):
 * the real SDKs talk to them over real sockets. Each records requests and answers with a success
 * (JSON, or SSE when the body asks to stream) unless a reply was scripted for the next request.
 */
export interface RecordedLlmRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** The client went away before the reply ended (abort, timeout). */
  clientClosed: boolean;
}

export type LlmFakeReply =
  | { kind: "ok" }
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answer. */
  | { kind: "hang" }
  /** 200 with a body that is not JSON (a broken SSE event when streaming). */
  | { kind: "malformed" }
  /** Streaming: the first delta, then the socket is destroyed. Otherwise: destroyed at once. */
  | { kind: "cut" }
  /** Streaming: the first delta, then a clean end without the final events. */
  | { kind: "truncated" };

export interface SuccessScript {
  /** Streamed as these deltas; joined for a non-streaming reply. */
  deltas: string[];
  inputTokens: number;
  outputTokens: number;
}

type Event = { event?: string; data: unknown };

interface WireFormat {
  matches(method: string, path: string): boolean;
  streaming(req: RecordedLlmRequest): boolean;
  json(req: RecordedLlmRequest, s: SuccessScript): unknown;
  /** All the events of a full stream; `finalFrom` is the index where the closing events begin. */
  events(req: RecordedLlmRequest, s: SuccessScript): { events: Event[]; finalFrom: number };
  errorBody(status: number): unknown;
  /** `\n\n` or Gemini's `\r\n\r\n`. */
  separator: string;
}

export class LlmFake extends LoopbackServer {
  readonly requests: RecordedLlmRequest[] = [];
  success: SuccessScript = { deltas: ["Hello", ", world"], inputTokens: 12, outputTokens: 5 };
  private scripted: LlmFakeReply[] = [];
  constructor(private readonly format: WireFormat) {
    super();
  }

  /** The next request gets this reply. */
  next(reply: LlmFakeReply): void {
    this.scripted.push(reply);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripted = [];
    this.success = { deltas: ["Hello", ", world"], inputTokens: 12, outputTokens: 5 };
  }

  last(): RecordedLlmRequest {
    const req = this.requests.at(-1);
    if (!req) throw new Error("no request received");
    return req;
  }

  protected handle(request: IncomingRequest, _req: http.IncomingMessage, res: http.ServerResponse): void {
    const recorded: RecordedLlmRequest = {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.rawBody ? JSON.parse(request.rawBody) : {},
      clientClosed: false,
    };
    res.on("close", () => {
      if (!res.writableFinished) recorded.clientClosed = true;
    });
    this.requests.push(recorded);
    if (!this.format.matches(recorded.method, recorded.path)) return sendJson(res, 404, this.format.errorBody(404));
    this.reply(recorded, this.scripted.shift() ?? { kind: "ok" }, res);
  }

  private reply(req: RecordedLlmRequest, reply: LlmFakeReply, res: http.ServerResponse): void {
    const streaming = this.format.streaming(req);
    switch (reply.kind) {
      case "status":
        return sendJson(res, reply.status, reply.body ?? this.format.errorBody(reply.status), reply.headers);
      case "hang":
        return;
      case "malformed":
        if (!streaming) {
          res.writeHead(200, { "content-type": "application/json" });
          return void res.end('{"id": "broken", "choices": [');
        }
        res.writeHead(200, { "content-type": "text/event-stream" });
        return void res.end(`data: {"not json${this.format.separator}`);
      case "cut":
      case "truncated": {
        if (!streaming) return void res.socket?.destroy();
        const { events } = this.format.events(req, this.success);
        res.writeHead(200, { "content-type": "text/event-stream" });
        // Up to and including the first text delta.
        const firstDelta = events.findIndex((e) => JSON.stringify(e.data).includes(JSON.stringify(this.success.deltas[0])));
        res.write(
          events
            .slice(0, firstDelta + 1)
            .map((e) => sse(e, this.format.separator))
            .join(""),
        );
        if (reply.kind === "truncated") return void res.end();
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      case "ok":
        if (!streaming) return sendJson(res, 200, this.format.json(req, this.success));
        res.writeHead(200, { "content-type": "text/event-stream" });
        return void res.end(
          this.format
            .events(req, this.success)
            .events.map((e) => sse(e, this.format.separator))
            .join(""),
        );
    }
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sse(e: Event, separator: string): string {
  const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
  return `${e.event ? `event: ${e.event}\n` : ""}data: ${data}${separator}`;
}

/** OpenAI Chat Completions (also Groq, Ollama, vLLM, llama.cpp, LM Studio). */
export const openAiWire: WireFormat = {
  separator: "\n\n",
  matches: (method, path) => method === "POST" && path === "/v1/chat/completions",
  streaming: (req) => req.body.stream === true,
  json: (req, s) => ({
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_700_000_000,
    model: req.body.model,
    choices: [
      { index: 0, message: { role: "assistant", content: s.deltas.join(""), refusal: null }, finish_reason: "stop", logprobs: null },
    ],
    usage: { prompt_tokens: s.inputTokens, completion_tokens: s.outputTokens, total_tokens: s.inputTokens + s.outputTokens },
  }),
  events: (req, s) => {
    const chunk = (choices: unknown[], usage: unknown = null) => ({
      data: { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1_700_000_000, model: req.body.model, choices, usage },
    });
    const events: Event[] = [
      chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
      ...s.deltas.map((text) => chunk([{ index: 0, delta: { content: text }, finish_reason: null }])),
    ];
    const finalFrom = events.length;
    events.push(chunk([{ index: 0, delta: {}, finish_reason: "stop" }]));
    if (req.body.stream_options?.include_usage)
      events.push(
        chunk([], { prompt_tokens: s.inputTokens, completion_tokens: s.outputTokens, total_tokens: s.inputTokens + s.outputTokens }),
      );
    events.push({ data: "[DONE]" });
    return { events, finalFrom };
  },
  errorBody: (status) => ({
    error: {
      message: `Fake error ${status}`,
      type: status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error",
      code: null,
      param: null,
    },
  }),
};

/** Anthropic Messages API. */
export const anthropicWire: WireFormat = {
  separator: "\n\n",
  matches: (method, path) => method === "POST" && path === "/v1/messages",
  streaming: (req) => req.body.stream === true,
  json: (req, s) => ({
    id: "msg_fake",
    type: "message",
    role: "assistant",
    model: req.body.model,
    content: [{ type: "text", text: s.deltas.join("") }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: s.inputTokens, output_tokens: s.outputTokens },
  }),
  events: (req, s) => {
    const events: Event[] = [
      {
        event: "message_start",
        data: {
          type: "message_start",
          message: {
            id: "msg_fake",
            type: "message",
            role: "assistant",
            model: req.body.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: s.inputTokens, output_tokens: 1 },
          },
        },
      },
      { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } } },
      { event: "ping", data: { type: "ping" } },
      ...s.deltas.map((text) => ({
        event: "content_block_delta",
        data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
      })),
    ];
    const finalFrom = events.length;
    events.push(
      { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
      {
        event: "message_delta",
        data: { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: s.outputTokens } },
      },
      { event: "message_stop", data: { type: "message_stop" } },
    );
    return { events, finalFrom };
  },
  errorBody: (status) => ({
    type: "error",
    error: {
      type:
        status === 429
          ? "rate_limit_error"
          : status === 529
            ? "overloaded_error"
            : status >= 500
              ? "api_error"
              : status === 401
                ? "authentication_error"
                : "invalid_request_error",
      message: `Fake error ${status}`,
    },
  }),
};

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Gemini API (generativelanguage), `:streamGenerateContent?alt=sse`. */
export const geminiWire: WireFormat = {
  separator: "\r\n\r\n",
  matches: (method, path) => method === "POST" && GEMINI_PATH.test(path),
  streaming: (req) => GEMINI_PATH.exec(req.path)?.[2] === "streamGenerateContent",
  json: (_req, s) => ({
    candidates: [{ content: { role: "model", parts: [{ text: s.deltas.join("") }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: {
      promptTokenCount: s.inputTokens,
      candidatesTokenCount: s.outputTokens,
      totalTokenCount: s.inputTokens + s.outputTokens,
    },
    modelVersion: "fake",
  }),
  events: (_req, s) => {
    const events: Event[] = s.deltas.map((text, i) => ({
      data: {
        candidates: [
          { content: { role: "model", parts: [{ text }] }, index: 0, ...(i === s.deltas.length - 1 && { finishReason: "STOP" }) },
        ],
        // Intermediate chunks carry partial usage; the last one is final.
        usageMetadata:
          i === s.deltas.length - 1
            ? { promptTokenCount: s.inputTokens, candidatesTokenCount: s.outputTokens, totalTokenCount: s.inputTokens + s.outputTokens }
            : { promptTokenCount: s.inputTokens, totalTokenCount: s.inputTokens },
        modelVersion: "fake",
      },
    }));
    return { events, finalFrom: events.length - 1 };
  },
  errorBody: (status) => ({
    error: {
      code: status,
      message: `Fake error ${status}`,
      status: status === 429 ? "RESOURCE_EXHAUSTED" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT",
    },
  }),
};

/** A loopback URL nothing listens on (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
