import type { OperationContext } from "../../platform/operation";
import type { UpdateVaultItemInput, VaultItemParams } from "./vault.schema";
import { toVaultItemView, vaultStore } from "./vault-store";

export async function updateVaultItem(ctx: OperationContext<VaultItemParams, unknown, UpdateVaultItemInput>) {
  const doc = await vaultStore(await ctx.services.db()).update(ctx.caller.uid, ctx.params.itemId, ctx.body, ctx.services.now());
  return toVaultItemView(doc);
}
