import { HttpError } from "../../platform/http-error";
import type { AttemptRecord } from "./llm-router-types";
import { type LlmError, type ModelSpec } from "./llm-types";

/**
 * The API's answer to a failed model call, in one place: one code per meaning, whoever raises it (the
 * router while trying models, or a stream that breaks after its first chunk). The vendor's own text
 * never reaches the client (it can carry account details, key fragments or parts of the prompt): it
 * stays in our logs, and the client gets our codes and messages.
 *
 * 400 provider_rejected_request, too_many_tokens, unsupported_parameter · 422 content_policy ·
 * 502 provider_misconfigured, llm_unavailable (the vendor failed), all_providers_failed (every
 * candidate failed) · 503 providers_unavailable (all cooling down), model_unavailable (disabled or not
 * configured) · 504 llm_timeout (the vendor's timeout or the request's deadline).
 */

/** 5xx codes about the models tried, not about our service. */
const MODEL_FAILURES: ReadonlySet<string> = new Set([
  "provider_misconfigured",
  "llm_unavailable",
  "all_providers_failed",
  "providers_unavailable",
  "model_unavailable",
  "llm_timeout",
]);

/**
 * Whether an error belongs to the model or vendor tried (an operation running several models reports
 * it beside the others' results) rather than to our own service (which fails the whole request).
 */
export const isModelFailure = (err: HttpError): boolean => err.status < 500 || MODEL_FAILURES.has(err.code);

/** A vendor's message saying the input does not fit the model's context window. */
const CONTEXT_OVERFLOW = /context[_ ]length|context window|maximum context|prompt is too long|input token count|too many (input )?tokens/i;

/**
 * An LlmError as the API error. Given the model that failed (the router knows it), the message names
 * it and the details carry the attempts so far; without it (a stream broken mid-way) the message is
 * generic.
 */
export function toHttpError(err: LlmError, model?: ModelSpec, path: AttemptRecord[] = []): HttpError {
  const options = { cause: err, ...(model ? { details: { model: model.id, path } } : {}) };
  const name = model?.id ?? "The model";
  const provider = model ? `The ${model.provider} provider` : "The model provider";
  switch (err.kind) {
    case "unsupported":
      // Raised by our adapters before anything is sent (never vendor text): says what to change.
      return new HttpError(
        400,
        "unsupported_parameter",
        model ? `${model.id} cannot honour this request: ${err.message}` : err.message,
        options,
      );
    case "content_policy":
      return new HttpError(422, "content_policy", `${name} refused the request under its content policy`, options);
    case "auth":
      return new HttpError(502, "provider_misconfigured", `${provider} rejected our credentials`, options);
    case "bad_request":
      if (CONTEXT_OVERFLOW.test(err.message)) {
        return new HttpError(
          400,
          "too_many_tokens",
          `The input is longer than ${model ? `${model.id}'s` : "the model's"} context window allows`,
          options,
        );
      }
      return new HttpError(400, "provider_rejected_request", `${name} rejected the request as invalid`, options);
    case "timeout":
      return new HttpError(504, "llm_timeout", `${name} did not answer in time`, options);
    default:
      return new HttpError(502, "llm_unavailable", `${provider} failed`, options);
  }
}

/** No attempt could start or finish before the request's deadline. */
export const deadlineExceeded = (path: AttemptRecord[]): HttpError =>
  new HttpError(504, "llm_timeout", "No model answered before the request's deadline", { details: { path } });

/** Every eligible model's breaker is open: nothing was tried. */
export const allCoolingDown = (path: AttemptRecord[]): HttpError =>
  new HttpError(503, "providers_unavailable", "Every eligible model is cooling down after failures; retry shortly", {
    details: { path },
    headers: { "Retry-After": "30" },
  });

/** Every eligible model was tried, with its retries, and failed. */
export const allFailed = (count: number, path: AttemptRecord[]): HttpError =>
  new HttpError(502, "all_providers_failed", `All ${count} eligible model(s) failed`, { details: { path } });

/** No vendor is configured in this deployment. */
export const noProviderConfigured = (): HttpError => new HttpError(503, "model_unavailable", "No language model provider is configured");
