import type { OperationContext } from "../../platform/operation";
import type { UpdateVaultItemInput, VaultItemParams } from "./vault.schema";
import { toVaultItemView } from "./vault-store";

export async function updateVaultItem(ctx: OperationContext<VaultItemParams, unknown, UpdateVaultItemInput>) {
  const doc = await (await ctx.services.store("vault")).update(ctx.caller.uid, ctx.params.itemId, ctx.body, ctx.services.now());
  return toVaultItemView(doc);
}
