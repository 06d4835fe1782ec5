import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";

/**
 * AES-256-GCM with a random 96-bit IV and a full 128-bit tag. The AAD binds a ciphertext to where it
 * belongs (item id, owner, key version), so a ciphertext copied onto another item or user fails to open.
 */
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Stored as base64 strings. */
export interface Sealed {
  ciphertext: string;
  iv: string;
  tag: string;
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: ciphertext.toString("base64"), iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64") };
}

/** Thrown when a ciphertext, IV, tag or AAD does not authenticate; nothing is returned then. */
export class IntegrityError extends Error {
  constructor() {
    super("ciphertext failed authentication");
    this.name = "IntegrityError";
  }
}

export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  const iv = Buffer.from(sealed.iv, "base64");
  const tag = Buffer.from(sealed.tag, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new IntegrityError();
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]);
  } catch {
    throw new IntegrityError();
  }
}

export const dataKeyAad = (uid: string, masterKeyId: string, version: number) => `pf.vault.dek.v1|${uid}|${masterKeyId}|${version}`;
export const itemAad = (itemId: string, uid: string, keyVersion: number) => `pf.vault.item.v1|${itemId}|${uid}|${keyVersion}`;

/** The client-facing failure: 422, logged at error level (tampering or corruption must be looked at). */
export function vaultIntegrityError(fields: Record<string, unknown>): HttpError {
  log.error("vault_integrity_error", fields);
  return new HttpError(422, "vault_integrity_error", "This vault item failed its integrity check and cannot be decrypted");
}
