import type { OperationContext } from "../../platform/operation";
import type { ListIdeasQuery } from "./ideas.schema";
import { toIdeaView } from "./ideas-store";

/** The caller's saved ideas, newest first (cursor over created_at, _id), optionally with one tag. */
export async function listIdeas(ctx: OperationContext<unknown, ListIdeasQuery>) {
  const page = await (await ctx.services.store("ideas")).list(ctx.caller.uid, ctx.query);
  return { ideas: page.ideas.map(toIdeaView), nextCursor: page.nextCursor };
}
