import type { LlmRouter } from "../../functions/src/core/llm/llm-router-types";
import type { ModelSpec, Usage } from "../../functions/src/core/llm/llm-types";

/**
 * An LlmRouter (the role the AI handlers depend on) that answers from a script: each call takes the
 * next text from `answers`, with a fixed usage, on one model. For tests of what handlers do with a
 * model's output (validation, retries, billing), not of routing.
 */
export function scriptedRouter(model: ModelSpec, usage: Usage) {
  const state = { answers: [] as string[] };
  const router: LlmRouter = {
    models: () => [model],
    candidates: () => [model],
    run: async () => ({
      text: state.answers.shift() ?? "",
      usage,
      finishReason: "stop",
      provider: model.provider,
      model: model.id,
      latencyMs: 1,
      path: [],
    }),
    stream: () => {
      throw new Error("the scripted router does not stream");
    },
  };
  return { router, state };
}
