import type { BilledLine } from "../../functions/src/core/payments/payment-event";
import { matchesListPrice, pricePayment } from "../../functions/src/core/payments/payment-pricing";

/**
 * What a payment grants is decided by what was billed, checked against the catalogue: credits_1000
 * is 500 USD cents / 39,900 paise, credits_20000 7,000 / 559,900; Pro 1,900 USD a month (5,000
 * credits), Team 9,900 (25,000 credits).
 */
const line = (sku: string | undefined, over: Partial<BilledLine> = {}): BilledLine => ({
  priceId: `price_${sku ?? "x"}`,
  sku,
  quantity: 1,
  ...over,
});
const money = (subtotal: number, discount = 0, tax = 0) => ({ subtotal, discount, tax });

describe("matchesListPrice", () => {
  it.each([
    ["the list price", money(500), true],
    ["the list price with a discount and tax on top (tax-exclusive)", money(500, 100, 80), true],
    ["a tax-inclusive price reported net of 20 % tax (Paddle)", money(417, 0, 83), true],
    ["less than the list price", money(499), false],
    ["less, with tax that does not make up the difference", money(400, 0, 20), false],
    ["more than the list price", money(7000), false],
  ])("500 list: %s", (_label, m, expected) => {
    expect(matchesListPrice(500, m)).toBe(expected);
  });

  it("grosses up at the rate applied: 833 net + 20 % = 1,000 even after an 83 discount", () => {
    expect(matchesListPrice(1000, money(833, 83, 150))).toBe(true);
    expect(matchesListPrice(1000, money(700, 0, 140))).toBe(false);
  });
});

describe("pricePayment", () => {
  it("an event without prices: the expected sku at its list price in the paid currency", () => {
    expect(pricePayment({ expectedSku: "credits_1000", billed: { lines: [], totals: money(500) }, currency: "USD" })).toMatchObject({
      ok: true,
      credits: 1000,
      item: { sku: "credits_1000" },
    });
    expect(pricePayment({ expectedSku: "credits_1000", billed: { lines: [], totals: money(39_900) }, currency: "INR" })).toMatchObject({
      ok: true,
      credits: 1000,
    });
    // A provider-reported discount is allowed: the list price before it is what is checked.
    expect(pricePayment({ expectedSku: "credits_20000", billed: { lines: [], totals: money(7000, 6500) }, currency: "USD" })).toMatchObject(
      { ok: true, credits: 20_000 },
    );
  });

  it.each([
    [
      "the metadata's bigger pack against the small pack's amount",
      { expectedSku: "credits_20000", billed: { lines: [], totals: money(500) }, currency: "USD" },
      /price is 7000 USD/,
    ],
    [
      "a currency the catalogue does not sell in",
      { expectedSku: "credits_1000", billed: { lines: [], totals: money(500) }, currency: "GBP" },
      /no GBP price/,
    ],
    ["nothing naming the product", { billed: { lines: [], totals: money(500) }, currency: "USD" }, /nothing names/],
    [
      "an sku the catalogue lacks",
      { expectedSku: "credits_7", billed: { lines: [], totals: money(500) }, currency: "USD" },
      /not in the catalogue/,
    ],
    ["no amount to check", { expectedSku: "credits_1000", billed: { lines: [] }, currency: "USD" }, /no amount/],
    ["a price that is not ours", { billed: { lines: [line(undefined)], totals: money(500) }, currency: "USD" }, /not one of ours/],
    [
      "a billed price for another sku than the checkout sold",
      { expectedSku: "credits_1000", billed: { lines: [line("credits_5000")], totals: money(2000) }, currency: "USD" },
      /billed credits_5000, but the checkout was for credits_1000/,
    ],
    [
      "two full-price items",
      {
        billed: { lines: [line("tier_pro_monthly", { money: money(1900) }), line("tier_team_monthly", { money: money(9900) })] },
        currency: "USD",
      },
      /more than one/,
    ],
    ["a quantity of 3", { billed: { lines: [line("credits_1000", { quantity: 3 })], totals: money(1500) }, currency: "USD" }, /quantity 3/],
    [
      "a full period billed below its price",
      { billed: { lines: [line("tier_team_monthly", { money: money(1900) })] }, currency: "USD" },
      /price is 9900/,
    ],
    [
      "a proration worth more than a period",
      { billed: { lines: [line("tier_pro_monthly", { money: money(3800), proration: {} })] }, currency: "USD" },
      /more than one period/,
    ],
    [
      "a credit pack with other items",
      {
        billed: { lines: [line("credits_1000", { money: money(500) }), line("tier_pro_monthly", { money: money(950), proration: {} })] },
        currency: "USD",
      },
      /credit pack billed with other items/,
    ],
  ])("holds %s", (_label, input, reason) => {
    const priced = pricePayment(input as Parameters<typeof pricePayment>[0]);
    expect(priced.ok).toBe(false);
    expect((priced as { reason: string }).reason).toMatch(reason);
  });

  it("a subscription period follows the price billed, whatever the metadata said", () => {
    expect(pricePayment({ billed: { lines: [line("tier_pro_monthly", { money: money(1900) })] }, currency: "USD" })).toMatchObject({
      ok: true,
      credits: 5000,
      item: { sku: "tier_pro_monthly" },
      prorated: false,
    });
  });

  it("an upgrade half-way through the month grants half the difference, not a full month (Stripe: shares from amounts)", () => {
    const billed = {
      lines: [
        line("tier_pro_monthly", { money: money(-950), proration: {} }),
        line("tier_team_monthly", { money: money(4950), proration: {} }),
      ],
    };
    // floor(25,000 × 0.5) + floor(5,000 × −0.5) = 12,500 − 2,500
    expect(pricePayment({ billed, currency: "USD" })).toMatchObject({
      ok: true,
      credits: 10_000,
      item: { sku: "tier_team_monthly" },
      prorated: true,
    });
  });

  it("Paddle's stated rates: quantity −1 for the plan removed", () => {
    const billed = {
      lines: [
        line("tier_pro_monthly", { quantity: -1, proration: { rate: 0.25 } }),
        line("tier_team_monthly", { proration: { rate: 0.25 } }),
      ],
    };
    expect(pricePayment({ billed, currency: "USD" })).toMatchObject({ ok: true, credits: 6250 - 1250 });
  });

  it("rounds each share down, so unused time credited back takes at least its share", () => {
    const billed = {
      lines: [
        line("tier_pro_monthly", { money: money(-633), proration: {} }),
        line("tier_team_monthly", { money: money(3300), proration: {} }),
      ],
    };
    // 25,000 × 3300/9900 = 8,333.33 → 8,333; 5,000 × −633/1900 = −1,665.79 → −1,666
    expect(pricePayment({ billed, currency: "USD" })).toMatchObject({ ok: true, credits: 8333 - 1666 });
  });

  it("a renewal that also carries last month's upgrade: the full period plus the prorations", () => {
    const billed = {
      lines: [
        line("tier_pro_monthly", { money: money(-950), proration: {} }),
        line("tier_team_monthly", { money: money(4950), proration: {} }),
        line("tier_team_monthly", { money: money(9900) }),
      ],
    };
    expect(pricePayment({ billed, currency: "USD" })).toMatchObject({
      ok: true,
      credits: 25_000 + 10_000,
      item: { sku: "tier_team_monthly" },
    });
  });

  it("a downgrade credited back grants nothing (never below zero)", () => {
    const billed = {
      lines: [
        line("tier_team_monthly", { money: money(-4950), proration: {} }),
        line("tier_pro_monthly", { money: money(950), proration: {} }),
      ],
    };
    expect(pricePayment({ billed, currency: "USD" })).toMatchObject({ ok: true, credits: 0 });
  });

  it("a proration without an amount or a rate cannot be priced", () => {
    expect(pricePayment({ billed: { lines: [line("tier_pro_monthly", { proration: {} })] }, currency: "USD" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/share/),
    });
  });
});
