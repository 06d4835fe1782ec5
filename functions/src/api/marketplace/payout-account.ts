import { connectStatusOf, readyForPayouts } from "../../core/marketplace/connect-status";
import type { ConnectState } from "../../core/marketplace/marketplace-accounts-store";
import { marketplaceSettings } from "../../core/marketplace/marketplace-settings";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";

/**
 * Payouts are US-dollar transfers (core/marketplace/payout-run.ts), so payees onboard as US Express
 * accounts; other countries need the cross-border "recipient" agreement (docs/marketplace.md).
 */
const CONNECT_COUNTRY = "US";

function statusView(c: ConnectState | null) {
  return {
    connected: !!c,
    accountId: c?.account_id ?? null,
    transfers: c?.transfers ?? null,
    chargesEnabled: c?.charges_enabled ?? false,
    payoutsEnabled: c?.payouts_enabled ?? false,
    detailsSubmitted: c?.details_submitted ?? false,
    currentlyDue: c?.currently_due ?? [],
    disabledReason: c?.disabled_reason ?? null,
    readyForPayouts: readyForPayouts(c),
    statusAt: c ? (c.status_at ?? c.checked_at).toISOString() : null,
  };
}

/** The caller's connected account as last recorded (no call to Stripe). */
export async function getPayoutAccount(ctx: OperationContext) {
  const account = await (await ctx.services.store("marketplaceAccounts")).get(ctx.caller.uid);
  return statusView(account?.connect ?? null);
}

/**
 * Onboarding: the caller's Express account, created once (Stripe idempotency key from the uid, then
 * compare-and-set on the marketplace account, so concurrent calls keep one account), and a fresh
 * single-use link. An existing account is read again first: the caller usually comes back from the
 * return or refresh URL, and what Stripe says now is newer than any event still on its way.
 */
export async function startPayoutOnboarding(ctx: OperationContext) {
  const settings = marketplaceSettings();
  const [accounts, provider] = await Promise.all([ctx.services.store("marketplaceAccounts"), ctx.services.payouts()]);
  const { uid, email, emailVerified } = ctx.caller;
  let connect = (await accounts.ensure(uid)).connect;
  if (!connect) {
    const created = await provider.createAccount({ uid, country: CONNECT_COUNTRY, ...(email && emailVerified ? { email } : {}) });
    const now = ctx.services.now();
    connect = (await accounts.attachConnect(uid, { account_id: created.id, ...connectStatusOf(created), checked_at: now, status_at: now }))
      .connect!;
    if (connect.account_id !== created.id)
      // Only when Stripe forgot the key (~24 h) after a crash between its create and our record.
      log.warn("connect_account_orphaned", { uid, kept: connect.account_id, orphaned: created.id });
    else log.info("connect_account_created", { uid, accountId: created.id });
  } else {
    const read = await provider.retrieveAccount(connect.account_id);
    await accounts.recordConnectStatus(connect.account_id, connectStatusOf(read), ctx.services.now());
    connect = (await accounts.get(uid))!.connect!;
  }
  const link = await provider.onboardingLink(connect.account_id, {
    returnUrl: settings.connectReturnUrl,
    refreshUrl: settings.connectRefreshUrl,
  });
  return { url: link.url, expiresAt: link.expiresAt.toISOString(), account: statusView(connect) };
}
