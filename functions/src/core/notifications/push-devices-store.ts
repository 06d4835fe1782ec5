import { createHash } from "node:crypto";
import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";
import { PUSH_PLATFORMS, type PushPlatform } from "./push-platform";

export { PUSH_PLATFORMS, type PushPlatform };

export interface PushDevice {
  token: string;
  platform: PushPlatform;
  added_at: Date;
  last_seen_at: Date;
}

/**
 * One document per user holding their FCM registration tokens, keyed by the token's SHA-256 (also
 * the device id clients see). `count` and `hashes` move with `tokens` in the same atomic update,
 * so the cap holds under concurrent registrations without counters that could drift.
 */
interface PushDevicesDoc {
  _id: ObjectId;
  uid: string;
  count: number;
  hashes: string[];
  tokens: Record<string, PushDevice>;
}

export type RegisterResult = { outcome: "added" | "refreshed"; id: string } | { outcome: "full" };

/** The device id of a token (hex SHA-256): what clients unregister by, and the key in `tokens`. */
export const deviceIdOf = (token: string): string => createHash("sha256").update(token).digest("hex");

/** `push_devices`: where each user's push notifications go. */
export class PushDevicesStore implements HoldsPersonalData {
  private readonly devices: Collection<PushDevicesDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.devices = db.collection<PushDevicesDoc>("push_devices");
  }

  /**
   * Adds a token (or refreshes it when the user has it already), unless the user has `cap` tokens.
   * A token belongs to one device and so to one signed-in user: another user's copy is removed.
   */
  async register(uid: string, token: string, platform: PushPlatform, cap: number): Promise<RegisterResult> {
    const _id = derivedId("push_devices", uid);
    const id = deviceIdOf(token);
    const now = this.now();
    try {
      await this.devices.updateOne({ _id }, { $setOnInsert: { uid, count: 0, hashes: [], tokens: {} } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const added = await this.devices.updateOne(
      { _id, hashes: { $ne: id }, count: { $lt: cap } },
      {
        $set: { [`tokens.${id}`]: { token, platform, added_at: now, last_seen_at: now } },
        $addToSet: { hashes: id },
        $inc: { count: 1 },
      },
    );
    if (added.modifiedCount === 1) {
      for (const other of await this.devices.find({ hashes: id, _id: { $ne: _id } }, { projection: { _id: 1 } }).toArray()) {
        await this.removeFrom(other._id, id);
      }
      return { outcome: "added", id };
    }
    const refreshed = await this.devices.updateOne(
      { _id, hashes: id },
      { $set: { [`tokens.${id}.last_seen_at`]: now, [`tokens.${id}.platform`]: platform } },
    );
    return refreshed.matchedCount === 1 ? { outcome: "refreshed", id } : { outcome: "full" };
  }

  /** Which of these users have at least one device, in one round trip. */
  async usersWithDevices(uids: string[]): Promise<Set<string>> {
    const unique = [...new Set(uids)];
    const docs = await this.devices
      .find({ _id: { $in: unique.map((uid) => derivedId("push_devices", uid)) }, count: { $gt: 0 } }, { projection: { uid: 1 } })
      .batchSize(Math.max(unique.length, 1))
      .toArray();
    return new Set(docs.map((d) => d.uid));
  }

  /** Removes one of the user's devices; false when they have no such device. */
  unregister(uid: string, id: string): Promise<boolean> {
    return this.removeFrom(derivedId("push_devices", uid), id);
  }

  async list(uid: string): Promise<(PushDevice & { id: string })[]> {
    const doc = await this.devices.findOne({ _id: derivedId("push_devices", uid) });
    return Object.entries(doc?.tokens ?? {})
      .map(([id, device]) => ({ id, ...device }))
      .sort((a, b) => a.added_at.getTime() - b.added_at.getTime() || a.id.localeCompare(b.id));
  }

  private async removeFrom(_id: ObjectId, id: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(id)) return false;
    const res = await this.devices.updateOne(
      { _id, hashes: id },
      { $unset: { [`tokens.${id}`]: "" }, $pull: { hashes: id }, $inc: { count: -1 } },
    );
    return res.modifiedCount === 1;
  }

  /** Account export and deletion: the user's tokens, never exported (they address a device). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.devices, { ownerField: "uid", onDelete: "delete", excludeFromExport: ["tokens", "hashes"] })];
  }
}
