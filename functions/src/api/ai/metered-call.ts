import type { Db } from "mongodb";
import { MongoCreditLedger } from "../../core/credits/ledger";
import type { CreditLedger } from "../../core/credits/ledger-types";
import { costCredits, estimateInputTokens, maxCostCredits, type LlmRouter, type RoutedStreamEvent } from "../../core/llm/llm-router-types";
import { LlmError, type ModelSpec, type Usage } from "../../core/llm/llm-types";
import { HttpError } from "../../platform/http-error";
import { errorFields, log } from "../../platform/logger";
import type { GenerateResponse } from "./ai.schema";
import { getAiRouter } from "./ai-router";
import type { BuiltRoute } from "./build-route";
import { recordUsage, type UsageEvent } from "./usage-store";

/** What the AI operations depend on (STYLE rule 9): tests pass a scripted router. */
export interface AiDeps {
  router(): Promise<LlmRouter>;
  ledger(db: Db, now: () => Date): CreditLedger;
}

export const defaultAiDeps: AiDeps = { router: getAiRouter, ledger: (db, now) => new MongoCreditLedger(db, now) };

/** A reservation outlives the function's timeout; the credits sweep releases one whose call died. */
const RESERVATION_TTL_SECONDS = 600;

export interface MeteredCall {
  uid: string;
  operation: string;
  requestId: string;
  /** The reservation's idempotency key: `ai:<uid>:<requestId>[:<n>]` (request ids come from clients, so they are scoped by uid). */
  key: string;
  built: BuiltRoute;
  signal: AbortSignal;
  deadline: number;
}

export interface Reserved {
  router: LlmRouter;
  ledger: CreditLedger;
  candidates: ModelSpec[];
  reservationId: string;
  amount: number;
  inputEstimate: number;
}

/**
 * Picks the candidates (unknown model, tier, parameter and token problems are 4xx before any credit
 * moves) and reserves the most the call can cost on any of them. The ledger's conditional update
 * makes concurrent calls unable to reserve more than the balance (402 insufficient_credits).
 */
export async function reserveCall(db: Db, deps: AiDeps, now: () => Date, call: MeteredCall): Promise<Reserved> {
  const router = await deps.router();
  const candidates = router.candidates(call.built.route);
  const inputEstimate = estimateInputTokens(call.built.route.request);
  const amount = Math.max(1, ...candidates.map((m) => maxCostCredits(m, inputEstimate, call.built.route.request.maxOutputTokens)));
  const ledger = deps.ledger(db, now);
  const reservation = await ledger.reserve({
    uid: call.uid,
    amount,
    idempotencyKey: call.key,
    actor: call.uid,
    reason: `ai.${call.operation}`,
    cause: { kind: "llm_call", id: call.requestId },
    ttlSeconds: RESERVATION_TTL_SECONDS,
  });
  if (reservation.duplicate) throw new HttpError(409, "duplicate_request", "This request id was already used for a model call; send a new X-Request-Id");
  return { router, ledger, candidates, reservationId: reservation.id, amount, inputEstimate };
}

/** The credits for a usage: exact on the answering model, never more than was reserved. */
function chargeFor(reserved: Reserved, model: string, usage: Usage): number {
  const spec = reserved.candidates.find((m) => m.id === model);
  return spec ? Math.min(reserved.amount, costCredits(spec, usage)) : reserved.amount;
}

function usageBase(call: MeteredCall, stream: boolean): Omit<UsageEvent, "provider" | "model" | "input_tokens" | "output_tokens" | "credits" | "latency_ms" | "outcome" | "error_code" | "path"> {
  return {
    uid: call.uid,
    operation: call.operation,
    request_id: call.requestId,
    prompt_id: call.built.prompt?.id ?? null,
    prompt_version: call.built.prompt?.version ?? null,
    requested_model: call.built.route.modelOrPolicy,
    stream,
    created_at: new Date(),
  };
}

async function releaseQuietly(reserved: Reserved, call: MeteredCall, reason: string): Promise<void> {
  // A failed release is not the caller's problem: the sweep releases the reservation at its deadline.
  await reserved.ledger.release(reserved.reservationId, call.uid, reason).catch((err) => log.warn("ai_release_failed", { requestId: call.requestId, ...errorFields(err) }));
}

/** Runs a reserved call, settles its exact cost (or releases on failure) and records its usage. */
export async function runReserved(db: Db, call: MeteredCall, reserved: Reserved): Promise<GenerateResponse> {
  const started = performance.now();
  try {
    const out = await reserved.router.run(call.built.route, { signal: call.signal, deadline: call.deadline });
    const credits = chargeFor(reserved, out.model, out.usage);
    await reserved.ledger.settle(reserved.reservationId, credits, call.uid, { provider: out.provider, model: out.model, ...out.usage, requestId: call.requestId });
    await recordUsage(db, {
      ...usageBase(call, false),
      provider: out.provider,
      model: out.model,
      input_tokens: out.usage.inputTokens,
      output_tokens: out.usage.outputTokens,
      credits,
      latency_ms: out.latencyMs,
      outcome: "ok",
      error_code: null,
      path: out.path,
    });
    return {
      text: out.text,
      provider: out.provider,
      model: out.model,
      usage: out.usage,
      cost: { credits },
      latencyMs: out.latencyMs,
      finishReason: out.finishReason,
      path: out.path,
    };
  } catch (thrown) {
    const err = toAiError(thrown);
    await releaseQuietly(reserved, call, `ai.${call.operation} failed: ${err.code}`);
    await recordUsage(db, {
      ...usageBase(call, false),
      provider: null,
      model: null,
      input_tokens: 0,
      output_tokens: 0,
      credits: 0,
      latency_ms: Math.round(performance.now() - started),
      outcome: "error",
      error_code: err.code,
      path: [],
    });
    throw err;
  }
}

export type SseSend = (event: "start" | "delta" | "done" | "error", data: unknown) => void;

/**
 * Streams a reserved call. Complete: settles the reported usage. Failed or aborted (client gone)
 * after text was delivered: settles only what was delivered (input estimate + ~4 chars per output
 * token). Nothing delivered: releases.
 */
export async function streamReserved(db: Db, call: MeteredCall, reserved: Reserved, send: SseSend): Promise<void> {
  const started = performance.now();
  let start: Extract<RoutedStreamEvent, { type: "start" }> | undefined;
  let delivered = "";
  let usage: Usage | undefined;
  let failure: HttpError | undefined;
  try {
    for await (const ev of reserved.router.stream(call.built.route, { signal: call.signal, deadline: call.deadline })) {
      if (ev.type === "start") {
        start = ev;
        send("start", { provider: ev.provider, model: ev.model, requestId: call.requestId });
      } else if (ev.type === "delta") {
        delivered += ev.text;
        send("delta", { text: ev.text });
      } else {
        usage = ev.usage;
      }
    }
  } catch (thrown) {
    failure = call.signal.aborted ? new HttpError(499, "client_closed", "The client disconnected") : toAiError(thrown);
  }
  const latencyMs = Math.round(performance.now() - started);
  const outcome: UsageEvent["outcome"] = usage && !failure ? "ok" : call.signal.aborted ? "aborted" : delivered ? "partial" : "error";
  const charged: Usage | null = usage && !failure ? usage : delivered ? { inputTokens: reserved.inputEstimate, outputTokens: Math.ceil(delivered.length / 4) } : null;
  let credits = 0;
  if (charged && start) {
    credits = chargeFor(reserved, start.model, charged);
    await reserved.ledger.settle(reserved.reservationId, credits, call.uid, { provider: start.provider, model: start.model, ...charged, requestId: call.requestId, outcome });
  } else {
    await releaseQuietly(reserved, call, `ai.${call.operation} ${outcome}`);
  }
  await recordUsage(db, {
    ...usageBase(call, true),
    provider: start?.provider ?? null,
    model: start?.model ?? null,
    input_tokens: charged?.inputTokens ?? 0,
    output_tokens: charged?.outputTokens ?? 0,
    credits,
    latency_ms: latencyMs,
    outcome,
    error_code: failure?.code ?? null,
    path: start?.path ?? [],
  });
  if (failure) {
    send("error", { code: failure.code, message: failure.message, cost: { credits } });
    return;
  }
  send("done", { usage: charged, cost: { credits }, provider: start?.provider, model: start?.model, latencyMs });
}

/** Vendor failures as API errors: the caller's fault is a 4xx, the vendor's a 502/504. */
export function toAiError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof LlmError) {
    switch (err.kind) {
      case "bad_request":
        return new HttpError(400, "llm_bad_request", err.message);
      case "unsupported":
        return new HttpError(400, "unsupported_parameter", err.message);
      case "content_policy":
        return new HttpError(422, "content_policy", "The model refused this request under its content policy");
      case "timeout":
        return new HttpError(504, "llm_timeout", "The model did not answer in time");
      default:
        return new HttpError(502, "llm_unavailable", "The model provider failed; no credits were charged");
    }
  }
  log.error("ai_call_failed", errorFields(err));
  return new HttpError(502, "llm_unavailable", "The model provider failed; no credits were charged");
}
