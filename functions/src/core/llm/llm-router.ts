import { z } from "zod";
import { tiers, type TierId } from "../billing/catalog";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { BreakerRegistry, CircuitBreaker } from "./circuit-breaker";
import {
  estimateInputTokens,
  type AttemptRecord,
  type LlmRouter,
  type RoutedCompletion,
  type RoutedStreamEvent,
  type RouteOptions,
  type RouteRequest,
} from "./llm-router-types";
import {
  LlmError,
  type ChatRequest,
  type LlmProvider,
  type ModelCapabilities,
  type ModelSpec,
  type ProviderId,
  type StreamChunk,
} from "./llm-types";
import { allCoolingDown, allFailed, deadlineExceeded, noProviderConfigured, toHttpError } from "./llm-errors";
import type { ModelCatalog } from "./model-catalog";

export interface RetryPolicy {
  /** Retries per candidate after a retryable error (the first call is not counted). */
  maxRetries: number;
  baseDelayMs: number;
  /** Cap of one backoff; a Retry-After above it skips the retry and falls back instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 1, baseDelayMs: 250, maxDelayMs: 2_000 };

export interface RouterDeps {
  /** Configured vendors only: a model whose provider is absent is never a candidate. */
  providers: ReadonlyMap<ProviderId, LlmProvider>;
  catalog: ModelCatalog;
  breakers: BreakerRegistry;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** [0, 1), for jitter. */
  random: () => number;
  /** Named chains of model ids (LLM_FALLBACK_CHAINS). */
  fallbackChains: Readonly<Record<string, readonly string[]>>;
  retry?: RetryPolicy;
  /** Output-token ceiling per tier (default: the billing catalog's tier limits). */
  tierMaxOutputTokens?: Readonly<Record<TierId, number>>;
  /** Told after every routed call, whatever its outcome (e.g. to publish breaker snapshots); must not throw. */
  afterCall?: () => void;
}

/** Why a model cannot serve a request, in the order checked (the first failing check wins). */
type Rejection = HttpError;

const DEFAULT_TIER_MAX = Object.fromEntries(tiers.map((t) => [t.id, t.limits.maxOutputTokens])) as Record<TierId, number>;

const FallbackChains = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,50}$/), z.array(z.string().min(1).max(120)).min(1).max(10));

/**
 * LLM_FALLBACK_CHAINS, e.g. {"default":["openai:gpt-4o-mini","anthropic:claude-3-5-haiku"]}. Invalid
 * JSON or shape is logged and ignored (no chains) rather than failing every request; unknown model ids
 * inside a chain are dropped at selection time.
 */
export function parseFallbackChains(json: string | undefined): Record<string, string[]> {
  if (!json?.trim()) return {};
  try {
    const parsed = FallbackChains.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
    log.error("llm_fallback_chains_invalid", { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
  } catch (err) {
    log.error("llm_fallback_chains_invalid", { reason: "not JSON", error: (err as Error).message });
  }
  return {};
}

/** Resolves when `ms` passed or rejects when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles with the promise, or rejects as soon as the signal aborts (a provider that ignores it cannot hold us). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

const errorLabel = (err: unknown): string =>
  err instanceof LlmError ? `${err.kind}${err.options.status ? ` ${err.options.status}` : ""}` : "error";

/** Any non-LlmError from an adapter is treated as a server error (retryable), never as the caller's fault. */
const asLlmError = (err: unknown, provider: ProviderId): LlmError =>
  err instanceof LlmError ? err : new LlmError("server_error", err instanceof Error ? err.message : String(err), { provider, cause: err });

/** A vendor's error text for our logs, bounded. */
const vendorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 1_000);

export function createLlmRouter(deps: RouterDeps): LlmRouter {
  const retry = deps.retry ?? DEFAULT_RETRY;
  const tierMax = deps.tierMaxOutputTokens ?? DEFAULT_TIER_MAX;

  function needs(route: RouteRequest, streaming: boolean): Partial<ModelCapabilities> {
    const req = route.request;
    const n: Partial<ModelCapabilities> = { ...route.requires };
    if (req.responseFormat?.type === "json") n.json = true;
    if (req.responseFormat?.type === "json_schema") n.jsonSchema = true;
    if (req.temperature !== undefined) n.temperature = true;
    if (req.stop?.length) n.stop = true;
    if (streaming) n.streaming = true;
    return n;
  }

  function reject(spec: ModelSpec, route: RouteRequest, required: Partial<ModelCapabilities>, inputTokens: number): Rejection | null {
    if (!spec.price) return new HttpError(503, "model_unavailable", `${spec.id} is disabled (no price in the catalog)`);
    if (!deps.providers.has(spec.provider))
      return new HttpError(503, "model_unavailable", `${spec.id}: the ${spec.provider} provider is not configured`);
    if (!spec.tiers.includes(route.tier))
      return new HttpError(403, "model_not_allowed", `${spec.id} is not available on the ${route.tier} tier`);
    const missing = (Object.keys(required) as (keyof ModelCapabilities)[]).filter((k) => required[k] && !spec.capabilities[k]);
    if (missing.length)
      return new HttpError(400, "unsupported_parameter", `${spec.id} does not support: ${missing.join(", ")}`, { details: { missing } });
    const out = route.request.maxOutputTokens;
    if (out > spec.maxOutputTokens)
      return new HttpError(400, "too_many_tokens", `${spec.id} writes at most ${spec.maxOutputTokens} output tokens`);
    if (inputTokens + out > spec.contextWindow) {
      return new HttpError(
        400,
        "too_many_tokens",
        `~${inputTokens} input + ${out} output tokens exceed ${spec.id}'s ${spec.contextWindow}-token window`,
        {
          details: { estimatedInputTokens: inputTokens, maxOutputTokens: out, contextWindow: spec.contextWindow },
        },
      );
    }
    return null;
  }

  /** µcr of the most this request could cost on a model (the cheapest-policy key; priced models only). */
  const worstCaseMicro = (spec: ModelSpec, inputTokens: number, out: number) =>
    inputTokens * spec.price!.inputMicroCreditsPerToken + out * spec.price!.outputMicroCreditsPerToken;

  function select(route: RouteRequest, streaming: boolean): ModelSpec[] {
    if (deps.providers.size === 0) throw noProviderConfigured();
    const out = route.request.maxOutputTokens;
    if (out > tierMax[route.tier]) {
      throw new HttpError(400, "too_many_tokens", `maxOutputTokens ${out} is above the ${route.tier} tier's ${tierMax[route.tier]}`);
    }
    const inputTokens = estimateInputTokens(route.request);
    const required = needs(route, streaming);
    const policy = route.modelOrPolicy;

    if (!policy.startsWith("auto:") && !policy.startsWith("chain:")) {
      const spec = deps.catalog.get(policy);
      if (!spec) throw new HttpError(400, "unknown_model", `Unknown model ${policy}`);
      const why = reject(spec, route, required, inputTokens);
      if (why) throw why;
      return [spec];
    }

    let pool: ModelSpec[];
    if (policy === "auto:cheapest" || policy === "auto:fastest") pool = [...deps.catalog.values()];
    else if (policy.startsWith("chain:") && Object.hasOwn(deps.fallbackChains, policy.slice(6))) {
      pool = deps.fallbackChains[policy.slice(6)].map((id) => deps.catalog.get(id)).filter((m): m is ModelSpec => m !== undefined);
    } else throw new HttpError(400, "unknown_model", `Unknown model or policy ${policy}`);

    const rejections: Rejection[] = [];
    const eligible = pool.filter((spec) => {
      const why = reject(spec, route, required, inputTokens);
      if (why) rejections.push(why);
      return !why;
    });
    if (!eligible.length) {
      // The most actionable reason: one the caller can fix in the request, then their tier, then ours.
      const rank = (e: HttpError) => ({ too_many_tokens: 0, unsupported_parameter: 1, model_not_allowed: 2 })[e.code] ?? 3;
      const best = rejections.sort((a, b) => rank(a) - rank(b))[0];
      throw best ?? new HttpError(503, "model_unavailable", `No model is configured for ${policy}`);
    }
    if (policy.startsWith("chain:")) return eligible;
    const cost = (s: ModelSpec) => worstCaseMicro(s, inputTokens, out);
    const byCost = (a: ModelSpec, b: ModelSpec) => cost(a) - cost(b) || a.id.localeCompare(b.id);
    if (policy === "auto:cheapest") return eligible.sort(byCost);
    // auto:fastest: known latencies first, fastest first; models never measured follow, cheapest first.
    const latency = (s: ModelSpec) => deps.breakers.get(s.id).latencyEwma() ?? Number.POSITIVE_INFINITY;
    return eligible.sort((a, b) => {
      const la = latency(a);
      const lb = latency(b);
      return la === lb ? byCost(a, b) : la - lb;
    });
  }

  function backoffMs(attempt: number, err: LlmError): number | null {
    const retryAfter = err.options.retryAfterMs;
    if (retryAfter !== undefined) return retryAfter <= retry.maxDelayMs ? retryAfter : null;
    return Math.floor(deps.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt));
  }

  /** A signal that aborts when the caller does or at the deadline (whichever is first). */
  function attemptSignal(options: RouteOptions): AbortSignal {
    return AbortSignal.any([options.signal, AbortSignal.timeout(Math.max(0, options.deadline - deps.now()))]);
  }

  function chatRequest(spec: ModelSpec, route: RouteRequest): ChatRequest {
    return { ...route.request, model: spec.vendorModel };
  }

  /**
   * Tries the candidates in order with bounded retries. `call` performs one attempt; the result is the
   * first success, a terminal error, or the exhaustion error with the path.
   */
  async function tryCandidates<T>(
    list: ModelSpec[],
    options: RouteOptions,
    call: (spec: ModelSpec, provider: LlmProvider, signal: AbortSignal, path: AttemptRecord[]) => Promise<T>,
  ): Promise<T> {
    const path: AttemptRecord[] = [];
    let attempted = false;
    let deadlineHit = false;
    outer: for (const spec of list) {
      const provider = deps.providers.get(spec.provider)!;
      const breaker: CircuitBreaker = deps.breakers.get(spec.id);
      for (let attempt = 0; attempt <= retry.maxRetries; attempt++) {
        if (options.signal.aborted) throw options.signal.reason;
        if (deps.now() >= options.deadline) {
          deadlineHit = true;
          break outer;
        }
        if (!breaker.tryAcquire()) {
          if (attempt === 0) path.push({ model: spec.id, provider: spec.provider, outcome: "skipped_open_breaker", latencyMs: 0 });
          continue outer;
        }
        attempted = true;
        const signal = attemptSignal(options);
        const started = deps.now();
        try {
          return await call(spec, provider, signal, path);
        } catch (err) {
          const latencyMs = deps.now() - started;
          if (options.signal.aborted) {
            breaker.release();
            throw options.signal.reason;
          }
          if (signal.aborted) {
            // Our deadline, not necessarily the model's fault: not counted against its breaker.
            breaker.release();
            path.push({ model: spec.id, provider: spec.provider, outcome: "error", error: "deadline", latencyMs });
            deadlineHit = true;
            break outer;
          }
          const llmErr = asLlmError(err, spec.provider);
          path.push({ model: spec.id, provider: spec.provider, outcome: "error", error: errorLabel(llmErr), latencyMs });
          log.warn("llm_attempt_failed", {
            model: spec.id,
            attempt,
            kind: llmErr.kind,
            status: llmErr.options.status,
            latencyMs,
            vendorMessage: vendorMessage(llmErr),
          });
          if (!llmErr.retryable) {
            if (llmErr.kind === "auth") breaker.recordFailure();
            else breaker.release();
            // Non-retryable errors are about the request or our configuration, not the model's health.
            throw toHttpError(llmErr, spec, path);
          }
          breaker.recordFailure();
          if (attempt >= retry.maxRetries) break;
          const delay = backoffMs(attempt, llmErr);
          if (delay === null || deps.now() + delay >= options.deadline) break;
          await deps.sleep(delay, options.signal);
        }
      }
    }
    if (deadlineHit) throw deadlineExceeded(path);
    if (!attempted && path.length) throw allCoolingDown(path);
    throw allFailed(list.length, path);
  }

  const router: LlmRouter = {
    models: (tier) =>
      [...deps.catalog.values()].filter((spec) => spec.price && deps.providers.has(spec.provider) && spec.tiers.includes(tier)),

    candidates: (route) => select(route, false),

    async run(route, options): Promise<RoutedCompletion> {
      const list = select(route, false);
      return tryCandidates(list, options, async (spec, provider, signal, path) => {
        const started = deps.now();
        const completion = await raceAbort(provider.complete(chatRequest(spec, route), signal), signal);
        const latencyMs = deps.now() - started;
        deps.breakers.get(spec.id).recordSuccess(latencyMs);
        path.push({ model: spec.id, provider: spec.provider, outcome: "ok", latencyMs });
        return { ...completion, provider: spec.provider, model: spec.id, latencyMs, path };
      });
    },

    stream(route, options): AsyncIterable<RoutedStreamEvent> {
      const list = select(route, true);
      return {
        async *[Symbol.asyncIterator]() {
          // Fallback is possible until the first chunk arrives; then the stream is committed to that model.
          const opened = await tryCandidates(list, options, async (spec, provider, signal, path) => {
            const started = deps.now();
            const iterator = provider.stream(chatRequest(spec, route), signal)[Symbol.asyncIterator]();
            const first = await raceAbort(iterator.next(), signal);
            if (first.done)
              throw new LlmError("malformed_response", `${spec.id} ended its stream without output`, { provider: spec.provider });
            path.push({ model: spec.id, provider: spec.provider, outcome: "ok", latencyMs: deps.now() - started });
            return { spec, iterator, first: first.value, signal, path };
          });
          const { spec, iterator, signal, path } = opened;
          const breaker = deps.breakers.get(spec.id);
          yield { type: "start", provider: spec.provider, model: spec.id, path };
          let finished = false;
          try {
            let chunk: StreamChunk = opened.first;
            for (;;) {
              yield chunk;
              if (chunk.type === "done") break;
              const next = await raceAbort(iterator.next(), signal);
              if (next.done)
                throw new LlmError("malformed_response", `${spec.id} ended its stream without usage`, { provider: spec.provider });
              chunk = next.value;
            }
            finished = true;
            breaker.recordSuccess();
          } catch (err) {
            if (err instanceof LlmError && err.retryable && !signal.aborted) breaker.recordFailure();
            else breaker.release();
            log.warn("llm_stream_failed_after_start", { model: spec.id, error: errorLabel(err), vendorMessage: vendorMessage(err) });
            throw err;
          } finally {
            if (!finished) {
              breaker.release();
              await iterator.return?.().catch(() => undefined);
            }
          }
        },
      };
    },
  };
  if (!deps.afterCall) return router;

  const afterCall = () => {
    try {
      deps.afterCall!();
    } catch (err) {
      log.warn("llm_after_call_failed", { error: err instanceof Error ? err.message : String(err) });
    }
  };
  return {
    models: router.models,
    candidates: router.candidates,
    async run(route, options) {
      try {
        return await router.run(route, options);
      } finally {
        afterCall();
      }
    },
    stream(route, options) {
      const inner = router.stream(route, options);
      return {
        async *[Symbol.asyncIterator]() {
          try {
            yield* inner;
          } finally {
            afterCall();
          }
        },
      };
    },
  };
}
