import { type ObjectId, type Collection, type Db } from "mongodb";
import { derivedId } from "../../platform/derived-id";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { BUCKET_MS } from "./time-buckets";

const DAY_MS = 86_400_000;
/** Marks this instance remembers before it forgets them all (it then writes each again once: harmless). */
const REMEMBERED = 50_000;

/**
 * One user's authenticated activity on one UTC day: the 15-minute slots (0-95) in which they made at
 * least one authenticated request. Slots, not just the day: every local day, week and month of every
 * IANA zone starts on a slot boundary (time-buckets.ts), so "active on that local day" is exact in
 * any zone, and distinct users over any period are counted from the markers themselves (never by
 * adding daily counts).
 */
export interface ActivityDoc {
  _id: ObjectId;
  uid: string;
  /** The UTC day (midnight). */
  day: Date;
  slots: number[];
}

/** `user_activity`: DAU/WAU/MAU markers, written after the response of authenticated requests. */
export class ActivityStore implements HoldsPersonalData {
  private readonly activity: Collection<ActivityDoc>;
  /** The slots this instance already marked: a user's later requests in the same 15 minutes write nothing. */
  private readonly marked = new Set<string>();
  /** Users whose data this instance erased: the deletion request's own marker, written after its response, must not bring one back. */
  private readonly erased = new Set<string>();

  constructor(db: Db) {
    this.activity = db.collection<ActivityDoc>("user_activity");
  }

  /**
   * Marks the user active in the slot of `at`: at most one write per user and 15 minutes per
   * instance, an idempotent `$addToSet` on a document whose `_id` derives from (uid, day), so
   * concurrent instances and retries mark it once.
   */
  async mark(uid: string, at: Date): Promise<void> {
    const day = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
    const slot = Math.floor((at.getTime() - day) / BUCKET_MS);
    const key = `${uid}|${day}|${slot}`;
    if (this.marked.has(key) || this.erased.has(uid)) return;
    if (this.marked.size >= REMEMBERED) this.marked.clear();
    this.marked.add(key);
    const _id = derivedId("activity", uid, String(day));
    const update = { $setOnInsert: { uid, day: new Date(day) }, $addToSet: { slots: slot } };
    try {
      await this.activity.updateOne({ _id }, update, { upsert: true }).catch(async (err) => {
        // Two first marks of the day at once: the other inserted it; add the slot to it.
        if (!isDuplicateKey(err)) throw err;
        await this.activity.updateOne({ _id }, { $addToSet: { slots: slot } });
      });
    } catch (err) {
      this.marked.delete(key);
      throw err;
    }
  }

  /** The markers of the UTC days that overlap [from, to). */
  between(from: Date, to: Date): AsyncIterable<Pick<ActivityDoc, "uid" | "day" | "slots">> {
    const first = new Date(Math.floor(from.getTime() / DAY_MS) * DAY_MS);
    return this.activity.find({ day: { $gte: first, $lt: to } }, { projection: { _id: 0, uid: 1, day: 1, slots: 1 } });
  }

  personalData(): PersonalDataSource[] {
    const source = ownedBy(this.activity, { ownerField: "uid", onDelete: "delete" });
    return [
      {
        ...source,
        erase: (uid) => {
          if (this.erased.size >= REMEMBERED) this.erased.clear();
          this.erased.add(uid);
          return source.erase(uid);
        },
      },
    ];
  }
}
