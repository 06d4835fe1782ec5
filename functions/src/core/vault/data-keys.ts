import { randomBytes } from "node:crypto";
import type { Db, ObjectId } from "mongodb";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { dataKeyAad, IntegrityError, open, seal, vaultIntegrityError } from "./envelope";
import type { VaultKeyring } from "./vault-keyring";

/** Version of a user's data key, bound into every item's AAD (a data key rotation would bump it). */
export const DATA_KEY_VERSION = 1;

/** `vault_keys`: one per user, the data key wrapped by a master key (unique index on uid). */
export interface VaultKeyDoc {
  _id?: ObjectId;
  uid: string;
  version: number;
  master_key_id: string;
  wrapped_key: string;
  wrap_iv: string;
  wrap_tag: string;
  created_at: Date;
  rewrapped_at: Date | null;
}

export interface DataKey {
  key: Buffer;
  version: number;
}

const collection = (db: Db) => db.collection<VaultKeyDoc>("vault_keys");

function wrap(keyring: VaultKeyring, uid: string, version: number, key: Buffer) {
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
    const key = open(master.key, { ciphertext: doc.wrapped_key, iv: doc.wrap_iv, tag: doc.wrap_tag }, dataKeyAad(doc.uid, doc.master_key_id, doc.version));
    if (key.length !== 32) throw new IntegrityError();
    return key;
  } catch (err) {
    if (err instanceof IntegrityError) throw vaultIntegrityError({ uid: doc.uid, what: "data_key", masterKeyId: doc.master_key_id });
    throw err;
  }
}

/** The user's data key, or null when they have none yet. */
export async function loadDataKey(db: Db, uid: string, keyring: VaultKeyring): Promise<DataKey | null> {
  const doc = await collection(db).findOne({ uid });
  return doc ? { key: unwrap(keyring, doc), version: doc.version } : null;
}

/** The user's data key, created (random 32 bytes, wrapped by the current master key) on first use. */
export async function getOrCreateDataKey(db: Db, uid: string, keyring: VaultKeyring, now: Date): Promise<DataKey> {
  const existing = await loadDataKey(db, uid, keyring);
  if (existing) return existing;
  const fresh: Omit<VaultKeyDoc, "_id" | "uid"> = {
    version: DATA_KEY_VERSION,
    ...wrap(keyring, uid, DATA_KEY_VERSION, randomBytes(32)),
    created_at: now,
    rewrapped_at: null,
  };
  try {
    // Concurrent first uses: one upsert wins and everyone uses the stored key, not their own.
    await collection(db).updateOne({ uid }, { $setOnInsert: { uid, ...fresh } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const stored = await loadDataKey(db, uid, keyring);
  if (!stored) throw new Error("vault data key vanished after create");
  return stored;
}

export async function deleteDataKey(db: Db, uid: string): Promise<void> {
  await collection(db).deleteMany({ uid });
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
export async function rewrapVaultKeys(db: Db, keyring: VaultKeyring, now: Date = new Date()): Promise<RewrapResult> {
  const result: RewrapResult = { rewrapped: 0, failed: [] };
  const stale = collection(db).find({ master_key_id: { $ne: keyring.current.id } });
  for await (const doc of stale) {
    let key: Buffer;
    try {
      key = unwrap(keyring, doc);
    } catch {
      result.failed.push(doc.uid);
      continue;
    }
    const res = await collection(db).updateOne(
      { _id: doc._id, master_key_id: doc.master_key_id, wrapped_key: doc.wrapped_key },
      { $set: { ...wrap(keyring, doc.uid, doc.version, key), rewrapped_at: now } },
    );
    result.rewrapped += res.modifiedCount;
  }
  log.info("vault_keys_rewrapped", { currentKeyId: keyring.current.id, rewrapped: result.rewrapped, failed: result.failed.length });
  return result;
}
