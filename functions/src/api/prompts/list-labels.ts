import type { OperationContext } from "../../platform/operation";
import type { PromptParams } from "./prompts.schema";

/** Where each label points now, and the last 200 moves, newest first. */
export async function listLabels(ctx: OperationContext<PromptParams>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const moves = await prompts.labelHistory(prompt._id, 200);
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
