import type { OperationContext } from "../../platform/operation";
import type { ListApiKeysQuery } from "./api-keys.schema";
import { toApiKeyView } from "./api-key-view";

/** The caller's live API keys, newest first (cursor-paginated); never secrets. */
export async function listApiKeys(ctx: OperationContext<unknown, ListApiKeysQuery>) {
  const page = await (await ctx.services.store("apiKeys")).listActive(ctx.caller.uid, ctx.query);
  return { keys: page.keys.map(toApiKeyView), nextCursor: page.nextCursor };
}
