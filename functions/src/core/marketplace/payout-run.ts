import { errorFields, log } from "../../platform/logger";
import type { Services } from "../../services";
import { recordEvent } from "../events/record-event";
import { marketplaceSettings, periodKey } from "./marketplace-settings";
import type { PayoutStep } from "./marketplace-steps";
import { payoutAmount } from "./money";
import { TransferRefused } from "./payout-provider";
import { payoutIdFor, type PayoutDoc } from "./payouts-store";

/** Longer than the run's timeout: only a dead run loses its payout. */
export const PAYOUT_LEASE_MS = 10 * 60_000;
const BATCH = 100;

const lineKey = (p: PayoutDoc) => `payout:${p._id.toHexString()}`;

/**
 * The payout run: each payee with an active connected account is paid at most once per period
 * (`payouts._id` derived from payee + period), whatever runs start it, crash in it or retry it.
 *
 *   created (amount fixed from the available balance) ─ negative `payout` earnings line ─ claimed
 *   (lease) ─ Stripe transfer (idempotency key = the payout) ─▶ sent
 *                                  └ refused by Stripe ─▶ failed + `payout_return` line (available again)
 *
 * An attempt whose outcome is unknown (timeout, 5xx) stays `sending`; the next run, once the lease
 * ran out, first looks the transfer up by its transfer group (Stripe forgets idempotency keys after
 * ~24 h, so a blind retry could pay twice) and only sends when none exists.
 */
export async function runPayouts(services: Services, runId: string): Promise<Record<string, number>> {
  const [accounts, payouts, earnings] = await Promise.all([
    services.store("marketplaceAccounts"),
    services.store("payouts"),
    services.store("earnings"),
  ]);
  const s = marketplaceSettings();
  const now = services.now();
  const period = periodKey(now, s.payoutPeriod);
  const out = { created: 0, sent: 0, failed: 0, unknown: 0, skipped: 0 };
  const fault = (step: PayoutStep) => services.faults?.at(`mkt:payout:${step}`);

  // Unfinished payouts of earlier runs first (they may belong to an earlier period).
  const todo: PayoutDoc[] = await payouts.unfinished(BATCH);
  for (let after: string | null = null; ;) {
    const page = await accounts.payable(after, BATCH);
    if (!page.length) break;
    after = page[page.length - 1].uid;
    for (const account of page) {
      const existing = await payouts.get(payoutIdFor(account.uid, period));
      if (existing) {
        if (!todo.some((t) => t._id.equals(existing._id))) todo.push(existing);
        continue;
      }
      // A payout of an earlier period that a crash left without its line has already taken its
      // credits: the line goes in before this period's amount is read, or they would be paid twice.
      for (const open of await payouts.createdOf(account.uid)) await recordPayoutLine(services, open);
      const amount = payoutAmount(await earnings.availableAt(account.uid, now));
      if (amount.cents < s.payoutMinCents) {
        out.skipped++;
        continue;
      }
      // A concurrent run may have created it first: its amount stands.
      todo.push(
        await payouts.createOnce({
          payee_uid: account.uid,
          period,
          credits: amount.credits,
          amount_cents: amount.cents,
          account_id: account.connect!.account_id,
        }),
      );
      out.created++;
      fault("created");
    }
  }

  const provider = await services.payouts();
  for (const payout of todo) {
    if (payout.state === "sent" || payout.state === "failed") continue;
    try {
      await recordPayoutLine(services, payout);
      fault("debited");
      const held = await payouts.claim(payout._id, `payout-run:${runId}`, PAYOUT_LEASE_MS);
      if (!held) continue;
      fault("claimed");
      const id = payout._id.toHexString();
      let transferId = held.attempts > 1 ? await provider.findTransfer({ payoutId: id, accountId: held.account_id }) : null;
      if (!transferId) {
        try {
          transferId = (
            await provider.transfer({ payoutId: id, accountId: held.account_id, cents: held.amount_cents, payee: held.payee_uid })
          ).transferId;
        } catch (err) {
          if (!(err instanceof TransferRefused)) throw err;
          await failPayout(services, held, err.code);
          out.failed++;
          continue;
        }
      }
      fault("transferred");
      await payouts.markSent(payout._id, transferId);
      await recordEvent(services, {
        type: "payout.sent",
        dedupeKey: `payout:${id}:sent`,
        occurredAt: services.now(),
        subject: { uid: held.payee_uid },
        data: { payoutId: id, period: held.period, credits: held.credits, amount: held.amount_cents, currency: "usd", transferId },
      });
      out.sent++;
    } catch (err) {
      out.unknown++;
      await payouts.noteError(payout._id, `payout-run:${runId}`, err instanceof Error ? err.message : String(err));
      log.error("payout_attempt_unknown", { payoutId: payout._id.toHexString(), ...errorFields(err) });
    }
  }
  log.info("payout_run_done", { runId, period, ...out });
  return out;
}

/** The payout's credits leave the available balance before any money moves (once per payout). */
async function recordPayoutLine(services: Services, payout: PayoutDoc): Promise<void> {
  await (
    await services.store("earnings")
  ).record({
    key: lineKey(payout),
    payee_uid: payout.payee_uid,
    kind: "payout",
    amount: -payout.credits,
    available_at: payout.created_at,
    source: { type: "payout", id: payout._id.toHexString() },
  });
}

/** Stripe refused the transfer (nothing sent): the payout fails and its credits are available again. */
async function failPayout(services: Services, p: PayoutDoc, reason: string): Promise<void> {
  const [payouts, earnings] = await Promise.all([services.store("payouts"), services.store("earnings")]);
  await payouts.markFailed(p._id, reason);
  await earnings.record({
    key: `${lineKey(p)}:return`,
    payee_uid: p.payee_uid,
    kind: "payout_return",
    amount: p.credits,
    available_at: services.now(),
    source: { type: "payout", id: p._id.toHexString() },
  });
  services.faults?.at("mkt:payout:returned");
  await recordEvent(services, {
    type: "payout.failed",
    dedupeKey: `payout:${p._id.toHexString()}:failed`,
    occurredAt: services.now(),
    subject: { uid: p.payee_uid },
    data: { payoutId: p._id.toHexString(), period: p.period, credits: p.credits, amount: p.amount_cents, currency: "usd", reason },
  });
  log.warn("payout_refused", { payoutId: p._id.toHexString(), reason });
}
