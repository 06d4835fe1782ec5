import { findSku, type CatalogItem } from "../billing/catalog";
import type { Billed, BilledLine, Money } from "./payment-event";

/** What a payment grants, or why it grants nothing until an admin looks (the payment is then held). */
export type Priced = { ok: true; item: CatalogItem; credits: number; prorated: boolean } | { ok: false; reason: string };

const hold = (reason: string): Priced => ({ ok: false, reason });

/** The catalogue price of an item in a currency, in minor units. */
function listPrice(item: CatalogItem, currency: string): number | undefined {
  return item.prices.find((p) => p.currency === currency.toUpperCase())?.unitAmount;
}

/**
 * Whether money billed before discounts is the list price. Providers report it in one of two
 * bases: the price's own (Stripe: tax-inclusive prices include their tax, exclusive ones exclude
 * it), or always net of tax with the tax beside it (Paddle), where a tax-inclusive list price is the
 * subtotal grossed up at the tax rate actually applied (±1 minor unit of rounding).
 */
export function matchesListPrice(price: number, money: Money): boolean {
  if (money.subtotal === price) return true;
  const net = money.subtotal - money.discount;
  if (money.tax <= 0 || net <= 0) return false;
  return Math.abs(Math.round((money.subtotal * (net + money.tax)) / net) - price) <= 1;
}

/**
 * Prices a payment from what was billed, never from what a request or metadata says was bought:
 * - itemised events (Stripe invoices, Razorpay plans, Paddle transactions): each line's price id
 *   maps to a sku (an unknown id holds the payment); a full-period line must be billed at the
 *   catalogue price of that sku in the paid currency and grants its credits once; a proration grants
 *   `floor(credits × share of the period)` (negative for unused time credited back), never a full
 *   period, and the payment grants the sum (at least 0);
 * - events that name no price (Stripe Checkout Sessions, Razorpay orders): `expectedSku` (from our
 *   checkout record or secret-key metadata) must be billed at its catalogue price.
 * When both exist and disagree on a full-price line, the payment is held.
 */
export function pricePayment(input: { expectedSku?: string; billed: Billed; currency: string }): Priced {
  const { expectedSku, billed, currency } = input;
  if (billed.lines.length === 0) {
    if (!expectedSku) return hold("nothing names what was bought");
    const item = findSku(expectedSku);
    if (!item) return hold(`sku ${JSON.stringify(expectedSku)} is not in the catalogue`);
    const price = listPrice(item, currency);
    if (price === undefined) return hold(`${item.sku} has no ${currency} price in the catalogue`);
    if (!billed.totals) return hold("the provider reported no amount to check");
    if (!matchesListPrice(price, billed.totals)) return hold(amountMismatch(item, price, currency, billed.totals));
    return { ok: true, item, credits: item.credits, prorated: false };
  }

  const lines: { line: BilledLine; item: CatalogItem }[] = [];
  for (const line of billed.lines) {
    if (!line.sku) return hold(`price ${line.priceId} is not one of ours`);
    const item = findSku(line.sku);
    if (!item) return hold(`price ${line.priceId} maps to ${line.sku}, which is not in the catalogue`);
    lines.push({ line, item });
  }
  const full = lines.filter((l) => !l.line.proration);
  if (full.length > 1) return hold("more than one full-price item");
  if (full[0] && full[0].line.quantity !== 1) return hold(`quantity ${full[0].line.quantity} of ${full[0].item.sku}`);
  if (lines.length > 1 && lines.some((l) => l.item.kind !== "subscription")) return hold("a credit pack billed with other items");
  if (expectedSku && full[0] && lines.length === 1 && full[0].item.sku !== expectedSku) {
    return hold(`billed ${full[0].item.sku}, but the checkout was for ${expectedSku}`);
  }

  let credits = 0;
  let main: { item: CatalogItem; share: number } | undefined;
  for (const { line, item } of lines) {
    const price = listPrice(item, currency);
    if (price === undefined) return hold(`${item.sku} has no ${currency} price in the catalogue`);
    if (!line.proration) {
      const money = line.money ?? (lines.length === 1 ? billed.totals : undefined);
      if (!money) return hold("the provider reported no amount to check");
      if (!matchesListPrice(price, money)) return hold(amountMismatch(item, price, currency, money));
      credits += item.credits;
      main = { item, share: Number.POSITIVE_INFINITY };
      continue;
    }
    const share =
      line.proration.rate !== undefined ? line.proration.rate * line.quantity : line.money ? line.money.subtotal / price : Number.NaN;
    if (!Number.isFinite(share)) return hold(`a proration of ${item.sku} without its share of the period`);
    if (Math.abs(share) > 1) return hold(`a proration of ${item.sku} for more than one period (${share.toFixed(3)})`);
    // Rounded down, so unused time credited back takes at least its share and a charge grants at most its share.
    credits += Math.floor(item.credits * share);
    if (share > 0 && (!main || share > main.share)) main = { item, share };
  }
  if (!main) return hold("nothing was billed for a period");
  return { ok: true, item: main.item, credits: Math.max(0, credits), prorated: full.length === 0 || lines.length > 1 };
}

function amountMismatch(item: CatalogItem, price: number, currency: string, money: Money): string {
  return `billed ${money.subtotal} ${currency} (discount ${money.discount}, tax ${money.tax}) for ${item.sku}, whose price is ${price} ${currency}`;
}
