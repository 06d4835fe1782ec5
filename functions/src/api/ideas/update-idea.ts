import type { OperationContext } from "../../platform/operation";
import type { IdeaParams, UpdateIdeaInput } from "./ideas.schema";
import { ideasStore, toIdeaView } from "./ideas-store";

export async function updateIdea(ctx: OperationContext<IdeaParams, unknown, UpdateIdeaInput>) {
  return toIdeaView(await ideasStore(await ctx.services.db()).update(ctx.caller.uid, ctx.params.ideaId, ctx.body, ctx.services.now()));
}
