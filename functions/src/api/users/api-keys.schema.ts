import { z } from "zod";
import { ApiScope } from "../../core/auth/api-key-verifier";
import { DisplayText, PageCursor } from "../../platform/common-schemas";

export const ApiKeyIdParams = z.strictObject({ keyId: z.string().regex(/^[0-9a-f]{24}$/, "must be an API key id") });
export type ApiKeyIdParams = z.infer<typeof ApiKeyIdParams>;

export const CreateApiKeyInput = z
  .strictObject({
    name: DisplayText(100).pipe(z.string().min(1, "must not be empty")),
    scopes: z
      .array(ApiScope)
      .min(1)
      .max(ApiScope.options.length)
      .transform((s) => [...new Set(s)].sort()),
    /** Omitted = the key never expires. In the future, within 366 days (checked against the clock by the handler). */
    expiresAt: z.iso.datetime().optional(),
  })
  .meta({ id: "CreateApiKeyInput" });
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const ApiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(ApiScope),
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    rotatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKeyView" });
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** The only response that carries the secret: it is never stored or shown again. */
export const ApiKeyWithSecret = ApiKeyView.extend({ key: z.string() }).meta({ id: "ApiKeyWithSecret" });

export const ListApiKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: PageCursor.optional(),
});
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuery>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyView), nextCursor: z.string().nullable() }).meta({ id: "ApiKeyList" });

export const RevokeApiKeyResponse = z.object({ id: z.string(), revoked: z.literal(true) }).meta({ id: "RevokeApiKeyResponse" });
