import type { OperationContext } from "../../platform/operation";
import type { PromptParams } from "./prompts.schema";
import { loadPrompt, promptsOf } from "./prompts-store";

/** Where each label points now, and the last 200 moves, newest first. */
export async function listLabels(ctx: OperationContext<PromptParams>) {
  const db = await ctx.services.db();
  const { prompt } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "read");
  const moves = await promptsOf(db).labelMoves.find({ prompt_id: prompt._id }).sort({ at: -1, _id: -1 }).limit(200).toArray();
  return {
    labels: prompt.labels,
    history: moves.map((m) => ({
      label: m.label,
      fromVersion: m.from_version,
      toVersion: m.to_version,
      movedBy: m.moved_by,
      reason: m.reason,
      at: m.at.toISOString(),
    })),
  };
}
