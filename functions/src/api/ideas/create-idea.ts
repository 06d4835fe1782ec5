import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateIdeaInput } from "./ideas.schema";
import { toIdeaView } from "./ideas-store";

export async function createIdea(ctx: OperationContext<unknown, unknown, CreateIdeaInput>) {
  const ideas = await ctx.services.store("ideas");
  return new Reply(201, toIdeaView(await ideas.create(ctx.caller.uid, ctx.body, ctx.services.now())));
}
