import { z } from "zod";
import { CreditPack, Currency, Tier } from "../../core/billing/catalog";

export const TiersResponse = z.object({
  tiers: z.array(Tier),
  creditPacks: z.array(CreditPack),
  currencies: z.array(Currency),
});
export type TiersResponse = z.infer<typeof TiersResponse>;
