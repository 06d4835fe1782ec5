import {
  ANTHROPIC_API_KEY,
  ANTHROPIC_BASE_URL,
  GEMINI_API_KEY,
  GEMINI_BASE_URL,
  GROQ_API_KEY,
  GROQ_BASE_URL,
  LOCAL_LLM_BASE_URL,
  OLLAMA_LOCAL_BASE_URL,
  OPENAI_API_KEY,
  OPENAI_BASE_URL,
} from "../../platform/params";
import { getConfig } from "../../platform/config";
import type { LlmProvider, ProviderId } from "./llm-types";

/**
 * The vendors usable right now, from params read at run time: a vendor without a key (or `local`
 * without LOCAL_LLM_BASE_URL) is absent. Adapter modules and their SDKs load on first use, and an
 * adapter (with its cached client) is reused while its settings are unchanged.
 */
export interface ProvidersOptions {
  /** Per-attempt deadline given to each SDK; the router's AbortSignal ends a call sooner. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const GROQ_DEFAULT_BASE_URL = "https://api.groq.com/openai/v1";
/** Local OpenAI-compatible servers ignore the key, but the openai SDK requires one. */
const LOCAL_API_KEY = "local";

const cache = new Map<ProviderId, { fingerprint: string; provider: Promise<LlmProvider> }>();

export async function configuredProviders(options: ProvidersOptions = {}): Promise<Map<ProviderId, LlmProvider>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wanted: [ProviderId, string, () => Promise<LlmProvider>][] = [];

  const openaiKey = read(OPENAI_API_KEY);
  if (openaiKey) {
    const baseUrl = read(OPENAI_BASE_URL) || undefined;
    wanted.push(["openai", `${openaiKey}|${baseUrl}|${timeoutMs}`, () => import("./providers/openai-provider").then((m) => new m.OpenAiCompatibleProvider({ id: "openai", apiKey: openaiKey, baseUrl, timeoutMs, maxTokensField: "max_completion_tokens" }))]);
  }
  const groqKey = read(GROQ_API_KEY);
  if (groqKey) {
    const baseUrl = read(GROQ_BASE_URL) || GROQ_DEFAULT_BASE_URL;
    wanted.push(["groq", `${groqKey}|${baseUrl}|${timeoutMs}`, () => import("./providers/openai-provider").then((m) => new m.OpenAiCompatibleProvider({ id: "groq", apiKey: groqKey, baseUrl, timeoutMs, maxTokensField: "max_tokens" }))]);
  }
  const localUrl = localBaseUrl();
  if (localUrl) {
    wanted.push(["local", `${localUrl}|${timeoutMs}`, () => import("./providers/openai-provider").then((m) => new m.OpenAiCompatibleProvider({ id: "local", apiKey: LOCAL_API_KEY, baseUrl: localUrl, timeoutMs, maxTokensField: "max_tokens" }))]);
  }
  const anthropicKey = read(ANTHROPIC_API_KEY);
  if (anthropicKey) {
    const baseUrl = read(ANTHROPIC_BASE_URL) || undefined;
    wanted.push(["anthropic", `${anthropicKey}|${baseUrl}|${timeoutMs}`, () => import("./providers/anthropic-provider").then((m) => new m.AnthropicProvider({ apiKey: anthropicKey, baseUrl, timeoutMs }))]);
  }
  const geminiKey = read(GEMINI_API_KEY);
  if (geminiKey) {
    const baseUrl = read(GEMINI_BASE_URL) || undefined;
    wanted.push(["google", `${geminiKey}|${baseUrl}|${timeoutMs}`, () => import("./providers/google-provider").then((m) => new m.GoogleProvider({ apiKey: geminiKey, baseUrl, timeoutMs }))]);
  }

  const out = new Map<ProviderId, LlmProvider>();
  for (const [id, fingerprint, create] of wanted) {
    let entry = cache.get(id);
    if (entry?.fingerprint !== fingerprint) {
      const created = { fingerprint, provider: create() };
      cache.set(id, created);
      created.provider.catch(() => cache.get(id) === created && cache.delete(id));
      entry = created;
    }
    out.set(id, await entry.provider);
  }
  return out;
}

/**
 * The param's value when set (empty = no local provider). Unset, it gets the param's default, which the
 * Firebase CLI applies but a process started without it (tests, benchmarks) does not: Ollama's URL in
 * development, none elsewhere.
 */
function localBaseUrl(): string {
  if (process.env[LOCAL_LLM_BASE_URL.name] !== undefined) return read(LOCAL_LLM_BASE_URL);
  return getConfig().environment === "development" ? OLLAMA_LOCAL_BASE_URL : "";
}

/** A param's value, or "" when unset (without the SDK's warning for an unbound secret: absent is normal here). */
function read(param: { name: string; value(): string }): string {
  if (process.env[param.name] === undefined) return "";
  return (param.value() ?? "").trim();
}
