/**
 * Where payees are paid: connected accounts, onboarding and transfers (Stripe Connect, in
 * providers/stripe-payouts.ts; reached through `services.payouts()`).
 */
export interface ConnectAccount {
  id: string;
  transfers: "active" | "pending" | "inactive";
  payoutsEnabled: boolean;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  disabledReason: string | null;
  currentlyDue: string[];
}

/** The provider refused a transfer: nothing was sent (a retry with the same parameters would be refused again). */
export class TransferRefused extends Error {
  override name = "TransferRefused";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface TransferRequest {
  payoutId: string;
  accountId: string;
  cents: number;
  payee: string;
}

export interface PayoutProvider {
  /** One Express account per user (idempotent by uid while the provider remembers the key). */
  createAccount(who: { uid: string; email?: string; country: string }): Promise<ConnectAccount>;
  /** A single-use onboarding link (never stored). */
  onboardingLink(accountId: string, urls: { returnUrl: string; refreshUrl: string }): Promise<{ url: string; expiresAt: Date }>;
  retrieveAccount(accountId: string): Promise<ConnectAccount>;
  /**
   * Sends a payout's transfer, idempotent by the payout. Throws TransferRefused when nothing was
   * sent; any other error leaves the outcome unknown (`findTransfer` tells later).
   */
  transfer(t: TransferRequest): Promise<{ transferId: string }>;
  /** The payout's transfer if one exists (looked up by the payout, beyond the idempotency window). */
  findTransfer(t: Pick<TransferRequest, "payoutId" | "accountId">): Promise<string | null>;
}
