import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import { displayPrefix, hashApiKey, type ApiScope } from "./api-key-verifier";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** The `api_keys` document. Only the hash of the secret is stored; `prefix` is for display. */
export interface ApiKeyDoc {
  _id: ObjectId;
  uid: string;
  name: string;
  scopes: ApiScope[];
  prefix: string;
  hash: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * `api_keys`: the keys their owners manage (api/users) and the verifier looks up by hash on every
 * request made with one. Revoked keys are kept (revoked_at set) until account deletion.
 */
export class ApiKeysStore implements HoldsPersonalData {
  private readonly keys: Collection<ApiKeyDoc>;

  constructor(db: Db) {
    this.keys = db.collection<ApiKeyDoc>("api_keys");
  }

  findByHash(hash: string): Promise<ApiKeyDoc | null> {
    return this.keys.findOne({ hash });
  }

  /** Records a use, at most once per `granularityMs` per key, so a busy key costs no write per request. */
  async markUsed(doc: ApiKeyDoc, at: Date, granularityMs: number): Promise<void> {
    await this.keys.updateOne(
      { _id: doc._id, $or: [{ last_used_at: null }, { last_used_at: { $lt: new Date(at.getTime() - granularityMs) } }] },
      { $set: { last_used_at: at } },
    );
  }

  countActive(uid: string): Promise<number> {
    return this.keys.countDocuments({ uid, revoked_at: null });
  }

  async create(
    uid: string,
    input: { name: string; scopes: ApiScope[]; expiresAt: Date | null },
    key: string,
    now: Date,
  ): Promise<ApiKeyDoc> {
    const doc: ApiKeyDoc = {
      _id: new ObjectId(),
      uid,
      name: input.name,
      scopes: input.scopes,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      created_at: now,
      expires_at: input.expiresAt,
      last_used_at: null,
      rotated_at: null,
      revoked_at: null,
    };
    await this.keys.insertOne(doc);
    return doc;
  }

  /** Live keys, newest first, one page after `cursor`. */
  async listActive(uid: string, page: { limit: number; cursor?: string }): Promise<{ keys: ApiKeyDoc[]; nextCursor: string | null }> {
    const filter: Filter<ApiKeyDoc> = { uid, revoked_at: null };
    if (page.cursor) {
      const c = decodeTimeCursor(page.cursor);
      filter.$or = [{ created_at: { $lt: c.t } }, { created_at: c.t, _id: { $lt: c.id } }];
    }
    const docs = await this.keys
      .find(filter)
      .sort({ created_at: -1, _id: -1 })
      .limit(page.limit + 1)
      .toArray();
    const keys = docs.slice(0, page.limit);
    const last = keys[keys.length - 1];
    return { keys, nextCursor: docs.length > page.limit && last ? encodeTimeCursor(last.created_at, last._id) : null };
  }

  /** Revokes one of the caller's live keys; false when there is none with that id. */
  async revoke(uid: string, id: ObjectId, now: Date): Promise<boolean> {
    const res = await this.keys.updateOne({ _id: id, uid, revoked_at: null }, { $set: { revoked_at: now } });
    return res.modifiedCount === 1;
  }

  /** Replaces the stored hash in one conditional update: the old secret stops matching at once. */
  rotate(uid: string, id: ObjectId, key: string, now: Date): Promise<ApiKeyDoc | null> {
    return this.keys.findOneAndUpdate(
      { _id: id, uid, revoked_at: null },
      { $set: { hash: hashApiKey(key), prefix: displayPrefix(key), rotated_at: now, last_used_at: null } },
      { returnDocument: "after" },
    );
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents without the key hashes. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.keys, { ownerField: "uid", onDelete: "delete", excludeFromExport: ["hash"] })];
  }
}
