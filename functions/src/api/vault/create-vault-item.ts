import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateVaultItemInput } from "./vault.schema";
import { toVaultItemView, vaultStore } from "./vault-store";

/** Stores a secret encrypted under the caller's data key; returns its metadata only. */
export async function createVaultItem(ctx: OperationContext<unknown, unknown, CreateVaultItemInput>) {
  const doc = await vaultStore(await ctx.services.db()).create(ctx.caller.uid, ctx.body, ctx.services.now());
  return new Reply(201, toVaultItemView(doc));
}
