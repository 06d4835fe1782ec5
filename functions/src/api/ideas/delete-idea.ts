import type { OperationContext } from "../../platform/operation";
import type { IdeaParams } from "./ideas.schema";
import { ideasStore } from "./ideas-store";

export async function deleteIdea(ctx: OperationContext<IdeaParams>) {
  await ideasStore(await ctx.services.db()).delete(ctx.caller.uid, ctx.params.ideaId);
  return { id: ctx.params.ideaId, deleted: true as const };
}
