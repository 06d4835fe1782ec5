import type { Auth } from "firebase-admin/auth";
import type { Db } from "mongodb";
import { tiers, type TierId } from "../billing/catalog";
import { log } from "../../platform/logger";
import type { SubscriptionsStore } from "./subscriptions-store";

/** Keeps a user's tier (users.tier and the `tier` custom claim) equal to what their subscriptions entitle them to. */
export interface TierSync {
  sync(uid: string): Promise<TierId>;
}

const rank = (tier: TierId) => tiers.findIndex((t) => t.id === tier);

/** The best tier among entitling subscriptions; "free" without one. */
export function entitledTier(subscriptionTiers: TierId[]): TierId {
  return subscriptionTiers.reduce<TierId>((best, t) => (rank(t) > rank(best) ? t : best), "free");
}

/**
 * Derived from all of the user's subscriptions rather than from the event at hand, so a replayed or
 * late event (an old subscription's cancellation) cannot take away a tier another subscription pays for,
 * and a redelivery after a crash converges on the same result.
 */
export function createTierSync(
  db: Db,
  auth: () => Promise<Auth>,
  subscriptions: SubscriptionsStore,
  now: () => Date,
  /** Called between the profile write and the claim (tests throw from it to simulate a crash there). */
  afterStep?: (step: "profile_updated") => void | Promise<void>,
): TierSync {
  return {
    async sync(uid) {
      const tier = entitledTier((await subscriptions.entitling(uid)).map((s) => s.tier));
      // A profile that does not exist yet is created later with the claim's tier unknown to it; the
      // claim (what requests are authorised with) is set either way.
      await db.collection("users").updateOne({ uid, tier: { $ne: tier } }, { $set: { tier, updatedAt: now() } });
      await afterStep?.("profile_updated");
      const admin = await auth();
      let claims: Record<string, unknown>;
      try {
        claims = (await admin.getUser(uid)).customClaims ?? {};
      } catch (err) {
        if ((err as { code?: string }).code !== "auth/user-not-found") throw err;
        log.warn("tier_claim_skipped", { uid, tier, reason: "no such Auth user" });
        return tier;
      }
      if (claims.tier !== tier) {
        // Other claims (roles) are kept: custom claims are replaced as a whole.
        await admin.setCustomUserClaims(uid, { ...claims, tier });
        log.info("user_tier_changed", { uid, from: claims.tier ?? null, to: tier });
      }
      return tier;
    },
  };
}
