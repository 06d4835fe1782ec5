import type { OperationContext } from "../../platform/operation";
import { ApiKeysStore, toApiKeyView } from "./api-keys-store";

/** The caller's live API keys (at most MAX_ACTIVE_KEYS, so one page), newest first; never secrets. */
export async function listApiKeys(ctx: OperationContext) {
  const docs = await new ApiKeysStore(await ctx.services.db()).listActive(ctx.caller.uid);
  return { keys: docs.map(toApiKeyView) };
}
