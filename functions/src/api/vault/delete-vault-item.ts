import type { OperationContext } from "../../platform/operation";
import type { VaultItemParams } from "./vault.schema";
import { vaultStore } from "./vault-store";

export async function deleteVaultItem(ctx: OperationContext<VaultItemParams>) {
  await vaultStore(await ctx.services.db()).delete(ctx.caller.uid, ctx.params.itemId);
  return { id: ctx.params.itemId, deleted: true as const };
}
