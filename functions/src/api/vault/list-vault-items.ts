import type { OperationContext } from "../../platform/operation";
import type { VaultListQuery } from "./vault.schema";
import { toVaultItemView } from "./vault-store";

/** The caller's vault items, newest first, metadata only (cursor over created_at, _id). */
export async function listVaultItems(ctx: OperationContext<unknown, VaultListQuery>) {
  const page = await (await ctx.services.store("vault")).list(ctx.caller.uid, ctx.query);
  return { items: page.items.map(toVaultItemView), nextCursor: page.nextCursor };
}
