import type Stripe from "stripe";
import { callProvider } from "../../payments/provider-call";
import { classifyStripeError, stripeClient, stripeSettings } from "../../payments/providers/stripe-provider";
import { TransferRefused, type ConnectAccount, type PayoutProvider, type TransferRequest } from "../payout-provider";

/** The transfer group of a payout: how its transfer is found again after Stripe forgot the idempotency key (~24 h). */
export const transferGroupOf = (payoutId: string) => `payout_${payoutId}`;

function toAccount(a: Stripe.Account): ConnectAccount {
  const transfers = a.capabilities?.transfers;
  return {
    id: a.id,
    transfers: transfers === "active" ? "active" : transfers === "pending" ? "pending" : "inactive",
    payoutsEnabled: a.payouts_enabled ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    detailsSubmitted: a.details_submitted ?? false,
    disabledReason: a.requirements?.disabled_reason ?? null,
    currentlyDue: a.requirements?.currently_due ?? [],
  };
}

/**
 * Stripe Connect with Express accounts and "separate charges and transfers": buyers pay the platform,
 * payouts move each payee's share to their connected account. Every create carries an idempotency key.
 */
export class StripePayouts implements PayoutProvider {
  private async call<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
    const stripe = await stripeClient(stripeSettings());
    return callProvider({ provider: "stripe", operation, idempotent: true, classify: classifyStripeError }, () => run(stripe));
  }

  async createAccount(who: { uid: string; email?: string; country: string }): Promise<ConnectAccount> {
    const account = await this.call("account.create", (stripe) =>
      stripe.accounts.create(
        {
          type: "express",
          country: who.country,
          ...(who.email ? { email: who.email } : {}),
          capabilities: { transfers: { requested: true } },
          metadata: { uid: who.uid },
        },
        { idempotencyKey: `connect-account:${who.uid}` },
      ),
    );
    return toAccount(account);
  }

  async onboardingLink(accountId: string, urls: { returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAt: Date }> {
    const link = await this.call("account_link.create", (stripe) =>
      stripe.accountLinks.create({
        account: accountId,
        type: "account_onboarding",
        return_url: urls.returnUrl,
        refresh_url: urls.refreshUrl,
      }),
    );
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  async retrieveAccount(accountId: string): Promise<ConnectAccount> {
    return toAccount(await this.call("account.retrieve", (stripe) => stripe.accounts.retrieve(accountId)));
  }

  async transfer(t: TransferRequest): Promise<{ transferId: string }> {
    const stripe = await stripeClient(stripeSettings());
    try {
      const transfer = await stripe.transfers.create(
        {
          amount: t.cents,
          currency: "usd",
          destination: t.accountId,
          transfer_group: transferGroupOf(t.payoutId),
          metadata: { payoutId: t.payoutId, payee: t.payee },
        },
        { idempotencyKey: `payout:${t.payoutId}` },
      );
      return { transferId: transfer.id };
    } catch (err) {
      const failure = classifyStripeError(err);
      // A 4xx is Stripe saying no before acting (insufficient platform balance, capability not
      // active, bad account): nothing was sent. Anything else may or may not have been.
      if (failure.kind === "rejected") throw new TransferRefused(failure.code ?? `http_${failure.status}`, failure.message ?? "refused");
      throw err;
    }
  }

  async findTransfer(t: Pick<TransferRequest, "payoutId" | "accountId">): Promise<string | null> {
    const list = await this.call("transfer.list", (stripe) =>
      stripe.transfers.list({ transfer_group: transferGroupOf(t.payoutId), destination: t.accountId, limit: 10 }),
    );
    return list.data.find((tr) => tr.metadata?.payoutId === t.payoutId || tr.transfer_group === transferGroupOf(t.payoutId))?.id ?? null;
  }
}
