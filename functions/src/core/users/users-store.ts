import type { Collection, Db, ObjectId } from "mongodb";
import type { Caller } from "../auth/caller";
import type { Role } from "../auth/roles";
import { TierId } from "../billing/catalog";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** The `users` document: one per Firebase uid (unique index `uid_unique`). */
export interface UserDoc {
  _id?: ObjectId;
  uid: string;
  email: string | null;
  displayName: string | null;
  locale: string;
  timezone: string;
  /** As the users module validated them (api/users/users.schema.ts), which also fills in missing keys when reading. */
  preferences: Record<string, unknown>;
  roles: Role[];
  /** What the user's subscriptions entitle them to, kept by tier sync (core/payments/tier-sync.ts). */
  tier: TierId;
  createdAt: Date;
  updatedAt: Date;
}

/** A new profile's own fields: the users module's defaults, and the tier the user is already entitled to. */
export type NewProfile = Pick<UserDoc, "displayName" | "locale" | "timezone" | "preferences" | "tier">;

/** A change the user makes to their profile (validated by the users module); preferences change key by key. */
export interface ProfileChange {
  displayName?: string | null;
  locale?: string;
  timezone?: string;
  preferences?: Record<string, unknown>;
}

/**
 * `users`: profiles (the users module), roles mirrored from Firebase Auth (admin), and the tier that
 * tier sync keeps and every tier-dependent limit reads.
 */
export class UsersStore implements HoldsPersonalData {
  private readonly users: Collection<UserDoc>;

  constructor(db: Db) {
    this.users = db.collection<UserDoc>("users");
  }

  findByUid(uid: string): Promise<UserDoc | null> {
    return this.users.findOne({ uid });
  }

  /** The stored tier; null without a profile or with a tier the catalogue does not know. */
  async tierOf(uid: string): Promise<TierId | null> {
    const user = await this.users.findOne({ uid }, { projection: { tier: 1 } });
    const stored = TierId.safeParse(user?.tier);
    return user && stored.success ? stored.data : null;
  }

  /**
   * The caller's document, created on first call from `fresh()`. Concurrent first calls are safe: the
   * upsert is one atomic operation, and on a real MongoDB the loser of an insert race gets E11000 from
   * the unique index on `uid` and reads the winner's document.
   */
  async getOrCreate(caller: Caller, now: Date, fresh: () => Promise<NewProfile>): Promise<UserDoc> {
    const existing = await this.users.findOne({ uid: caller.uid });
    if (existing) return this.syncIdentity(existing, caller, now);
    const profile = await fresh();
    const doc: Omit<UserDoc, "_id" | "uid"> = {
      email: caller.email ?? null,
      displayName: profile.displayName,
      locale: profile.locale,
      timezone: profile.timezone,
      preferences: profile.preferences,
      roles: caller.roles,
      tier: profile.tier,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const created = await this.users.findOneAndUpdate(
        { uid: caller.uid },
        { $setOnInsert: { uid: caller.uid, ...doc } },
        { upsert: true, returnDocument: "after" },
      );
      if (created) return created;
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

  async update(uid: string, change: ProfileChange, now: Date): Promise<UserDoc | null> {
    const set: Record<string, unknown> = { updatedAt: now };
    if (change.displayName !== undefined) set.displayName = change.displayName;
    if (change.locale !== undefined) set.locale = change.locale;
    if (change.timezone !== undefined) set.timezone = change.timezone;
    for (const [key, value] of Object.entries(change.preferences ?? {})) set[`preferences.${key}`] = value;
    return this.users.findOneAndUpdate({ uid }, { $set: set }, { returnDocument: "after" });
  }

  async setRoles(uid: string, roles: Role[], now: Date): Promise<void> {
    await this.users.updateOne({ uid }, { $set: { roles, updatedAt: now } });
  }

  /**
   * Records the tier a user's subscriptions entitle them to. Only a profile that exists changes: one
   * created later starts from the subscriptions (see getOrCreate's `fresh`).
   */
  async setTier(uid: string, tier: TierId, now: Date): Promise<void> {
    await this.users.updateOne({ uid, tier: { $ne: tier } }, { $set: { tier, updatedAt: now } });
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents (the profile). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.users, { ownerField: "uid", onDelete: "delete" })];
  }
}
