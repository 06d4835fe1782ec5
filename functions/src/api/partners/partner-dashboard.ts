import type { OperationContext } from "../../platform/operation";
import { HttpError } from "../../platform/http-error";

/**
 * A partner's figures: clicks, referred sign-ups, conversions (referred users who paid), commission
 * pending and available, the payee balance (in payout and paid cover everything paid to the
 * partner, sales included), and all of it by UTC month.
 */
export async function partnerDashboard(ctx: OperationContext) {
  const uid = ctx.caller.uid;
  const [partners, earnings, payouts] = await Promise.all([
    ctx.services.store("partners"),
    ctx.services.store("earnings"),
    ctx.services.store("payouts"),
  ]);
  if (!(await partners.partner(uid))) throw new HttpError(404, "not_a_partner", "You are not a partner yet: POST /partners/me first");
  const now = ctx.services.now();
  const [clicks, signups, conversions, commission, balance, paidOut, signupMonths, commissionMonths, payoutMonths] = await Promise.all([
    partners.clickCount(uid),
    partners.referredCount(uid),
    earnings.conversions(uid),
    earnings.totals(uid, now, ["commission", "commission_reversal"]),
    earnings.totals(uid, now),
    payouts.totals(uid),
    partners.signupsByMonth(uid),
    earnings.commissionsByMonth(uid, now),
    payouts.byMonth(uid),
  ]);
  const months = new Set([...signupMonths.map((m) => m._id), ...commissionMonths.map((m) => m.month), ...payoutMonths.map((m) => m.month)]);
  return {
    clicks,
    signups,
    conversions,
    commission,
    balance: { pending: balance.pending, available: balance.available, inPayout: paidOut.inPayout, paid: paidOut.paid },
    byMonth: [...months].sort().map((month) => {
      const c = commissionMonths.find((m) => m.month === month);
      const p = payoutMonths.find((m) => m.month === month);
      return {
        month,
        signups: signupMonths.find((m) => m._id === month)?.signups ?? 0,
        conversions: c?.conversions ?? 0,
        commission: c?.credits ?? 0,
        pending: c?.pending ?? 0,
        inPayout: p?.inPayout ?? 0,
        paid: p?.paid ?? 0,
      };
    }),
  };
}
