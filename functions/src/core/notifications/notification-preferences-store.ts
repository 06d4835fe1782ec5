import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";
import { CATEGORIES, CHANNELS, DEFAULT_CHANNELS, type Category, type Channel } from "./notification-types";

/** Credits below which a debit notifies, unless the user chose another threshold (or none). */
export const DEFAULT_LOW_BALANCE_THRESHOLD = 100;

export type ChannelMatrix = Record<Category, Record<Channel, boolean>>;

/** A user's choices: only what they set is stored; everything else follows the defaults. */
interface PreferencesDoc {
  _id: ObjectId;
  uid: string;
  channels: Partial<Record<Category, Partial<Record<Channel, boolean>>>>;
  /** Undefined: the default; null: no low-balance alerts. */
  low_balance_threshold?: number | null;
  updated_at: Date;
}

export interface Preferences {
  channels: ChannelMatrix;
  lowBalanceThreshold: number | null;
}

export interface PreferencesPatch {
  channels?: Partial<Record<Category, Partial<Record<Channel, boolean>>>>;
  lowBalanceThreshold?: number | null;
}

/** `notification_preferences`: one document per user who changed anything. */
export class NotificationPreferencesStore implements HoldsPersonalData {
  private readonly prefs: Collection<PreferencesDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.prefs = db.collection<PreferencesDoc>("notification_preferences");
  }

  async get(uid: string): Promise<Preferences> {
    return effective(await this.prefs.findOne({ _id: derivedId("preferences", uid) }));
  }

  /** Several users' preferences in one round trip. */
  async getMany(uids: string[]): Promise<Map<string, Preferences>> {
    const unique = [...new Set(uids)];
    const found = new Map<string, PreferencesDoc>();
    if (unique.length) {
      const docs = await this.prefs
        .find({ _id: { $in: unique.map((uid) => derivedId("preferences", uid)) } })
        .batchSize(unique.length)
        .toArray();
      for (const doc of docs) found.set(doc.uid, doc);
    }
    return new Map(unique.map((uid) => [uid, effective(found.get(uid) ?? null)]));
  }

  /**
   * Applies only the fields given, atomically on the user's one document. Categories and channels
   * were validated against CATEGORIES and CHANNELS before they get here: they become field names.
   */
  async update(uid: string, patch: PreferencesPatch): Promise<Preferences> {
    const set: Record<string, unknown> = { updated_at: this.now() };
    for (const [category, channels] of Object.entries(patch.channels ?? {})) {
      if (!(CATEGORIES as readonly string[]).includes(category)) throw new Error(`unknown category ${category}`);
      for (const [channel, on] of Object.entries(channels ?? {})) {
        if (!(CHANNELS as readonly string[]).includes(channel)) throw new Error(`unknown channel ${channel}`);
        set[`channels.${category}.${channel}`] = on;
      }
    }
    if (patch.lowBalanceThreshold !== undefined) set.low_balance_threshold = patch.lowBalanceThreshold;
    const _id = derivedId("preferences", uid);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.prefs.updateOne({ _id }, { $set: set, $setOnInsert: { uid } }, { upsert: true });
        break;
      } catch (err) {
        // Two first updates raced to insert the document: the second one updates it.
        if (!isDuplicateKey(err) || attempt > 0) throw err;
      }
    }
    return this.get(uid);
  }

  /** Account export and deletion. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.prefs, { ownerField: "uid", onDelete: "delete" })];
  }
}

function effective(doc: PreferencesDoc | null): Preferences {
  const channels = Object.fromEntries(
    CATEGORIES.map((category) => [
      category,
      Object.fromEntries(CHANNELS.map((channel) => [channel, doc?.channels?.[category]?.[channel] ?? DEFAULT_CHANNELS[channel]])),
    ]),
  ) as ChannelMatrix;
  return {
    channels,
    lowBalanceThreshold: doc?.low_balance_threshold === undefined ? DEFAULT_LOW_BALANCE_THRESHOLD : doc.low_balance_threshold,
  };
}
