import type { ApiKeyDoc } from "../../core/auth/api-keys-store";
import type { ApiKeyView } from "./api-keys.schema";

/** An API key as its owner sees it: metadata and last use, never the secret or its hash. */
export function toApiKeyView(doc: ApiKeyDoc): ApiKeyView {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    scopes: doc.scopes,
    prefix: doc.prefix,
    createdAt: doc.created_at.toISOString(),
    expiresAt: doc.expires_at?.toISOString() ?? null,
    lastUsedAt: doc.last_used_at?.toISOString() ?? null,
    rotatedAt: doc.rotated_at?.toISOString() ?? null,
  };
}
