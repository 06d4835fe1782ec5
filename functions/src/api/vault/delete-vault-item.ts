import { releaseTierSlot } from "../../core/limits/tier-limits";
import type { OperationContext } from "../../platform/operation";
import type { VaultItemParams } from "./vault.schema";
import { vaultStore } from "./vault-store";

/** Deletes an item and gives its slot of the tier's `vaultItems` back. */
export async function deleteVaultItem(ctx: OperationContext<VaultItemParams>) {
  const db = await ctx.services.db();
  await vaultStore(db).delete(ctx.caller.uid, ctx.params.itemId);
  await releaseTierSlot(db, ctx.services.now, "vaultItems", { kind: "user", uid: ctx.caller.uid });
  return { id: ctx.params.itemId, deleted: true as const };
}
