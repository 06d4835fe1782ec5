import type { NewUsageEvent } from "../../functions/src/core/usage/usage-store";

/**
 * A usage record as a metered call writes it (one generate on openai:gpt-4o-mini, answered), with
 * what a test decides: whose, which key, how many credits, when, and any field it overrides.
 */
export function usageRecord(
  fields: Pick<NewUsageEvent, "uid" | "dedupe_key" | "credits" | "created_at"> & Partial<NewUsageEvent>,
): NewUsageEvent {
  return {
    reservation_id: null,
    operation: "generate",
    request_id: fields.dedupe_key,
    api_key_id: null,
    team_id: null,
    project_id: null,
    prompt_id: null,
    prompt_version: null,
    requested_model: "openai:gpt-4o-mini",
    provider: "openai",
    model: "openai:gpt-4o-mini",
    input_tokens: 100,
    output_tokens: 10,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    provider_cost_micro: fields.credits * 1000,
    price: null,
    latency_ms: 100,
    outcome: "ok",
    error_code: null,
    path: [],
    stream: false,
    ...fields,
  };
}
