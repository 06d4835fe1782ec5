import { estimateInputTokens, type AttemptRecord, type LlmRouter, type RouteRequest, type RoutedStreamEvent } from "../../core/llm/llm-router-types";
import { LlmError, type LlmProvider, type ModelSpec, type ProviderId } from "../../core/llm/llm-types";
import { getConfig } from "../../platform/config";
import { HttpError } from "../../platform/http-error";

/**
 * The one place the AI endpoints obtain their router. Until core/llm/llm-router.ts lands this is a
 * minimal local router over the development-only demo provider; switching to the real one replaces
 * only the body of getAiRouter (see README/report).
 */
let cached: Promise<LlmRouter> | undefined;

export function getAiRouter(): Promise<LlmRouter> {
  cached ??= (async () => {
    if (getConfig().environment !== "development") {
      throw new HttpError(503, "llm_unavailable", "No language model provider is configured");
    }
    const { DEMO_MODELS, demoProvider } = await import("../../core/llm/providers/demo-provider");
    // A short pause between streamed chunks makes streaming (and disconnects) observable locally.
    return localRouter(DEMO_MODELS, { demo: demoProvider({ chunkDelayMs: 10 }) });
  })().catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/**
 * A deliberately small LlmRouter: model ids and `auto:*` policies (cheapest first), tier, capability,
 * output-budget and context-window checks, and fallback across candidates on retryable errors (no
 * retries, no breakers; the real router owns those).
 */
export function localRouter(models: readonly ModelSpec[], providers: Partial<Record<ProviderId, LlmProvider>>): LlmRouter {
  const usable = models.filter((m) => m.price && providers[m.provider]);
  const unitPrice = (m: ModelSpec) => m.price!.inputMicroCreditsPerToken + m.price!.outputMicroCreditsPerToken;

  function problem(m: ModelSpec, route: RouteRequest): HttpError | null {
    const r = route.request;
    const unsupported = (what: string) => new HttpError(400, "unsupported_parameter", `${m.id} does not support ${what}`);
    if (r.responseFormat?.type === "json_schema" && !m.capabilities.jsonSchema) return unsupported("responseFormat json_schema");
    if (r.responseFormat?.type === "json" && !m.capabilities.json) return unsupported("responseFormat json");
    if (r.temperature !== undefined && !m.capabilities.temperature) return unsupported("temperature");
    if (r.stop?.length && !m.capabilities.stop) return unsupported("stop");
    for (const [cap, needed] of Object.entries(route.requires ?? {})) {
      if (needed && !m.capabilities[cap as keyof ModelSpec["capabilities"]]) return unsupported(cap);
    }
    if (r.maxOutputTokens > m.maxOutputTokens) {
      return new HttpError(400, "max_tokens_exceeded", `${m.id} produces at most ${m.maxOutputTokens} output tokens`);
    }
    if (estimateInputTokens(r) + r.maxOutputTokens > m.contextWindow) {
      return new HttpError(400, "context_window_exceeded", `The request does not fit ${m.id}'s context window of ${m.contextWindow} tokens`);
    }
    return null;
  }

  function candidates(route: RouteRequest): ModelSpec[] {
    const policy = route.modelOrPolicy;
    if (policy === "auto:cheapest" || policy === "auto:fastest") {
      const inTier = usable.filter((m) => m.tiers.includes(route.tier));
      const ok = inTier.filter((m) => !problem(m, route)).sort((a, b) => unitPrice(a) - unitPrice(b));
      if (ok.length) return ok;
      if (inTier.length) throw problem(inTier[0], route)!;
      throw new HttpError(403, "model_not_in_tier", `No model is available to the ${route.tier} tier`);
    }
    const model = usable.find((m) => m.id === policy);
    if (!model) throw new HttpError(400, "unknown_model", `Unknown or unavailable model: ${policy}`);
    if (!model.tiers.includes(route.tier)) throw new HttpError(403, "model_not_in_tier", `${model.id} is not available on the ${route.tier} tier`);
    const err = problem(model, route);
    if (err) throw err;
    return [model];
  }

  const remaining = (deadline: number) => {
    if (Date.now() >= deadline) throw new LlmError("timeout", "Deadline passed before the call");
  };

  return {
    candidates,
    async run(route, { signal, deadline }) {
      const path: AttemptRecord[] = [];
      let last: unknown;
      for (const model of candidates(route)) {
        const started = performance.now();
        try {
          remaining(deadline);
          const out = await providers[model.provider]!.complete({ ...route.request, model: model.vendorModel }, signal);
          const latencyMs = Math.round(performance.now() - started);
          path.push({ model: model.id, provider: model.provider, outcome: "ok", latencyMs });
          return { ...out, provider: model.provider, model: model.id, latencyMs, path };
        } catch (err) {
          last = err;
          path.push({ model: model.id, provider: model.provider, outcome: "error", error: err instanceof Error ? err.message : String(err), latencyMs: Math.round(performance.now() - started) });
          if (!(err instanceof LlmError && err.retryable) || signal.aborted) break;
        }
      }
      throw last;
    },
    async *stream(route, { signal, deadline }): AsyncIterable<RoutedStreamEvent> {
      const [model] = candidates(route);
      remaining(deadline);
      yield { type: "start", provider: model.provider, model: model.id, path: [{ model: model.id, provider: model.provider, outcome: "ok", latencyMs: 0 }] };
      yield* providers[model.provider]!.stream({ ...route.request, model: model.vendorModel }, signal);
    },
  };
}
