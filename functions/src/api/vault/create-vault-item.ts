import { callerTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateVaultItemInput } from "./vault.schema";
import { toVaultItemView, vaultStore } from "./vault-store";

/**
 * Stores a secret encrypted under the caller's data key; returns its metadata only. Counted against
 * the tier's `vaultItems` (slot taken first, given back if the write fails).
 */
export async function createVaultItem(ctx: OperationContext<unknown, unknown, CreateVaultItemInput>) {
  const db = await ctx.services.db();
  const store = vaultStore(db);
  const scope = { kind: "user" as const, uid: ctx.caller.uid };
  await takeTierSlot(db, ctx.services.now, "vaultItems", await callerTier(ctx.services.db, ctx.caller), {
    scope,
    countExisting: () => store.count(ctx.caller.uid),
  });
  try {
    const doc = await store.create(ctx.caller.uid, ctx.body, ctx.services.now());
    return new Reply(201, toVaultItemView(doc));
  } catch (err) {
    await releaseTierSlot(db, ctx.services.now, "vaultItems", scope);
    throw err;
  }
}
