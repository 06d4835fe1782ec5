import type { Db } from "mongodb";
import { findTier, type TierId } from "../billing/catalog";
import { HttpError } from "../../platform/http-error";
import { UsageCounters, type Counted } from "./usage-counters";

/** The catalogue's `limits` fields that cap how many of something an owner may have. */
export type CountLimit = "projects" | "teamSeats" | "vaultItems";

const RESOURCE: Record<CountLimit, Counted["resource"]> = { projects: "projects", teamSeats: "team_seats", vaultItems: "vault_items" };
const NOUN: Record<CountLimit, string> = { projects: "projects", teamSeats: "team seats (the owner included)", vaultItems: "vault items" };

export function tierLimitReached(limit: CountLimit, tier: TierId, max: number): HttpError {
  return new HttpError(403, "tier_limit_reached", `The ${findTier(tier).name} tier allows at most ${max} ${NOUN[limit]}; upgrade or remove one first`, {
    details: { limit, max, tier },
  });
}

/**
 * Takes one of `limit` for an owner on `tier`, atomically (see UsageCounters), or throws 403
 * `tier_limit_reached`. Give it back with `releaseTierSlot` when the thing is deleted, or when the
 * write it was taken for did not happen.
 */
export async function takeTierSlot(db: Db, now: () => Date, limit: CountLimit, tier: TierId, counted: Omit<Counted, "resource">): Promise<void> {
  const max = findTier(tier).limits[limit];
  if (!(await new UsageCounters(db, now).take({ ...counted, resource: RESOURCE[limit] }, max))) throw tierLimitReached(limit, tier, max ?? 0);
}

export async function releaseTierSlot(db: Db, now: () => Date, limit: CountLimit, scope: Counted["scope"]): Promise<void> {
  await new UsageCounters(db, now).release({ scope, resource: RESOURCE[limit] });
}
