import type { OperationContext } from "../../platform/operation";
import type { VaultItemParams } from "./vault.schema";
import { toVaultItemView } from "./vault-store";

/** One item's metadata; the secret needs POST …/reveal (audited). */
export async function getVaultItem(ctx: OperationContext<VaultItemParams>) {
  return toVaultItemView(await (await ctx.services.store("vault")).get(ctx.caller.uid, ctx.params.itemId));
}
