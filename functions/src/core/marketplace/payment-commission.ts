import { findSku, priceIn, type Currency } from "../billing/catalog";
import { recordEvent } from "../events/record-event";
import { log } from "../../platform/logger";
import type { Services } from "../../services";
import type { PaymentDoc, PendingReversal } from "../payments/payments-store";
import { holdUntil, marketplaceSettings } from "./marketplace-settings";
import { paymentCommission } from "./money";
import { customersOf } from "./referrals";

const sourceOf = (p: PaymentDoc) => `${p.provider}:${p.payment_id}`;
export const commissionKeyOf = (p: PaymentDoc) => `payment:${sourceOf(p)}:commission`;

/**
 * A referred user's credit-pack or subscription payment earns their partner a commission, once per
 * payment (the earnings line's key derives from the provider payment id), while the referral's
 * commission period runs: floor(US cents at list price × 10 credits a cent × commission bps / 10,000)
 * (money.ts `paymentCommission`: tax never counts, a discount lowers it in proportion, the remainder
 * of every rounding stays with the platform). Held for the refund window like a sale. Nothing when
 * someone other than the beneficiary paid, or the paying customer is one of the partner's own.
 */
export async function commissionOnPayment(services: Services, payment: PaymentDoc, paidAt: Date): Promise<number> {
  if (!payment.uid || !payment.sku || payment.state === "held" || payment.state === "dismissed") return 0;
  const [partners, accounts, earnings] = await Promise.all([
    services.store("partners"),
    services.store("marketplaceAccounts"),
    services.store("earnings"),
  ]);
  // Most payers were not referred: one read settles it, before looking for an earlier pass's line.
  const referral = await partners.referralOf(payment.uid);
  if (!referral || paidAt < referral.attributed_at || paidAt >= referral.commission_until) return 0;
  const existing = await earnings.find(commissionKeyOf(payment));
  if (existing) return existing.amount;
  if (payment.payer_is_beneficiary === false) return 0;
  if (payment.customer_id && (await customersOf(services, referral.partner_uid)).has(`${payment.provider}:${payment.customer_id}`)) {
    log.warn("partner_commission_refused", { reason: "self_customer", partner: referral.partner_uid, payment: sourceOf(payment) });
    return 0;
  }
  const item = findSku(payment.sku);
  const usd = item && priceIn(item, "USD");
  const list = item && priceIn(item, payment.currency as Currency);
  if (!usd || !list) return 0;
  const s = marketplaceSettings();
  const bps = (await accounts.get(referral.partner_uid))?.commission_bps ?? s.commissionBps;
  const credits = paymentCommission({
    usdListCents: usd.unitAmount,
    listInPaidCurrency: list.unitAmount,
    paid: payment.amount,
    commissionBps: bps,
  });
  if (credits <= 0) return 0;
  const availableAt = holdUntil(paidAt, s);
  await earnings.record({
    key: commissionKeyOf(payment),
    payee_uid: referral.partner_uid,
    kind: "commission",
    amount: credits,
    available_at: availableAt,
    source: { type: "payment", id: sourceOf(payment), referred_uid: payment.uid },
  });
  // Recorded on every pass (deduplicated): a crash between the line and the event is finished by the redelivery.
  await recordEvent(services, {
    type: "partner.commission",
    dedupeKey: commissionKeyOf(payment),
    occurredAt: paidAt,
    subject: { uid: referral.partner_uid },
    data: { source: "payment", sourceId: sourceOf(payment), credits, availableAt },
  });
  return credits;
}

/**
 * A refund or chargeback of a payment takes back the commission in the same proportion as the
 * credits: once the payment's reversed credits go from `from` to `to`, the commission kept is
 * floor(commission × (credits − to) / credits), and this reversal's line takes the difference
 * (the steps telescope, so all reversals together never take more than the commission, and a full
 * reversal takes all of it). One line per credit reversal (its key is the reversal's), negative, never
 * an edit: after a payout it leaves a negative balance that the next commissions and payouts absorb.
 */
export async function reverseCommission(services: Services, payment: PaymentDoc, reversal: PendingReversal): Promise<void> {
  if (!payment.uid || payment.credits <= 0) return;
  const earnings = await services.store("earnings");
  // A crash may have come between the payment's credits and its commission: complete it first.
  if (!(await earnings.find(commissionKeyOf(payment)))) await commissionOnPayment(services, payment, payment.created_at);
  const line = await earnings.find(commissionKeyOf(payment));
  if (!line) return;
  const kept = (reversed: number) => Math.floor((line.amount * Math.max(0, payment.credits - reversed)) / payment.credits);
  const from = payment.credits_reversed;
  const to = Math.min(payment.credits, from + reversal.amount);
  const amount = kept(from) - kept(to);
  if (amount <= 0) return;
  const now = services.now();
  const key = `${line.key}:reversal:${reversal.key}`;
  const availableAt = line.available_at > now ? line.available_at : now;
  await earnings.record({
    key,
    payee_uid: line.payee_uid,
    kind: "commission_reversal",
    amount: -amount,
    // Still held: it matures with the commission (they cancel out); otherwise it counts now.
    available_at: availableAt,
    source: line.source,
  });
  await recordEvent(services, {
    type: "partner.commission",
    dedupeKey: key,
    occurredAt: now,
    subject: { uid: line.payee_uid },
    data: { source: "payment", sourceId: sourceOf(payment), credits: -amount, availableAt },
  });
}
