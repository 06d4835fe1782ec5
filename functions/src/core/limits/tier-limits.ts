import { findTier, type TierId } from "../billing/catalog";
import { HttpError } from "../../platform/http-error";
import type { Services } from "../../services";
import type { Counted } from "./usage-counters-store";

/** The catalogue's `limits` fields that cap how many of something an owner may have. */
export type CountLimit = "projects" | "teamSeats" | "vaultItems";

const RESOURCE: Record<CountLimit, Counted["resource"]> = { projects: "projects", teamSeats: "team_seats", vaultItems: "vault_items" };
const NOUN: Record<CountLimit, string> = { projects: "projects", teamSeats: "team seats (the owner included)", vaultItems: "vault items" };

export function tierLimitReached(limit: CountLimit, tier: TierId, max: number): HttpError {
  return new HttpError(
    403,
    "tier_limit_reached",
    `The ${findTier(tier).name} tier allows at most ${max} ${NOUN[limit]}; upgrade or remove one first`,
    {
      details: { limit, max, tier },
    },
  );
}

/**
 * Takes one of `limit` for an owner on `tier`, atomically (see UsageCountersStore), or throws 403
 * `tier_limit_reached`. Give it back with `releaseTierSlot` when the thing is deleted, or when the
 * write it was taken for did not happen.
 */
export async function takeTierSlot(
  services: Pick<Services, "store">,
  limit: CountLimit,
  tier: TierId,
  counted: Omit<Counted, "resource">,
): Promise<void> {
  const max = findTier(tier).limits[limit];
  const counters = await services.store("usageCounters");
  if (!(await counters.take({ ...counted, resource: RESOURCE[limit] }, max))) throw tierLimitReached(limit, tier, max ?? 0);
}

export async function releaseTierSlot(services: Pick<Services, "store">, limit: CountLimit, scope: Counted["scope"]): Promise<void> {
  await (await services.store("usageCounters")).release({ scope, resource: RESOURCE[limit] });
}
