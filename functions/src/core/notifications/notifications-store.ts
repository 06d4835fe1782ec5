import type { Collection, Db, Filter, ObjectId } from "mongodb";
import { insertManyNew } from "../../platform/insert-new";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import type { NotificationData } from "./notification-rules";
import type { Category, NotificationType } from "./notification-types";

/** One notification in a user's feed (the in-app channel). */
export interface NotificationDoc {
  /** derivedId("in_app", key, uid): one per notification key and user, whoever writes it first. */
  _id: ObjectId;
  uid: string;
  key: string;
  type: NotificationType;
  category: Category;
  title: string;
  body: string;
  data: NotificationData;
  event_id: ObjectId | null;
  occurred_at: Date;
  /** When it entered the feed: the feed's order and the stream's position. */
  created_at: Date;
  read_at: Date | null;
  archived_at: Date | null;
}

export type FeedFilter = "inbox" | "unread" | "archived" | "all";

const FILTERS: Record<FeedFilter, Filter<NotificationDoc>> = {
  inbox: { archived_at: null },
  unread: { archived_at: null, read_at: null },
  archived: { archived_at: { $ne: null } },
  all: {},
};

/** `notifications`: users' feeds. */
export class NotificationsStore implements HoldsPersonalData {
  private readonly notifications: Collection<NotificationDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.notifications = db.collection<NotificationDoc>("notifications");
  }

  /** Adds it unless a notification with its id exists: true when this call added it. */
  async insert(doc: NotificationDoc): Promise<boolean> {
    try {
      await this.notifications.insertOne(doc);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Adds those whose id is new, in one round trip: how many this call added. */
  insertMany(docs: NotificationDoc[]): Promise<number> {
    return insertManyNew(this.notifications, docs);
  }

  /** A page of a user's feed, newest first, after `after` (the previous page's last). */
  list(uid: string, filter: FeedFilter, limit: number, after?: { t: Date; id: ObjectId }): Promise<NotificationDoc[]> {
    const position = after ? { $or: [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }] } : {};
    return this.notifications
      .find({ uid, ...FILTERS[filter], ...position })
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .toArray();
  }

  /** What entered a user's feed at or after `since`, oldest first (the stream). */
  since(uid: string, since: Date, limit: number): Promise<NotificationDoc[]> {
    return this.notifications
      .find({ uid, created_at: { $gte: since } })
      .sort({ created_at: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  find(uid: string, id: ObjectId): Promise<NotificationDoc | null> {
    return this.notifications.findOne({ _id: id, uid });
  }

  unreadCount(uid: string): Promise<number> {
    return this.notifications.countDocuments({ uid, ...FILTERS.unread });
  }

  /** Marks one read (once: a second call keeps the first time); null when the user has no such notification. */
  async markRead(uid: string, id: ObjectId): Promise<NotificationDoc | null> {
    await this.notifications.updateOne({ _id: id, uid, read_at: null }, { $set: { read_at: this.now() } });
    return this.find(uid, id);
  }

  /** Marks every unread notification read; how many were. */
  async markAllRead(uid: string): Promise<number> {
    return (await this.notifications.updateMany({ uid, read_at: null }, { $set: { read_at: this.now() } })).modifiedCount;
  }

  /** Archives one (archived is read too); null when the user has no such notification. */
  async archive(uid: string, id: ObjectId): Promise<NotificationDoc | null> {
    const now = this.now();
    await this.notifications.updateOne({ _id: id, uid, archived_at: null }, { $set: { archived_at: now } });
    await this.notifications.updateOne({ _id: id, uid, read_at: null }, { $set: { read_at: now } });
    return this.find(uid, id);
  }

  /** Account export and deletion: a user's feed goes with the account. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.notifications, { ownerField: "uid", onDelete: "delete" })];
  }
}
