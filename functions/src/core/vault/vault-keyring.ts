import { HttpError } from "../../platform/http-error";
import { VAULT_MASTER_KEY } from "../../platform/params";

/** One master key: wraps users' data keys. Never stored in the database, only its id. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The master keys the service holds; `current` wraps new data keys, the others only unwrap old ones. */
export interface VaultKeyring {
  current: MasterKey;
  get(id: string): MasterKey | undefined;
  ids(): string[];
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** The id of a key given without one (`VAULT_MASTER_KEY=<base64>`). */
export const DEFAULT_KEY_ID = "k1";

/**
 * Parses `VAULT_MASTER_KEY`: `<base64 of 32 bytes>`, or `id:<base64>` entries separated by commas,
 * the first being current. Rotation: prepend a new entry, run rewrapVaultKeys, then drop the old one.
 */
export function parseKeyring(raw: string): VaultKeyring {
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("VAULT_MASTER_KEY is empty");
  const keys: MasterKey[] = entries.map((entry, i) => {
    const sep = entry.indexOf(":");
    const id = sep === -1 ? DEFAULT_KEY_ID : entry.slice(0, sep);
    const b64 = sep === -1 ? entry : entry.slice(sep + 1);
    if (!KEY_ID.test(id)) throw new Error(`VAULT_MASTER_KEY entry ${i + 1}: the id must be 1-32 letters, digits, _ or -`);
    const key = Buffer.from(b64, "base64");
    if (!BASE64.test(b64) || key.length !== 32) throw new Error(`VAULT_MASTER_KEY entry ${i + 1} (${id}): must be base64 of 32 bytes`);
    return { id, key };
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  if (byId.size !== keys.length) throw new Error("VAULT_MASTER_KEY has duplicate key ids");
  return { current: keys[0], get: (id) => byId.get(id), ids: () => keys.map((k) => k.id) };
}

let cached: { raw: string; keyring: VaultKeyring } | undefined;

/** The keyring from the VAULT_MASTER_KEY secret, parsed on first use (never at import). */
export async function getVaultKeyring(): Promise<VaultKeyring> {
  // Async so callers need not change if keys ever come from a KMS.
  const raw = VAULT_MASTER_KEY.value();
  if (cached?.raw === raw) return cached.keyring;
  try {
    cached = { raw, keyring: parseKeyring(raw) };
  } catch (err) {
    throw new HttpError(500, "config_invalid", "The service is misconfigured", { cause: err });
  }
  return cached.keyring;
}
