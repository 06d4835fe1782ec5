import type { OperationContext } from "../../platform/operation";
import type { IdeaParams } from "./ideas.schema";
import { toIdeaView } from "./ideas-store";

export async function getIdea(ctx: OperationContext<IdeaParams>) {
  const ideas = await ctx.services.store("ideas");
  return toIdeaView(await ideas.get(ctx.caller.uid, ctx.params.ideaId));
}
