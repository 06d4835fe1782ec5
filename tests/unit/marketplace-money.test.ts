import fc from "fast-check";
import {
  allocate,
  BOUNDS,
  checkBps,
  checkPrice,
  commissionKept,
  payoutAmount,
  splitSale,
} from "../../functions/src/core/marketplace/money";
import { periodKey } from "../../functions/src/core/marketplace/marketplace-settings";

const price = fc.integer({ min: 0, max: BOUNDS.price.max });
const share = fc.integer({ min: BOUNDS.sellerShareBps.min, max: BOUNDS.sellerShareBps.max });
const commission = fc.option(fc.integer({ min: BOUNDS.commissionBps.min, max: BOUNDS.commissionBps.max }), { nil: null });

describe("splitSale", () => {
  it("always sums to the price, in non-negative integers; seller and partner are never paid more than their share", () => {
    fc.assert(
      fc.property(price, share, commission, (p, s, c) => {
        const split = splitSale(p, s, c);
        expect(split.seller + split.partner + split.platform).toBe(p);
        for (const part of [split.seller, split.partner, split.platform]) expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
        expect(split.seller * 10_000).toBeLessThanOrEqual(p * s);
        expect(p * s - split.seller * 10_000).toBeLessThan(10_000);
        if (c === null) expect(split.partner).toBe(0);
        else expect(split.partner * 10_000).toBeLessThanOrEqual((p - split.seller) * c);
      }),
      { numRuns: 500 },
    );
  });

  it("puts the rounding with the platform (999 at 80 %: 799 / 200; with a 20 % partner: 799 / 40 / 160)", () => {
    expect(splitSale(999, 8_000, null)).toEqual({ price: 999, seller: 799, partner: 0, platform: 200 });
    expect(splitSale(999, 8_000, 2_000)).toEqual({ price: 999, seller: 799, partner: 40, platform: 160 });
    expect(splitSale(1, 8_000, 2_000)).toEqual({ price: 1, seller: 0, partner: 0, platform: 1 });
  });

  it("refuses shares and commissions outside their bounds (never clamps)", () => {
    expect(() => splitSale(100, 4_999, null)).toThrow(/sellerShareBps/);
    expect(() => splitSale(100, 10_001, null)).toThrow(/sellerShareBps/);
    expect(() => splitSale(100, 8_000, 5_001)).toThrow(/commissionBps/);
    expect(() => splitSale(10.5, 8_000, null)).toThrow();
    expect(() => checkBps("commissionBps", -1)).toThrow(expect.objectContaining({ status: 400, code: "out_of_bounds" }));
    expect(() => checkPrice(9)).toThrow(expect.objectContaining({ status: 400, code: "out_of_bounds" }));
    expect(checkPrice(0)).toBe(0);
  });
});

describe("allocate (a total across weights)", () => {
  it("sums exactly to the total and stays within one credit of the exact proportion", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: BOUNDS.price.max }),
        fc.array(fc.integer({ min: 0, max: BOUNDS.price.max }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0) parts.forEach((part, i) => expect(Math.abs(part - (total * weights[i]) / sum)).toBeLessThan(1));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("commission and payout arithmetic", () => {
  it("keeps at most the unrefunded share of a commission, and a payout is whole cents", () => {
    expect(commissionKept(100, 1_000, 0)).toBe(100);
    expect(commissionKept(100, 1_000, 333)).toBe(66);
    expect(commissionKept(100, 1_000, 5_000)).toBe(0);
    expect(payoutAmount(12_345)).toEqual({ cents: 1_234, credits: 12_340, remainder: 5 });
  });

  it("names payout periods in UTC (ISO weeks start on Monday)", () => {
    expect(periodKey(new Date("2026-11-29T23:59:59Z"), "week")).toBe("2026-W48");
    expect(periodKey(new Date("2026-11-30T00:00:00Z"), "week")).toBe("2026-W49");
    expect(periodKey(new Date("2027-01-01T00:00:00Z"), "week")).toBe("2026-W53");
    expect(periodKey(new Date("2026-11-30T10:00:00Z"), "month")).toBe("2026-11");
    expect(periodKey(new Date("2026-11-30T10:00:00Z"), "day")).toBe("2026-11-30");
  });
});
