import type { Collection, Db } from "mongodb";
import type { AttemptRecord } from "./llm-router-types";
import { errorFields, log } from "../../platform/logger";

/**
 * One accounting record per model call (`usage_events`): who, which operation, prompt/version when
 * given, provider/model, tokens, credits, latency, outcome and fallback path. Never the prompt text
 * or the output.
 */
export interface UsageEvent {
  uid: string;
  operation: string;
  request_id: string;
  prompt_id: string | null;
  prompt_version: number | null;
  requested_model: string;
  provider: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  credits: number;
  latency_ms: number;
  outcome: "ok" | "error" | "partial" | "aborted";
  error_code: string | null;
  path: Pick<AttemptRecord, "model" | "provider" | "outcome" | "latencyMs">[];
  stream: boolean;
  created_at: Date;
}

/** `usage_events`: written once per model call by the metered AI operations. */
export class UsageStore {
  private readonly events: Collection<UsageEvent>;

  constructor(db: Db) {
    this.events = db.collection<UsageEvent>("usage_events");
  }

  /** Best effort after the money moved: a lost record is logged, never turned into a failed call. */
  async record(event: UsageEvent): Promise<void> {
    const path = event.path.map(({ model, provider, outcome, latencyMs }) => ({ model, provider, outcome, latencyMs }));
    try {
      await this.events.insertOne({ ...event, path });
    } catch (err) {
      log.warn("usage_event_lost", { uid: event.uid, requestId: event.request_id, operation: event.operation, ...errorFields(err) });
    }
  }
}
