import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateIdeaInput } from "./ideas.schema";
import { ideasStore, toIdeaView } from "./ideas-store";

export async function createIdea(ctx: OperationContext<unknown, unknown, CreateIdeaInput>) {
  const doc = await ideasStore(await ctx.services.db()).create(ctx.caller.uid, ctx.body, ctx.services.now());
  return new Reply(201, toIdeaView(doc));
}
