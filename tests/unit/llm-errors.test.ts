import { isModelFailure, toHttpError } from "../../functions/src/core/llm/llm-errors";
import { LlmError } from "../../functions/src/core/llm/llm-types";
import { buildModelCatalog } from "../../functions/src/core/llm/model-catalog";
import { retryAfterMs } from "../../functions/src/core/llm/providers/llm-error-classifier";
import { HttpError } from "../../functions/src/platform/http-error";

/** One mapping from a vendor's failure to the API's error, whether the router or a broken stream raises it. */
const mini = buildModelCatalog({ environment: "production" }).get("openai:gpt-4o-mini")!;
const SECRET = "org-SECRET-42: the prompt 'Translate to French' was rejected";

describe("toHttpError", () => {
  it.each([
    ["unsupported", 400, "unsupported_parameter"],
    ["bad_request", 400, "provider_rejected_request"],
    ["content_policy", 422, "content_policy"],
    ["auth", 502, "provider_misconfigured"],
    ["server_error", 502, "llm_unavailable"],
    ["rate_limited", 502, "llm_unavailable"],
    ["overloaded", 502, "llm_unavailable"],
    ["connection", 502, "llm_unavailable"],
    ["malformed_response", 502, "llm_unavailable"],
    ["timeout", 504, "llm_timeout"],
  ] as const)("%s → %i %s, with or without the model, never with the vendor's text", (kind, status, code) => {
    const err = new LlmError(kind, SECRET, { status: 400, provider: "openai" });
    const path = [{ model: mini.id, provider: "openai" as const, outcome: "error" as const, latencyMs: 3 }];
    const named = toHttpError(err, mini, path);
    const bare = toHttpError(err);
    for (const mapped of [named, bare]) {
      expect(mapped).toBeInstanceOf(HttpError);
      expect({ status: mapped.status, code: mapped.code }).toEqual({ status, code });
      if (kind !== "unsupported") expect(mapped.message).not.toContain("SECRET");
    }
    expect(named.details).toEqual({ model: mini.id, path });
    expect(bare.details).toBeUndefined();
  });

  it("a vendor's context-window refusal is too_many_tokens", () => {
    const err = new LlmError("bad_request", "This model's maximum context length is 128000 tokens", { status: 400 });
    expect(toHttpError(err, mini)).toMatchObject({ status: 400, code: "too_many_tokens" });
    expect(toHttpError(err)).toMatchObject({ status: 400, code: "too_many_tokens" });
  });
});

describe("isModelFailure", () => {
  it("reports the models' failures and the caller's mistakes per model, and fails the request on our own", () => {
    for (const code of [
      "llm_unavailable",
      "llm_timeout",
      "all_providers_failed",
      "providers_unavailable",
      "provider_misconfigured",
      "model_unavailable",
    ]) {
      expect([code, isModelFailure(new HttpError(502, code, "x"))]).toEqual([code, true]);
    }
    expect(isModelFailure(new HttpError(402, "insufficient_credits", "x"))).toBe(true);
    expect(isModelFailure(new HttpError(500, "internal_error", "x"))).toBe(false);
    expect(isModelFailure(new HttpError(503, "service_unavailable", "x"))).toBe(false);
  });
});

describe("retryAfterMs", () => {
  it("reads retry-after-ms, seconds, and an HTTP date against the response's own Date header", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1_500);
    expect(retryAfterMs(new Headers({ "retry-after": "7" }))).toBe(7_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", date: "Wed, 21 Oct 2015 07:28:00 GMT" }))).toBe(
      30_000,
    );
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT", date: "Wed, 21 Oct 2015 07:28:30 GMT" }))).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT" }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
