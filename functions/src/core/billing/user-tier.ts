import type { Services } from "../../services";
import type { Caller } from "../auth/caller";
import { tiers, type TierId } from "./catalog";

const rank = (tier: TierId) => tiers.findIndex((t) => t.id === tier);

/** The best tier among entitling subscriptions; "free" without one. */
export function entitledTier(subscriptionTiers: TierId[]): TierId {
  return subscriptionTiers.reduce<TierId>((best, t) => (rank(t) > rank(best) ? t : best), "free");
}

/** What the user's subscriptions entitle them to now (the rule tier sync applies). */
export async function subscribedTier(services: Pick<Services, "store">, uid: string): Promise<TierId> {
  return entitledTier((await (await services.store("subscriptions")).entitling(uid)).map((s) => s.tier));
}

/**
 * The tier a user's limits follow: `users.tier`, which tier sync keeps equal to what their
 * subscriptions entitle them to. Never the `tier` claim of an ID token: a token minted before a
 * downgrade keeps its claim for up to an hour, and API keys carry none. Read on every request that
 * needs it (one indexed read; not cached across requests, so a downgrade applies to the next request).
 * A user without a profile yet is entitled to what their subscriptions give.
 */
export async function userTier(services: Pick<Services, "store">, uid: string): Promise<TierId> {
  return (await (await services.store("users")).tierOf(uid)) ?? subscribedTier(services, uid);
}

const perRequest = new WeakMap<Caller, Promise<TierId>>();

/** The caller's tier, read once per request (the pipeline and the handler share the Caller object). */
export function callerTier(services: Pick<Services, "store">, caller: Caller): Promise<TierId> {
  let tier = perRequest.get(caller);
  if (!tier) {
    tier = userTier(services, caller.uid);
    perRequest.set(caller, tier);
    // A failed read is not remembered: the next use tries again.
    tier.catch(() => perRequest.delete(caller));
  }
  return tier;
}
