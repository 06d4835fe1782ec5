import { HttpError } from "../../platform/http-error";

/**
 * The marketplace's money rules, in integer credits (1 credit = US$0.001, the model catalogue's unit).
 * Every split is computed here, and every split sums exactly to what it splits: shares are rounded
 * down and the remainder goes to the platform, so a seller or partner is never paid a fraction of a
 * credit more than their share, and the buyer is never charged more than the price.
 */

/** Basis points: 10,000 = 100 %. */
export const BPS = 10_000;

/** What a share, a commission or a price may be; anything else is refused (400), never clamped. */
export const BOUNDS = {
  sellerShareBps: { min: 5_000, max: 10_000 },
  commissionBps: { min: 0, max: 5_000 },
  /** A paid listing's price in credits (0 = free). */
  price: { min: 10, max: 1_000_000 },
  /** Items in a bundle. */
  bundleItems: { min: 2, max: 20 },
} as const;

/** The fixed cash rate of the catalogue: 1 credit = US$0.001, so 10 credits are one US cent. */
export const CREDITS_PER_CENT = 10;

export type BoundName = "sellerShareBps" | "commissionBps";

/** 400 `out_of_bounds` naming the field and its bounds. */
export function outOfBounds(field: string, min: number, max: number, value: number): HttpError {
  return new HttpError(400, "out_of_bounds", `${field} must be a whole number between ${min} and ${max} (got ${value})`, {
    details: { field, min, max, value },
  });
}

export function checkBps(name: BoundName, value: number, field: string = name): number {
  const { min, max } = BOUNDS[name];
  if (!Number.isSafeInteger(value) || value < min || value > max) throw outOfBounds(field, min, max, value);
  return value;
}

/** A listing price: 0 (free) or within BOUNDS.price. */
export function checkPrice(value: number, field = "price"): number {
  if (value === 0) return 0;
  const { min, max } = BOUNDS.price;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw outOfBounds(field, min, max, value);
  return value;
}

/** One sale's split: seller + partner + platform === price. */
export interface SaleSplit {
  price: number;
  seller: number;
  partner: number;
  platform: number;
}

/**
 * Splits a price: the seller gets floor(price × share); the rest is the platform fee, of which a
 * referring partner gets floor(fee × commission) (a partner is paid from the platform's fee, never
 * from the seller's share: the buyer's credits already earned the partner a commission when they
 * were bought). Remainders stay with the platform.
 */
export function splitSale(price: number, sellerShareBps: number, commissionBps: number | null): SaleSplit {
  if (!Number.isSafeInteger(price) || price < 0) throw new Error(`splitSale: price ${price} is not a whole number ≥ 0`);
  checkBps("sellerShareBps", sellerShareBps);
  if (commissionBps !== null) checkBps("commissionBps", commissionBps);
  const seller = Math.floor((price * sellerShareBps) / BPS);
  const fee = price - seller;
  const partner = commissionBps === null ? 0 : Math.floor((fee * commissionBps) / BPS);
  return { price, seller, partner, platform: fee - partner };
}

/**
 * Divides `total` across items in proportion to `weights` (a bundle price across its items' list
 * prices), exactly: each item gets floor(total × w / Σw), then the credits left over go one each to
 * the items with the largest remainders (ties: the earlier item). Σ result === total.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new Error(`allocate: total ${total} is not a whole number ≥ 0`);
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new Error("allocate: bad weights");
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    // Nothing to be proportional to: equal parts, remainder to the first items.
    const base = Math.floor(total / weights.length);
    return weights.map((_, i) => base + (i < total - base * weights.length ? 1 : 0));
  }
  // BigInt: total × weight may exceed 2^53 (1e6 × 2e7).
  const parts = weights.map((w) => {
    const exact = BigInt(total) * BigInt(w);
    return { floor: Number(exact / BigInt(sum)), remainder: exact % BigInt(sum) };
  });
  let left = total - parts.reduce((a, p) => a + p.floor, 0);
  const order = parts
    .map((p, i) => ({ ...p, i }))
    .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.i - b.i));
  const out = parts.map((p) => p.floor);
  for (const p of order) {
    if (left <= 0) break;
    out[p.i]++;
    left--;
  }
  return out;
}

/**
 * A partner's commission on a referred user's payment, in credits: the payment's value in US cents at
 * the catalogue's list prices (a discount lowers it in proportion, tax never counts: the value is at
 * most the list price), times the fixed cash rate, times the commission. Rounded down.
 */
export function paymentCommission(o: { usdListCents: number; listInPaidCurrency: number; paid: number; commissionBps: number }): number {
  checkBps("commissionBps", o.commissionBps);
  if (o.listInPaidCurrency <= 0 || o.usdListCents <= 0 || o.paid <= 0) return 0;
  const paidAtList = Math.min(o.paid, o.listInPaidCurrency);
  const usdCents = Math.floor((o.usdListCents * paidAtList) / o.listInPaidCurrency);
  return Math.floor((usdCents * CREDITS_PER_CENT * o.commissionBps) / BPS);
}

/**
 * What is left of a commission once part of its payment was refunded: floor(commission × kept / paid),
 * so the clawback (commission − this) is never less than the refunded share.
 */
export function commissionKept(commission: number, paid: number, refunded: number): number {
  if (paid <= 0) return 0;
  const kept = Math.max(0, paid - Math.min(paid, refunded));
  return Math.floor((commission * kept) / paid);
}

/** A payout of `credits`: whole US cents, the credits they are worth, and what stays for the next payout. */
export function payoutAmount(credits: number): { cents: number; credits: number; remainder: number } {
  const cents = Math.max(0, Math.floor(credits / CREDITS_PER_CENT));
  return { cents, credits: cents * CREDITS_PER_CENT, remainder: credits - cents * CREDITS_PER_CENT };
}
