import type { LedgerEntry } from "./ledger-types";

/** A ledger entry as the API shows it (no internal keys or actors). */
export function toLedgerEntryView(e: LedgerEntry) {
  return {
    id: e._id.toHexString(),
    type: e.type,
    credits: e.delta_available,
    reserved: e.delta_reserved,
    balanceAfter: e.balance_after,
    reason: e.reason,
    cause: { kind: e.cause.kind, id: e.cause.id },
    ...(e.expires_at ? { expiresAt: e.expires_at.toISOString() } : {}),
    createdAt: e.created_at.toISOString(),
  };
}
