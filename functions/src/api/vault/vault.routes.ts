import { MONGODB_URI, VAULT_MASTER_KEY } from "../../platform/params";
import {
  CreateVaultItemInput,
  DeleteVaultItemResponse,
  RevealedVaultItem,
  UpdateVaultItemInput,
  VaultItemList,
  VaultItemParams,
  VaultItemView,
  VaultListQuery,
} from "./vault.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The vault module's functions (composed into the whole API by routes.ts). */
export const vaultRoutes = moduleRoutes(
  { tag: "vault", secrets: [MONGODB_URI, VAULT_MASTER_KEY] },
  {
    // The vault: secrets encrypted with the owner's data key, itself wrapped by VAULT_MASTER_KEY.
    vaultItems: {
      path: "/vault",
      operations: {
        GET: operation({
          operationId: "listVaultItems",
          summary: "The caller's vault items, newest first, metadata only (cursor-paginated, filter by kind)",
          auth: "user",
          scopes: ["vault:read"],
          rateLimit: perMinute(60),
          query: VaultListQuery,
          response: VaultItemList,
          handler: () => import("./list-vault-items").then((m) => m.listVaultItems),
        }),
        POST: operation({
          operationId: "createVaultItem",
          summary:
            "Store an API key, secret prompt or note, encrypted at rest (AES-256-GCM, envelope keys); 403 tier_limit_reached past the tier's vault items",
          auth: "user",
          scopes: ["vault:write"],
          rateLimit: perMinute(30),
          body: CreateVaultItemInput,
          response: VaultItemView,
          status: 201,
          errors: [403],
          handler: () => import("./create-vault-item").then((m) => m.createVaultItem),
        }),
      },
    },
    vaultItem: {
      path: "/vault/{itemId}",
      operations: {
        GET: operation({
          operationId: "getVaultItem",
          summary: "A vault item's metadata (the secret needs the audited reveal)",
          auth: "user",
          scopes: ["vault:read"],
          rateLimit: perMinute(120),
          params: VaultItemParams,
          response: VaultItemView,
          errors: [404],
          handler: () => import("./get-vault-item").then((m) => m.getVaultItem),
        }),
        PATCH: operation({
          operationId: "updateVaultItem",
          summary: "Change a vault item's kind, title or content (new content is encrypted afresh)",
          auth: "user",
          scopes: ["vault:write"],
          rateLimit: perMinute(30),
          params: VaultItemParams,
          body: UpdateVaultItemInput,
          response: VaultItemView,
          errors: [404],
          handler: () => import("./update-vault-item").then((m) => m.updateVaultItem),
        }),
        DELETE: operation({
          operationId: "deleteVaultItem",
          summary: "Delete a vault item",
          auth: "user",
          scopes: ["vault:write"],
          rateLimit: perMinute(30),
          params: VaultItemParams,
          response: DeleteVaultItemResponse,
          errors: [404],
          handler: () => import("./delete-vault-item").then((m) => m.deleteVaultItem),
        }),
      },
    },
    vaultItemReveal: {
      path: "/vault/{itemId}/reveal",
      operations: {
        POST: operation({
          operationId: "revealVaultItem",
          summary: "Decrypt a vault item and return its content (audited: who, when, request id); 422 if it fails its integrity check",
          auth: "user",
          scopes: ["vault:read"],
          rateLimit: perMinute(30),
          params: VaultItemParams,
          response: RevealedVaultItem,
          errors: [404, 422],
          handler: () => import("./reveal-vault-item").then((m) => m.revealVaultItem),
        }),
      },
    },
  },
);
