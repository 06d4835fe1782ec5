import type { OperationContext } from "../../platform/operation";
import type { ListApiKeysQuery } from "./api-keys.schema";
import { ApiKeysStore, toApiKeyView } from "./api-keys-store";

/** The caller's live API keys, newest first (cursor-paginated); never secrets. */
export async function listApiKeys(ctx: OperationContext<unknown, ListApiKeysQuery>) {
  const page = await new ApiKeysStore(await ctx.services.db()).listActive(ctx.caller.uid, ctx.query);
  return { keys: page.keys.map(toApiKeyView), nextCursor: page.nextCursor };
}
