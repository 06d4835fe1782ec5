import { subscribedTier } from "../billing/user-tier";
import { recordEvent } from "../events/record-event";
import type { UserDoc } from "./users-store";
import type { OperationContext } from "../../platform/operation";
import { defaultPreferences, type Preferences, type UserProfile } from "./user-profile.schema";

export function toProfile(doc: UserDoc, credits = 0): UserProfile {
  return {
    uid: doc.uid,
    email: doc.email,
    displayName: doc.displayName,
    locale: doc.locale,
    timezone: doc.timezone,
    // Stored as UpdateMeInput validated them; keys added since the document was written take their defaults.
    preferences: { ...defaultPreferences, ...(doc.preferences as Partial<Preferences>) },
    roles: doc.roles,
    tier: doc.tier,
    credits,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/**
 * The caller's profile, created on first use with our defaults. A subscription paid before the
 * profile existed is already recorded: a new profile starts from the tier it entitles to.
 */
export async function ownProfile(ctx: OperationContext, now: Date): Promise<UserDoc> {
  const { caller, services } = ctx;
  const doc = await (
    await services.store("users")
  ).getOrCreate(caller, now, async () => ({
    displayName: null,
    locale: "en",
    timezone: "UTC",
    preferences: defaultPreferences,
    tier: await subscribedTier(services, caller.uid),
  }));
  // Created by this call (a concurrent first call that lost the race got the winner's document).
  if (doc.createdAt.getTime() === now.getTime()) {
    await recordEvent(services, {
      type: "user.signed_up",
      dedupeKey: `user:${caller.uid}:signed_up`,
      occurredAt: now,
      subject: { uid: caller.uid },
      data: { email: caller.email ?? null },
    });
  }
  return doc;
}
