import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateVaultItemInput } from "./vault.schema";
import { toVaultItemView } from "./vault-store";

/**
 * Stores a secret encrypted under the caller's data key; returns its metadata only. Counted against
 * the tier's `vaultItems` (slot taken first, given back if the write fails).
 */
export async function createVaultItem(ctx: OperationContext<unknown, unknown, CreateVaultItemInput>) {
  const { caller, services } = ctx;
  const store = await services.store("vault");
  const scope = { kind: "user" as const, uid: caller.uid };
  await takeTierSlot(services, "vaultItems", await services.tier(caller), { scope, countExisting: () => store.count(caller.uid) });
  try {
    const doc = await store.create(caller.uid, ctx.body, services.now());
    return new Reply(201, toVaultItemView(doc));
  } catch (err) {
    await releaseTierSlot(services, "vaultItems", scope);
    throw err;
  }
}
