import { z } from "zod";

/**
 * The one typed catalog of subscription tiers and credit packs. Money is integer minor units with an
 * ISO currency; credits are integers. Provider price ids (Stripe, Razorpay, Paddle) are attached by
 * the billing module, not here.
 */
export const Currency = z.enum(["USD", "EUR", "INR"]);
export type Currency = z.infer<typeof Currency>;

export const TierId = z.enum(["free", "pro", "team", "enterprise"]);
export type TierId = z.infer<typeof TierId>;

export const Price = z.object({
  currency: Currency,
  /** Minor units: cents, paise. */
  unitAmount: z.number().int().nonnegative(),
});
export type Price = z.infer<typeof Price>;

export const TierLimits = z.object({
  requestsPerMinute: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  projects: z.number().int().positive().nullable(),
  teamSeats: z.number().int().positive().nullable(),
  vaultItems: z.number().int().positive().nullable(),
});

export const Tier = z.object({
  id: TierId,
  name: z.string(),
  description: z.string(),
  monthlyCredits: z.number().int().nonnegative(),
  limits: TierLimits,
  /** Monthly prices; empty for free and for custom-priced (contact sales) tiers. */
  monthlyPrices: z.array(Price),
  contactSales: z.boolean(),
});
export type Tier = z.infer<typeof Tier>;

export const CreditPack = z.object({
  sku: z.string(),
  name: z.string(),
  credits: z.number().int().positive(),
  prices: z.array(Price),
});
export type CreditPack = z.infer<typeof CreditPack>;

const usdEurInr = (usdCents: number, eurCents: number, paise: number): Price[] => [
  { currency: "USD", unitAmount: usdCents },
  { currency: "EUR", unitAmount: eurCents },
  { currency: "INR", unitAmount: paise },
];

export const tiers: readonly Tier[] = [
  {
    id: "free",
    name: "Free",
    description: "Try every low-cost model and keep your prompts versioned",
    monthlyCredits: 200,
    limits: { requestsPerMinute: 10, maxOutputTokens: 1_024, projects: 3, teamSeats: 1, vaultItems: 10 },
    monthlyPrices: [],
    contactSales: false,
  },
  {
    id: "pro",
    name: "Pro",
    description: "For individuals who run prompts every day",
    monthlyCredits: 5_000,
    limits: { requestsPerMinute: 60, maxOutputTokens: 8_192, projects: 50, teamSeats: 1, vaultItems: 500 },
    monthlyPrices: usdEurInr(1_900, 1_900, 149_900),
    contactSales: false,
  },
  {
    id: "team",
    name: "Team",
    description: "Shared projects, roles and a pooled credit allowance",
    monthlyCredits: 25_000,
    limits: { requestsPerMinute: 300, maxOutputTokens: 16_384, projects: null, teamSeats: 10, vaultItems: 5_000 },
    monthlyPrices: usdEurInr(9_900, 9_900, 799_900),
    contactSales: false,
  },
  {
    id: "enterprise",
    name: "Enterprise",
    description: "Custom limits, SSO and invoicing",
    monthlyCredits: 250_000,
    limits: { requestsPerMinute: 1_200, maxOutputTokens: 32_768, projects: null, teamSeats: null, vaultItems: null },
    monthlyPrices: [],
    contactSales: true,
  },
];

export const creditPacks: readonly CreditPack[] = [
  { sku: "credits_1000", name: "1,000 credits", credits: 1_000, prices: usdEurInr(500, 500, 39_900) },
  { sku: "credits_5000", name: "5,000 credits", credits: 5_000, prices: usdEurInr(2_000, 2_000, 159_900) },
  { sku: "credits_20000", name: "20,000 credits", credits: 20_000, prices: usdEurInr(7_000, 7_000, 559_900) },
];

/** A paid subscription to a tier, billed monthly; each paid period grants the tier's monthly credits. */
export const SubscriptionPlan = z.object({
  sku: z.string(),
  tier: TierId,
  interval: z.literal("month"),
  prices: z.array(Price),
});
export type SubscriptionPlan = z.infer<typeof SubscriptionPlan>;

export const subscriptionPlans: readonly SubscriptionPlan[] = tiers
  .filter((t) => t.monthlyPrices.length > 0)
  .map((t) => ({ sku: `tier_${t.id}_monthly`, tier: t.id, interval: "month" as const, prices: t.monthlyPrices }));

/** Every sku a checkout may name: a credit pack or a tier subscription. */
export type CatalogItem =
  | { kind: "credits"; sku: string; credits: number; prices: Price[]; name: string }
  | { kind: "subscription"; sku: string; tier: TierId; credits: number; prices: Price[]; name: string };

export function findSku(sku: string): CatalogItem | undefined {
  const pack = creditPacks.find((p) => p.sku === sku);
  if (pack) return { kind: "credits", sku, credits: pack.credits, prices: pack.prices, name: pack.name };
  const plan = subscriptionPlans.find((p) => p.sku === sku);
  if (plan) {
    const tier = findTier(plan.tier);
    return {
      kind: "subscription",
      sku,
      tier: plan.tier,
      credits: tier.monthlyCredits,
      prices: plan.prices,
      name: `${tier.name} (monthly)`,
    };
  }
  return undefined;
}

export const allSkus = (): string[] => [...creditPacks.map((p) => p.sku), ...subscriptionPlans.map((p) => p.sku)];

export function priceIn(item: CatalogItem, currency: Currency): Price | undefined {
  return item.prices.find((p) => p.currency === currency);
}

export function findTier(id: TierId): Tier {
  const tier = tiers.find((t) => t.id === id);
  if (!tier) throw new Error(`Unknown tier ${id}`);
  return tier;
}
