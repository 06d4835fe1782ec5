import { continueRefund, debitKeyOf, drive, PURCHASE_LEASE_MS } from "../core/marketplace/purchase-saga";
import { DAY_MS } from "../core/marketplace/marketplace-settings";
import { refreshRating } from "../core/marketplace/ratings";
import { errorFields, log } from "../platform/logger";
import type { Services } from "../services";

const BATCH = 200;

/**
 * Every 5 minutes, finishes what the marketplace's requests left half-done (their lease ran out, so
 * their driver is dead): a purchase whose buyer was debited is completed; one that was not is
 * abandoned (failed, its licences freed); a refund begun is finished. A failed purchase is checked
 * once more for a debit that landed anyway and gives it back. Then ratings a crash left stale are
 * recomputed and the trending counts (sales in the last 7 days) refreshed. Every step is idempotent,
 * so overlapping runs are harmless.
 */
export async function runMarketplaceSweep(runId: string, services: Services): Promise<Record<string, unknown>> {
  const [purchases, listings] = await Promise.all([services.store("purchases"), services.store("listings")]);
  const ledger = await services.ledger();
  const owner = `sweep:${runId}`;
  const out = { completed: 0, failed: 0, refundsFinished: 0, debitsReturned: 0, ratings: 0, errors: 0 };

  for (const stuck of await purchases.stuck(BATCH)) {
    try {
      const p = await drive(services, stuck._id, owner, "sweep");
      if (p.state === "completed") out.completed++;
      else if (p.state === "failed") out.failed++;
    } catch (err) {
      out.errors++;
      log.error("marketplace_sweep_purchase_failed", { purchaseId: stuck._id.toHexString(), ...errorFields(err) });
    }
  }

  for (const p of await purchases.stuckRefunds(PURCHASE_LEASE_MS, BATCH)) {
    try {
      await continueRefund(services, p, p.refund_pending!);
      out.refundsFinished++;
    } catch (err) {
      out.errors++;
      log.error("marketplace_sweep_refund_failed", { purchaseId: p._id.toHexString(), ...errorFields(err) });
    }
  }

  // A failed purchase moved no credits, unless its debit landed after it was abandoned: given back once.
  for (const p of await purchases.failedUnchecked(BATCH)) {
    try {
      const debit = p.price > 0 ? await ledger.appliedEntry(p.buyer_uid, debitKeyOf(p._id)) : null;
      if (debit) {
        await ledger.transferBack({
          uid: p.buyer_uid,
          amount: -debit.delta_available,
          idempotencyKey: `${debitKeyOf(p._id)}:return`,
          reverses: debitKeyOf(p._id),
          purpose: "marketplace.purchase_failed",
          actor: "system",
          reason: "purchase did not complete",
          cause: { kind: "marketplace_purchase", id: p._id.toHexString() },
        });
        out.debitsReturned++;
        log.warn("marketplace_failed_purchase_debit_returned", { purchaseId: p._id.toHexString(), credits: -debit.delta_available });
      }
      await purchases.markDebitChecked(p._id);
    } catch (err) {
      out.errors++;
      log.error("marketplace_sweep_debit_check_failed", { purchaseId: p._id.toHexString(), ...errorFields(err) });
    }
  }

  for (const l of await listings.staleRatings(BATCH)) {
    await refreshRating(services, l._id);
    out.ratings++;
  }
  await listings.setTrending(await purchases.salesSince(new Date(services.now().getTime() - 7 * DAY_MS)));
  return out;
}
