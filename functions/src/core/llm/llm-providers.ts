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
import type { SecretParam } from "firebase-functions/params";
import { getConfig } from "../../platform/config";
import type { LlmProvider, ProviderId } from "./llm-types";

export interface ProvidersOptions {
  /** Per-attempt deadline given to each SDK; the router's AbortSignal ends a call sooner. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const GROQ_DEFAULT_BASE_URL = "https://api.groq.com/openai/v1";
/** Local OpenAI-compatible servers ignore the key, but the openai SDK requires one. */
const LOCAL_API_KEY = "local";

/** What an adapter is built from; a vendor's key and base URL come from params. */
interface AdapterSettings {
  apiKey: string;
  baseUrl?: string;
  timeoutMs: number;
}

/** One vendor: its API key (a secret), its settings from params (undefined when not configured) and its adapter. */
interface Vendor {
  id: ProviderId;
  key?: SecretParam;
  settings(): Omit<AdapterSettings, "timeoutMs"> | undefined;
  adapter(settings: AdapterSettings): Promise<LlmProvider>;
}

type Param = { name: string; value(): string };

/** A vendor configured by its key (absent = not configured) and an optional base URL. */
const keyed = (key: SecretParam, baseUrl: Param, defaultBaseUrl?: string) => ({
  key,
  settings: () => {
    const apiKey = read(key);
    return apiKey ? { apiKey, baseUrl: read(baseUrl) || defaultBaseUrl } : undefined;
  },
});

const openAiCompatible =
  (id: "openai" | "groq" | "local", maxTokensField: "max_completion_tokens" | "max_tokens") =>
  (settings: AdapterSettings): Promise<LlmProvider> =>
    import("./providers/openai-provider").then((m) => new m.OpenAiCompatibleProvider({ id, ...settings, maxTokensField }));

/** Every vendor we can call, one row each: adding a vendor is adding a row (and its adapter). */
const VENDORS: readonly Vendor[] = [
  { id: "openai", ...keyed(OPENAI_API_KEY, OPENAI_BASE_URL), adapter: openAiCompatible("openai", "max_completion_tokens") },
  {
    id: "anthropic",
    ...keyed(ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL),
    adapter: (s) => import("./providers/anthropic-provider").then((m) => new m.AnthropicProvider(s)),
  },
  {
    id: "google",
    ...keyed(GEMINI_API_KEY, GEMINI_BASE_URL),
    adapter: (s) => import("./providers/google-provider").then((m) => new m.GoogleProvider(s)),
  },
  { id: "groq", ...keyed(GROQ_API_KEY, GROQ_BASE_URL, GROQ_DEFAULT_BASE_URL), adapter: openAiCompatible("groq", "max_tokens") },
  {
    id: "local",
    settings: () => {
      const baseUrl = localBaseUrl();
      return baseUrl ? { apiKey: LOCAL_API_KEY, baseUrl } : undefined;
    },
    adapter: openAiCompatible("local", "max_tokens"),
  },
];

/**
 * The vendors' API keys: bound to every function that may call a model (the ai module and
 * /ideas/generate), so a vendor added to the table is bound wherever models are called.
 */
export const LLM_SECRETS: SecretParam[] = VENDORS.flatMap((v) => (v.key ? [v.key] : []));

const cache = new Map<ProviderId, { fingerprint: string; provider: Promise<LlmProvider> }>();

/**
 * The vendors usable right now, from params read at run time: a vendor without a key (or `local`
 * without LOCAL_LLM_BASE_URL) is absent. Adapter modules and their SDKs load on first use, and an
 * adapter (with its cached client) is reused while its settings are unchanged.
 */
export async function configuredProviders(options: ProvidersOptions = {}): Promise<Map<ProviderId, LlmProvider>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const out = new Map<ProviderId, LlmProvider>();
  for (const vendor of VENDORS) {
    const found = vendor.settings();
    if (!found) continue;
    const settings = { ...found, timeoutMs };
    const fingerprint = `${settings.apiKey}|${settings.baseUrl}|${timeoutMs}`;
    let entry = cache.get(vendor.id);
    if (entry?.fingerprint !== fingerprint) {
      const created = { fingerprint, provider: vendor.adapter(settings) };
      cache.set(vendor.id, created);
      created.provider.catch(() => cache.get(vendor.id) === created && cache.delete(vendor.id));
      entry = created;
    }
    out.set(vendor.id, await entry.provider);
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
function read(param: Param): string {
  if (process.env[param.name] === undefined) return "";
  return (param.value() ?? "").trim();
}
