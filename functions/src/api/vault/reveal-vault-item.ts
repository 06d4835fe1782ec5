import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { VaultItemParams } from "./vault.schema";
import { toVaultItemView } from "./vault-store";

/**
 * Decrypts one of the caller's items. The reveal is audited before the plaintext leaves: if the audit
 * record cannot be written, nothing is revealed.
 */
export async function revealVaultItem(ctx: OperationContext<VaultItemParams>) {
  const { caller, services } = ctx;
  const store = await services.store("vault");
  const doc = await store.get(caller.uid, ctx.params.itemId);
  const plaintext = await store.decrypt(doc);
  await (
    await services.store("auditLog")
  ).record({
    action: "vault.item_revealed",
    actor_uid: caller.uid,
    target_uid: caller.uid,
    request_id: ctx.requestId,
    data: {
      itemId: ctx.params.itemId,
      kind: doc.kind,
      authMethod: caller.authMethod ?? "id_token",
      ...(caller.apiKeyId ? { apiKeyId: caller.apiKeyId } : {}),
    },
    at: services.now(),
  });
  log.info("vault_item_revealed", { uid: caller.uid, itemId: ctx.params.itemId, requestId: ctx.requestId });
  return { ...toVaultItemView(doc), plaintext };
}
