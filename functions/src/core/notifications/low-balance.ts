import type { Services } from "../../services";
import { errorFields, log } from "../../platform/logger";
import type { LedgerEntry } from "../credits/ledger-types";
import { recordEvent } from "../events/record-event";

/**
 * Called with the entry of a debit (an AI call's settle, a refund or chargeback, an admin's negative
 * adjustment): records `credits.low_balance` when this very entry took the user's credits from at
 * least their threshold to below it. Credits here are available + reserved: reservations come and
 * go within a call, so only real spending crosses the line, once per crossing. The entry's balances
 * come from the ledger's atomic update, so of concurrent debits exactly one is the one that crossed;
 * keyed by that entry, a retried debit records nothing new. Never fails the debit's caller.
 */
export async function noteDebit(services: Pick<Services, "store">, entry: LedgerEntry): Promise<void> {
  const moved = entry.delta_available + entry.delta_reserved;
  if (moved >= 0 || entry.balance_after === null || entry.reserved_after === null) return;
  const after = entry.balance_after + entry.reserved_after;
  const before = after - moved;
  try {
    const { lowBalanceThreshold: threshold } = await (await services.store("notificationPreferences")).get(entry.user_id);
    if (threshold === null || !(before >= threshold && after < threshold)) return;
    await recordEvent(services, {
      type: "credits.low_balance",
      dedupeKey: `low_balance:${entry.idempotency_key}`,
      occurredAt: entry.created_at,
      subject: { uid: entry.user_id },
      data: { credits: after, threshold, entryId: entry._id.toHexString() },
    });
  } catch (err) {
    log.warn("low_balance_check_failed", { uid: entry.user_id, key: entry.idempotency_key, ...errorFields(err) });
  }
}
