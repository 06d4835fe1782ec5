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
 * profile existed is already recorded: a new profile starts from the tier it entitles to. Creating it
 * is the sign-up: the referral click the app presents then is attributed (core/marketplace/referrals.ts).
 */
export async function ownProfile(ctx: OperationContext, now: Date, signUp: { referralClick?: string } = {}): Promise<UserDoc> {
  const { caller, services } = ctx;
  const users = await services.store("users");
  // Before the profile exists, so that a failure here fails the call and its retry attributes again
  // (the first attribution stands); once the profile exists, a click is never counted.
  if (signUp.referralClick && !(await users.findByUid(caller.uid))) {
    const { attributeSignUp } = await import("../marketplace/referrals");
    await attributeSignUp(services, caller, signUp.referralClick);
  }
  const doc = await users.getOrCreate(caller, now, async () => ({
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
