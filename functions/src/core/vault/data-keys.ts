import { randomBytes } from "node:crypto";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { dataKeyAad, IntegrityError, open, seal, vaultIntegrityError } from "./envelope";
import type { VaultKeyring } from "./vault-keyring";
import type { VaultKeyDoc, VaultKeysStore, Wrapped } from "./vault-keys-store";

/** Version of a user's data key, bound into every item's AAD (a data key rotation would bump it). */
export const DATA_KEY_VERSION = 1;

export interface DataKey {
  key: Buffer;
  version: number;
}

function wrap(keyring: VaultKeyring, uid: string, version: number, key: Buffer): Wrapped {
  const sealed = seal(keyring.current.key, key, dataKeyAad(uid, keyring.current.id, version));
  return { master_key_id: keyring.current.id, wrapped_key: sealed.ciphertext, wrap_iv: sealed.iv, wrap_tag: sealed.tag };
}

function unwrap(keyring: VaultKeyring, doc: VaultKeyDoc): Buffer {
  const master = keyring.get(doc.master_key_id);
  if (!master) {
    log.error("vault_master_key_missing", { uid: doc.uid, masterKeyId: doc.master_key_id });
    throw new HttpError(500, "vault_key_unavailable", "The vault is temporarily unable to open this item");
  }
  try {
    const key = open(
      master.key,
      { ciphertext: doc.wrapped_key, iv: doc.wrap_iv, tag: doc.wrap_tag },
      dataKeyAad(doc.uid, doc.master_key_id, doc.version),
    );
    if (key.length !== 32) throw new IntegrityError();
    return key;
  } catch (err) {
    if (err instanceof IntegrityError) throw vaultIntegrityError({ uid: doc.uid, what: "data_key", masterKeyId: doc.master_key_id });
    throw err;
  }
}

/** The user's data key, or null when they have none yet. */
export async function loadDataKey(keys: VaultKeysStore, uid: string, keyring: VaultKeyring): Promise<DataKey | null> {
  const doc = await keys.find(uid);
  return doc ? { key: unwrap(keyring, doc), version: doc.version } : null;
}

/** The user's data key, created (random 32 bytes, wrapped by the current master key) on first use. */
export async function getOrCreateDataKey(keys: VaultKeysStore, uid: string, keyring: VaultKeyring, now: Date): Promise<DataKey> {
  const existing = await loadDataKey(keys, uid, keyring);
  if (existing) return existing;
  // Concurrent first uses: one insert wins and everyone uses the stored key, not their own.
  await keys.insertIfAbsent({
    uid,
    version: DATA_KEY_VERSION,
    ...wrap(keyring, uid, DATA_KEY_VERSION, randomBytes(32)),
    created_at: now,
    rewrapped_at: null,
  });
  const stored = await loadDataKey(keys, uid, keyring);
  if (!stored) throw new Error("vault data key vanished after create");
  return stored;
}

export interface RewrapResult {
  rewrapped: number;
  /** uids whose data key could not be unwrapped (unknown master key id or failed integrity). */
  failed: string[];
}

/**
 * Re-wraps every data key not under the keyring's current master key. Items are untouched (their data
 * keys do not change). Each step is one conditional update, so the job is idempotent and safe to
 * re-run or run concurrently with traffic; once it reports no failures, older keys can be dropped.
 */
export async function rewrapVaultKeys(keys: VaultKeysStore, keyring: VaultKeyring, now: Date): Promise<RewrapResult> {
  const result: RewrapResult = { rewrapped: 0, failed: [] };
  for await (const doc of keys.wrappedByOtherThan(keyring.current.id)) {
    let key: Buffer;
    try {
      key = unwrap(keyring, doc);
    } catch {
      result.failed.push(doc.uid);
      continue;
    }
    if (await keys.rewrap(doc, wrap(keyring, doc.uid, doc.version, key), now)) result.rewrapped++;
  }
  log.info("vault_keys_rewrapped", { currentKeyId: keyring.current.id, rewrapped: result.rewrapped, failed: result.failed.length });
  return result;
}
