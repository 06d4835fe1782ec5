import { log } from "../../platform/logger";
import type { Services } from "../../services";
import type { EffectResult, Of } from "../payments/payment-effects";
import type { ConnectState } from "./marketplace-accounts-store";
import type { ConnectAccount } from "./payout-provider";

/** The fields of a connected account we keep (as Stripe reported them, never from a client). */
export function connectStatusOf(a: Omit<ConnectAccount, "id">): Omit<ConnectState, "account_id" | "checked_at" | "status_at"> {
  return {
    transfers: a.transfers,
    payouts_enabled: a.payoutsEnabled,
    charges_enabled: a.chargesEnabled,
    details_submitted: a.detailsSubmitted,
    disabled_reason: a.disabledReason,
    currently_due: a.currentlyDue,
  };
}

/** Payouts go to an account whose `transfers` capability is active and whose payouts are enabled (the payout run's filter). */
export const readyForPayouts = (c: Pick<ConnectState, "transfers" | "payouts_enabled"> | null): boolean =>
  !!c && c.transfers === "active" && c.payouts_enabled;

/**
 * `account.updated` (Stripe Connect): the account's new state, recorded only for an account we
 * created (matched by the stored account id) and only when newer than the state recorded (the
 * event's `created`): redeliveries and out-of-order events change nothing.
 */
export async function accountUpdated(services: Services, e: Of<"connect_account_updated">): Promise<EffectResult> {
  const accounts = await services.store("marketplaceAccounts");
  const outcome = await accounts.recordConnectStatus(e.accountId, connectStatusOf(e), e.occurredAt);
  if (outcome === "unknown_account") return { outcome: "ignored", reason: "not a connected account of ours" };
  if (outcome === "stale") return { outcome: "ignored", reason: "older than the recorded account state" };
  log.info("connect_account_updated", {
    accountId: e.accountId,
    transfers: e.transfers,
    payoutsEnabled: e.payoutsEnabled,
    disabledReason: e.disabledReason,
  });
  return { outcome: "applied" };
}
