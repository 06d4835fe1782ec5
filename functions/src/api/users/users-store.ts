import type { Collection, Db, ObjectId } from "mongodb";
import type { Caller } from "../../core/auth/caller";
import type { Role } from "../../core/auth/roles";
import type { TierId } from "../../core/billing/catalog";
import { userTier } from "../../core/billing/user-tier";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { defaultPreferences, type Preferences, type UpdateMeInput, type UserProfile } from "./users.schema";

/** The `users` document: one per Firebase uid (unique index `uid_unique`). */
export interface UserDoc {
  _id?: ObjectId;
  uid: string;
  email: string | null;
  displayName: string | null;
  locale: string;
  timezone: string;
  preferences: Preferences;
  roles: Role[];
  tier: TierId;
  createdAt: Date;
  updatedAt: Date;
}

export function toProfile(doc: UserDoc, credits = 0): UserProfile {
  return {
    uid: doc.uid,
    email: doc.email,
    displayName: doc.displayName,
    locale: doc.locale,
    timezone: doc.timezone,
    preferences: { ...defaultPreferences, ...doc.preferences },
    roles: doc.roles,
    tier: doc.tier,
    credits,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export class UsersStore {
  private readonly users: Collection<UserDoc>;

  constructor(private readonly db: Db) {
    this.users = db.collection<UserDoc>("users");
  }

  findByUid(uid: string): Promise<UserDoc | null> {
    return this.users.findOne({ uid });
  }

  /**
   * The caller's document, created on first call. Concurrent first calls are safe: the upsert is one
   * atomic operation, and on a real MongoDB the loser of an insert race gets E11000 from the unique
   * index on `uid` and reads the winner's document.
   */
  async getOrCreate(caller: Caller, now: Date): Promise<UserDoc> {
    const existing = await this.users.findOne({ uid: caller.uid });
    if (existing) return this.syncIdentity(existing, caller, now);
    // A subscription paid before the profile existed is already recorded: start from what it entitles.
    const tier = await userTier(this.db, caller.uid);
    const fresh: Omit<UserDoc, "_id" | "uid"> = {
      email: caller.email ?? null,
      displayName: null,
      locale: "en",
      timezone: "UTC",
      preferences: defaultPreferences,
      roles: caller.roles,
      tier,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const doc = await this.users.findOneAndUpdate(
        { uid: caller.uid },
        { $setOnInsert: { uid: caller.uid, ...fresh } },
        { upsert: true, returnDocument: "after" },
      );
      if (doc) return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const winner = await this.users.findOne({ uid: caller.uid });
    if (!winner) throw new Error("user document vanished after a concurrent create");
    return winner;
  }

  /** Email and roles come from Firebase Auth; keep the copy in Mongo current for admin views. */
  private async syncIdentity(doc: UserDoc, caller: Caller, now: Date): Promise<UserDoc> {
    const email = caller.email ?? null;
    const sameRoles = doc.roles.length === caller.roles.length && doc.roles.every((r, i) => r === caller.roles[i]);
    if (doc.email === email && sameRoles) return doc;
    const updated = await this.users.findOneAndUpdate(
      { uid: doc.uid },
      { $set: { email, roles: caller.roles, updatedAt: now } },
      { returnDocument: "after" },
    );
    return updated ?? doc;
  }

  async update(uid: string, patch: UpdateMeInput, now: Date): Promise<UserDoc | null> {
    const set: Record<string, unknown> = { updatedAt: now };
    if (patch.displayName !== undefined) set.displayName = patch.displayName;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.timezone !== undefined) set.timezone = patch.timezone;
    for (const [key, value] of Object.entries(patch.preferences ?? {})) set[`preferences.${key}`] = value;
    return this.users.findOneAndUpdate({ uid }, { $set: set }, { returnDocument: "after" });
  }

  async setRoles(uid: string, roles: Role[], now: Date): Promise<void> {
    await this.users.updateOne({ uid }, { $set: { roles, updatedAt: now } });
  }

  async delete(uid: string): Promise<boolean> {
    const res = await this.users.deleteOne({ uid });
    return res.deletedCount === 1;
  }
}
