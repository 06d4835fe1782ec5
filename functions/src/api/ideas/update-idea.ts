import type { OperationContext } from "../../platform/operation";
import type { IdeaParams, UpdateIdeaInput } from "./ideas.schema";
import { toIdeaView } from "./ideas-store";

export async function updateIdea(ctx: OperationContext<IdeaParams, unknown, UpdateIdeaInput>) {
  const ideas = await ctx.services.store("ideas");
  return toIdeaView(await ideas.update(ctx.caller.uid, ctx.params.ideaId, ctx.body, ctx.services.now()));
}
