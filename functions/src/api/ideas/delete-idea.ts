import type { OperationContext } from "../../platform/operation";
import type { IdeaParams } from "./ideas.schema";

export async function deleteIdea(ctx: OperationContext<IdeaParams>) {
  const ideas = await ctx.services.store("ideas");
  await ideas.delete(ctx.caller.uid, ctx.params.ideaId);
  return { id: ctx.params.ideaId, deleted: true as const };
}
