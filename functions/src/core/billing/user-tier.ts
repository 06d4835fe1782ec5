import type { Db } from "mongodb";
import type { Caller } from "../auth/caller";
import { SubscriptionsStore } from "../payments/subscriptions-store";
import { entitledTier } from "../payments/tier-sync";
import { TierId } from "./catalog";

/**
 * The tier a user's limits follow: `users.tier`, which tier-sync keeps equal to what their
 * subscriptions entitle them to. Never the `tier` claim of an ID token: a token minted before a
 * downgrade keeps its claim for up to an hour, and API keys carry none. Read on every request that
 * needs it (one indexed read; not cached across requests, so a downgrade applies to the next request).
 * A user without a profile yet is entitled to what their subscriptions give, the rule tier-sync uses.
 */
export async function userTier(db: Db, uid: string): Promise<TierId> {
  // tier-sync writes this field; reading it here keeps one source of truth for the tier.
  const user = await db.collection<{ uid: string; tier?: unknown }>("users").findOne({ uid }, { projection: { tier: 1 } });
  const stored = TierId.safeParse(user?.tier);
  if (user && stored.success) return stored.data;
  return entitledTier((await new SubscriptionsStore(db).entitling(uid)).map((s) => s.tier));
}

const perRequest = new WeakMap<Caller, Promise<TierId>>();

/** The caller's tier, read once per request (the pipeline and the handler share the Caller object). */
export function callerTier(db: () => Promise<Db>, caller: Caller): Promise<TierId> {
  let tier = perRequest.get(caller);
  if (!tier) {
    tier = db().then((d) => userTier(d, caller.uid));
    perRequest.set(caller, tier);
    // A failed read is not remembered: the next use tries again.
    tier.catch(() => perRequest.delete(caller));
  }
  return tier;
}
