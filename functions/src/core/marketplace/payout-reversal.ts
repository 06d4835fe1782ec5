import { ObjectId } from "mongodb";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { Services } from "../../services";
import { recordEvent } from "../events/record-event";
import type { EffectResult, Of } from "../payments/payment-effects";
import { CREDITS_PER_CENT } from "./money";
import type { PayoutDoc } from "./payouts-store";

const lineKey = (p: PayoutDoc, from: number, to: number) => `payout:${p._id.toHexString()}:reversed:${from}-${to}`;

/**
 * Stripe reversed (part of) a payout's transfer (`transfer.reversed`, cumulative `amount_reversed`):
 * the reversed cents come back to the payee's available earnings as `payout_return` lines, exactly
 * once. The payout's `reversed_cents` moves by compare-and-set from the value read, recording each
 * step (from → to) before its line is written, so concurrent or out-of-order events never return
 * the same cents twice, and a crash between the step and its line is finished by the redelivery.
 */
export async function transferReversed(services: Services, e: Of<"transfer_reversed">): Promise<EffectResult> {
  const [payouts, earnings] = await Promise.all([services.store("payouts"), services.store("earnings")]);
  const payout =
    (await payouts.byTransfer(e.transferId)) ??
    (e.payoutId && ObjectId.isValid(e.payoutId) ? await payouts.get(new ObjectId(e.payoutId)) : null);
  if (!payout) return { outcome: "ignored", reason: "not the transfer of a payout of ours" };
  if (payout.transfer_id !== e.transferId) {
    // The run records the transfer right after Stripe answers: deliver again once it has.
    if (payout.transfer_id === null) throw new HttpError(409, "event_out_of_order", "The payout's transfer is not recorded yet");
    return { outcome: "ignored", reason: "the payout names another transfer" };
  }
  const cents = Math.min(e.amountReversed, payout.amount_cents);
  const returned = async (from: number, to: number) => {
    await earnings.record({
      key: lineKey(payout, from, to),
      payee_uid: payout.payee_uid,
      kind: "payout_return",
      amount: (to - from) * CREDITS_PER_CENT,
      available_at: services.now(),
      source: { type: "payout", id: payout._id.toHexString() },
    });
    await recordEvent(services, {
      type: "payout.failed",
      dedupeKey: lineKey(payout, from, to),
      occurredAt: e.occurredAt,
      subject: { uid: payout.payee_uid },
      data: {
        payoutId: payout._id.toHexString(),
        period: payout.period,
        credits: (to - from) * CREDITS_PER_CENT,
        amount: to - from,
        currency: "usd",
        reason: "transfer_reversed",
      },
    });
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = (await payouts.get(payout._id))!;
    // Steps recorded earlier (a crash may have come before their line): finished, each once by its key.
    for (const step of current.reversals ?? []) await returned(step.from, step.to);
    if (cents <= current.reversed_cents) break;
    if (await payouts.advanceReversed(payout._id, current.reversed_cents, cents)) {
      await returned(current.reversed_cents, cents);
      break;
    }
  }
  log.warn("payout_transfer_reversed", { payoutId: payout._id.toHexString(), transferId: e.transferId, reversedCents: cents });
  return { outcome: "applied" };
}
