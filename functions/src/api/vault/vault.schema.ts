import { z } from "zod";
import { DisplayText, PageCursor } from "../../platform/common-schemas";

export const VaultKind = z.enum(["api_key", "secret_prompt", "note"]).meta({ id: "VaultKind" });
export type VaultKind = z.infer<typeof VaultKind>;

export const MAX_PLAINTEXT_BYTES = 64 * 1024;

const Title = DisplayText(200).pipe(z.string().min(1, "must not be empty"));
const Plaintext = z
  .string()
  .min(1)
  .max(MAX_PLAINTEXT_BYTES)
  .refine((s) => Buffer.byteLength(s, "utf8") <= MAX_PLAINTEXT_BYTES, `must be at most ${MAX_PLAINTEXT_BYTES} bytes (UTF-8)`);

export const CreateVaultItemInput = z
  .strictObject({ kind: VaultKind, title: Title, plaintext: Plaintext })
  .meta({ id: "CreateVaultItemInput" });
export type CreateVaultItemInput = z.infer<typeof CreateVaultItemInput>;

export const UpdateVaultItemInput = z
  .strictObject({ kind: VaultKind, title: Title, plaintext: Plaintext })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change")
  .meta({ id: "UpdateVaultItemInput" });
export type UpdateVaultItemInput = z.infer<typeof UpdateVaultItemInput>;

export const VaultItemParams = z.strictObject({ itemId: z.string().regex(/^[0-9a-f]{24}$/, "must be a vault item id") });
export type VaultItemParams = z.infer<typeof VaultItemParams>;

export const VaultListQuery = z.strictObject({
  kind: VaultKind.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: PageCursor.optional(),
});
export type VaultListQuery = z.infer<typeof VaultListQuery>;

/** An item's metadata: everything but the secret. */
export const VaultItemView = z
  .object({
    id: z.string(),
    kind: VaultKind,
    title: z.string(),
    /** Size of the plaintext in bytes. */
    size: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "VaultItemView" });
export type VaultItemView = z.infer<typeof VaultItemView>;

export const VaultItemList = z.object({ items: z.array(VaultItemView), nextCursor: z.string().nullable() }).meta({ id: "VaultItemList" });

export const RevealedVaultItem = VaultItemView.extend({ plaintext: z.string() }).meta({ id: "RevealedVaultItem" });

export const DeleteVaultItemResponse = z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: "DeleteVaultItemResponse" });
