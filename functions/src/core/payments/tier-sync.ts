import type { Services } from "../../services";
import type { TierId } from "../billing/catalog";
import { subscribedTier } from "../billing/user-tier";
import { log } from "../../platform/logger";

/** Keeps a user's tier (users.tier and the `tier` custom claim) equal to what their subscriptions entitle them to. */
export interface TierSync {
  sync(uid: string): Promise<TierId>;
}

/** The step between the profile write and the claim, where crash tests fail a sync. */
export type TierSyncStep = "profile_updated";

/**
 * Derived from all of the user's subscriptions rather than from the event at hand, so a replayed or
 * late event (an old subscription's cancellation) cannot take away a tier another subscription pays for,
 * and a redelivery after a crash converges on the same result.
 */
export function createTierSync(services: Pick<Services, "store" | "auth" | "now" | "faults">): TierSync {
  return {
    async sync(uid) {
      const tier = await subscribedTier(services, uid);
      // A profile that does not exist yet is created later with the claim's tier unknown to it; the
      // claim (what requests are authorised with) is set either way.
      await (await services.store("users")).setTier(uid, tier, services.now());
      services.faults?.at("tier:profile_updated");
      const admin = await services.auth();
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
