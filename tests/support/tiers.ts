import type { Db } from "mongodb";
import { defaultPreferences } from "../../functions/src/api/users/users.schema";
import type { TierId } from "../../functions/src/core/billing/catalog";
import { getDb } from "../../functions/src/platform/mongo";

/**
 * Puts a user on a tier the way tier-sync leaves it: `users.tier`, which is what every limit follows
 * (a profile is created if the user has none yet). Tests of tier-sync itself go through it instead.
 */
export async function setTier(uid: string, tier: TierId, db?: Db): Promise<void> {
  const now = new Date();
  await (db ?? (await getDb())).collection("users").updateOne(
    { uid },
    {
      $set: { tier, updatedAt: now },
      $setOnInsert: {
        uid,
        email: null,
        displayName: null,
        locale: "en",
        timezone: "UTC",
        preferences: defaultPreferences,
        roles: [],
        createdAt: now,
      },
    },
    { upsert: true },
  );
}
