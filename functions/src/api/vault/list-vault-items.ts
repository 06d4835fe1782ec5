import type { OperationContext } from "../../platform/operation";
import type { VaultListQuery } from "./vault.schema";
import { toVaultItemView, vaultStore } from "./vault-store";

/** The caller's vault items, newest first, metadata only (cursor over created_at, _id). */
export async function listVaultItems(ctx: OperationContext<unknown, VaultListQuery>) {
  const page = await vaultStore(await ctx.services.db()).list(ctx.caller.uid, ctx.query);
  return { items: page.items.map(toVaultItemView), nextCursor: page.nextCursor };
}
