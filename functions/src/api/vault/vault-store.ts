import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { getOrCreateDataKey, loadDataKey, type DataKey } from "../../core/vault/data-keys";
import { IntegrityError, itemAad, open, seal, vaultIntegrityError, type Sealed } from "../../core/vault/envelope";
import type { VaultKeyring } from "../../core/vault/vault-keyring";
import type { VaultKeysStore } from "../../core/vault/vault-keys-store";
import { notFound } from "../../platform/http-error";
import type { VaultItemView, VaultKind } from "./vault.schema";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../../core/account/personal-data-source";

/** `vault_items`: metadata in the clear, the secret only as AES-256-GCM ciphertext under the owner's data key. */
export interface VaultItemDoc extends Sealed {
  _id: ObjectId;
  uid: string;
  kind: VaultKind;
  title: string;
  key_version: number;
  size: number;
  created_at: Date;
  updated_at: Date;
}

export function toVaultItemView(doc: VaultItemDoc): VaultItemView {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    title: doc.title,
    size: doc.size,
    createdAt: doc.created_at.toISOString(),
    updatedAt: doc.updated_at.toISOString(),
  };
}

function encrypt(dataKey: DataKey, id: ObjectId, uid: string, plaintext: string) {
  const bytes = Buffer.from(plaintext, "utf8");
  return { ...seal(dataKey.key, bytes, itemAad(id.toHexString(), uid, dataKey.version)), key_version: dataKey.version, size: bytes.length };
}

/**
 * `vault_items`. Every read and write is scoped by owner: another user's item is indistinguishable
 * from none (404).
 */
export class VaultStore implements HoldsPersonalData {
  private readonly items: Collection<VaultItemDoc>;

  constructor(
    db: Db,
    /** The owners' data keys, which encrypt the items. */
    private readonly keys: VaultKeysStore,
    /** Read only by operations that encrypt or decrypt; metadata works without the master key. */
    private readonly keyring: () => Promise<VaultKeyring>,
  ) {
    this.items = db.collection<VaultItemDoc>("vault_items");
  }

  async create(uid: string, input: { kind: VaultKind; title: string; plaintext: string }, now: Date): Promise<VaultItemDoc> {
    const dataKey = await getOrCreateDataKey(this.keys, uid, await this.keyring(), now);
    const _id = new ObjectId();
    const doc: VaultItemDoc = {
      _id,
      uid,
      kind: input.kind,
      title: input.title,
      ...encrypt(dataKey, _id, uid, input.plaintext),
      created_at: now,
      updated_at: now,
    };
    await this.items.insertOne(doc);
    return doc;
  }

  count(uid: string): Promise<number> {
    return this.items.countDocuments({ uid });
  }

  async get(uid: string, id: string): Promise<VaultItemDoc> {
    const doc = await this.items.findOne({ _id: new ObjectId(id), uid });
    if (!doc) throw notFound("Vault item");
    return doc;
  }

  async list(uid: string, query: { kind?: VaultKind; limit: number; cursor?: string }) {
    const filter: Filter<VaultItemDoc> = { uid };
    if (query.kind) filter.kind = query.kind;
    if (query.cursor) {
      const c = decodeTimeCursor(query.cursor);
      filter.$or = [{ created_at: { $lt: c.t } }, { created_at: c.t, _id: { $lt: c.id } }];
    }
    const page = await this.items
      .find(filter, { projection: { ciphertext: 0, iv: 0, tag: 0 } })
      .sort({ created_at: -1, _id: -1 })
      .limit(query.limit + 1)
      .toArray();
    const items = page.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: page.length > query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
    };
  }

  /** Changes metadata; a new plaintext is encrypted afresh (new IV) under the owner's data key. */
  async update(uid: string, id: string, patch: { kind?: VaultKind; title?: string; plaintext?: string }, now: Date): Promise<VaultItemDoc> {
    const _id = new ObjectId(id);
    const set: Partial<VaultItemDoc> = { updated_at: now };
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.plaintext !== undefined) {
      const dataKey = await getOrCreateDataKey(this.keys, uid, await this.keyring(), now);
      Object.assign(set, encrypt(dataKey, _id, uid, patch.plaintext));
    }
    const doc = await this.items.findOneAndUpdate({ _id, uid }, { $set: set }, { returnDocument: "after" });
    if (!doc) throw notFound("Vault item");
    return doc;
  }

  async delete(uid: string, id: string): Promise<void> {
    const res = await this.items.deleteOne({ _id: new ObjectId(id), uid });
    if (res.deletedCount !== 1) throw notFound("Vault item");
  }

  /** The item's plaintext; any tampering with ciphertext, IV, tag, AAD or wrapped key fails closed (422). */
  async decrypt(doc: VaultItemDoc): Promise<string> {
    const dataKey = await loadDataKey(this.keys, doc.uid, await this.keyring());
    const itemId = doc._id.toHexString();
    if (!dataKey) throw vaultIntegrityError({ uid: doc.uid, itemId, what: "missing_data_key" });
    try {
      return open(dataKey.key, doc, itemAad(itemId, doc.uid, doc.key_version)).toString("utf8");
    } catch (err) {
      if (err instanceof IntegrityError) throw vaultIntegrityError({ uid: doc.uid, itemId, what: "item" });
      throw err;
    }
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents as metadata (the secret is only ever shown by the audited reveal). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.items, { ownerField: "uid", onDelete: "delete", excludeFromExport: ["ciphertext", "iv", "tag"] })];
  }
}
