import {
  CreditPack,
  Currency,
  creditPacks,
  findTier,
  Tier,
  TierId,
  tiers,
  type TierId as TierIdType,
} from "../../functions/src/core/billing/catalog";

const currencies = [...Currency.options].sort();
const paidTiers = tiers.filter((t) => t.id !== "free" && !t.contactSales);

describe("billing catalog: tiers", () => {
  it("has exactly one tier per TierId, in the enum's order", () => {
    expect(tiers.map((t) => t.id)).toEqual([...TierId.options]);
    expect(new Set(tiers.map((t) => t.id)).size).toBe(tiers.length);
  });

  it("every tier satisfies its own schema", () => {
    for (const tier of tiers) expect(Tier.safeParse(tier).success).toBe(true);
  });

  it("the free tier has no price and is self-serve", () => {
    const free = findTier("free");
    expect(free.monthlyPrices).toEqual([]);
    expect(free.contactSales).toBe(false);
    expect(free.monthlyCredits).toBeGreaterThan(0);
  });

  it("there is at least one self-serve paid tier", () => {
    expect(paidTiers.length).toBeGreaterThan(0);
  });

  it.each(paidTiers.map((t) => [t.id, t] as const))("paid tier %s has exactly one positive integer price per currency", (_id, tier) => {
    expect(tier.monthlyPrices.map((p) => p.currency).sort()).toEqual(currencies);
    for (const p of tier.monthlyPrices) {
      expect(Number.isSafeInteger(p.unitAmount)).toBe(true);
      expect(p.unitAmount).toBeGreaterThan(0);
    }
  });

  it("contact-sales tiers carry no list price", () => {
    for (const tier of tiers.filter((t) => t.contactSales)) expect(tier.monthlyPrices).toEqual([]);
  });

  it("names are unique and non-empty", () => {
    expect(new Set(tiers.map((t) => t.name)).size).toBe(tiers.length);
    for (const t of tiers) expect(t.name.trim()).not.toBe("");
  });

  it("credits and limits never decrease from one tier to the next", () => {
    const unlimitedAsMax = (v: number | null) => (v === null ? Number.POSITIVE_INFINITY : v);
    for (let i = 1; i < tiers.length; i++) {
      const [lower, higher] = [tiers[i - 1], tiers[i]];
      expect(higher.monthlyCredits).toBeGreaterThanOrEqual(lower.monthlyCredits);
      for (const key of Object.keys(lower.limits) as (keyof Tier["limits"])[]) {
        expect(unlimitedAsMax(higher.limits[key])).toBeGreaterThanOrEqual(unlimitedAsMax(lower.limits[key]));
      }
    }
  });

  it("a higher self-serve tier costs more in every currency", () => {
    const ordered = tiers.filter((t) => t.monthlyPrices.length > 0);
    for (let i = 1; i < ordered.length; i++) {
      for (const currency of currencies) {
        const price = (t: Tier) => t.monthlyPrices.find((p) => p.currency === currency)!.unitAmount;
        expect(price(ordered[i])).toBeGreaterThan(price(ordered[i - 1]));
      }
    }
  });

  it("findTier returns the tier for each id and throws for an unknown one", () => {
    for (const id of TierId.options) expect(findTier(id).id).toBe(id);
    expect(() => findTier("platinum" as TierIdType)).toThrow("Unknown tier platinum");
  });
});

describe("billing catalog: credit packs", () => {
  it("has unique SKUs and names", () => {
    expect(creditPacks.length).toBeGreaterThan(0);
    expect(new Set(creditPacks.map((p) => p.sku)).size).toBe(creditPacks.length);
    expect(new Set(creditPacks.map((p) => p.name)).size).toBe(creditPacks.length);
  });

  it.each(creditPacks.map((p) => [p.sku, p] as const))(
    "pack %s: valid, positive integer credits, one integer price per currency",
    (_sku, pack) => {
      expect(CreditPack.safeParse(pack).success).toBe(true);
      expect(Number.isSafeInteger(pack.credits)).toBe(true);
      expect(pack.credits).toBeGreaterThan(0);
      expect(pack.prices.map((p) => p.currency).sort()).toEqual(currencies);
      for (const p of pack.prices) {
        expect(Number.isSafeInteger(p.unitAmount)).toBe(true);
        expect(p.unitAmount).toBeGreaterThan(0);
      }
    },
  );

  it("a bigger pack never costs more per credit", () => {
    const sorted = [...creditPacks].sort((a, b) => a.credits - b.credits);
    for (let i = 1; i < sorted.length; i++) {
      for (const currency of currencies) {
        const perCredit = (p: CreditPack) => p.prices.find((x) => x.currency === currency)!.unitAmount / p.credits;
        expect(perCredit(sorted[i])).toBeLessThanOrEqual(perCredit(sorted[i - 1]));
      }
    }
  });
});
