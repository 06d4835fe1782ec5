import type { OperationContext } from "../../platform/operation";
import type { IdeaParams } from "./ideas.schema";
import { ideasStore, toIdeaView } from "./ideas-store";

export async function getIdea(ctx: OperationContext<IdeaParams>) {
  return toIdeaView(await ideasStore(await ctx.services.db()).get(ctx.caller.uid, ctx.params.ideaId));
}
