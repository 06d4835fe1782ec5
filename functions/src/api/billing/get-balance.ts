import type { OperationContext } from "../../platform/operation";

/** Grants expiring within this window are listed so the apps can warn before credits lapse. */
const EXPIRING_SOON_DAYS = 30;

export async function getBalance(ctx: OperationContext) {
  const ledger = await ctx.services.ledger();
  // Two independent reads; sequential reads would be no more of a snapshot (writes may land between them).
  const [account, { grants }] = await Promise.all([ledger.account(ctx.caller.uid), ledger.attribution(ctx.caller.uid)]);
  const now = ctx.services.now();
  const horizon = now.getTime() + EXPIRING_SOON_DAYS * 86_400_000;
  return {
    credits: account.balance,
    reserved: account.reserved,
    restricted: account.flagged,
    expiringSoon: grants
      .filter((g) => g.remaining > 0 && g.expiresAt > now && g.expiresAt.getTime() <= horizon)
      .map((g) => ({ credits: g.remaining, expiresAt: g.expiresAt.toISOString(), source: g.key.split(":")[0] })),
  };
}
