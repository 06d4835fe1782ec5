import { releaseTierSlot } from "../../core/limits/tier-limits";
import type { OperationContext } from "../../platform/operation";
import type { VaultItemParams } from "./vault.schema";

/** Deletes an item and gives its slot of the tier's `vaultItems` back. */
export async function deleteVaultItem(ctx: OperationContext<VaultItemParams>) {
  await (await ctx.services.store("vault")).delete(ctx.caller.uid, ctx.params.itemId);
  await releaseTierSlot(ctx.services, "vaultItems", { kind: "user", uid: ctx.caller.uid });
  return { id: ctx.params.itemId, deleted: true as const };
}
