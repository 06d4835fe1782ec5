import type { OperationContext } from "../../platform/operation";
import { DAY_MS } from "../../core/marketplace/marketplace-settings";

/**
 * The caller's earnings as a seller and a partner, in credits: pending (held for the refund window)
 * and available (matured, net of refunds and of payouts; negative when a refund came after a payout),
 * what payouts took (in payout until Stripe confirms the transfer, then paid),
 * with sales by day over the last 30 days and the best listings.
 */
export async function myEarnings(ctx: OperationContext) {
  const [earnings, payouts] = await Promise.all([ctx.services.store("earnings"), ctx.services.store("payouts")]);
  const now = ctx.services.now();
  const uid = ctx.caller.uid;
  const [all, sales, commissions, byDay, top, paidOut] = await Promise.all([
    earnings.totals(uid, now),
    earnings.totals(uid, now, ["sale", "sale_reversal"]),
    earnings.totals(uid, now, ["commission", "commission_reversal"]),
    earnings.salesByDay(uid, new Date(now.getTime() - 30 * DAY_MS)),
    earnings.topListings(uid, 10),
    payouts.totals(uid),
  ]);
  return {
    pending: all.pending,
    available: all.available,
    inPayout: paidOut.inPayout,
    paid: paidOut.paid,
    sales,
    commissions,
    revenueByDay: byDay.map((d) => ({ day: d._id, sales: d.sales, credits: d.credits })),
    topListings: top.filter((t) => t._id).map((t) => ({ listingId: t._id.toHexString(), sales: t.sales, credits: t.credits })),
  };
}
