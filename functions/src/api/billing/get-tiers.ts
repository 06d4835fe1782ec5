import { creditPacks, Currency, tiers } from "../../core/billing/catalog";
import { Reply, type OperationContext } from "../../platform/operation";
import type { TiersResponse } from "./billing.schema";

/** The public catalog; cacheable by browsers and the Hosting CDN for five minutes. */
export async function getTiers(_ctx: OperationContext): Promise<Reply<TiersResponse>> {
  return new Reply(
    200,
    { tiers: [...tiers], creditPacks: [...creditPacks], currencies: [...Currency.options] },
    { "Cache-Control": "public, max-age=300, s-maxage=300" },
  );
}
