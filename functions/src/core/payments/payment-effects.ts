import { findSku, type TierId } from "../billing/catalog";
import type { CreditLedger, GrantInput } from "../credits/ledger-types";
import { Uid } from "../../platform/common-schemas";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { PaymentEvent, SubscriptionState } from "./payment-event";
import type { PaymentDoc, PaymentsStore, PendingReversal } from "./payments-store";
import type { SubscriptionsStore } from "./subscriptions-store";
import type { TierSync } from "./tier-sync";
import type { WebhookOutcome } from "./webhook-events-store";

export const WEBHOOK_ACTOR = "system:payments-webhook";

/** The effects a payment event can have, in the order they are applied (crash-injection points). */
export type EffectName = "payment" | "credit" | "subscription" | "tier" | "refund_recorded" | "dispute_recorded" | "reversal";

export interface EffectDeps {
  ledger: CreditLedger;
  payments: PaymentsStore;
  subscriptions: SubscriptionsStore;
  tiers: TierSync;
  now(): Date;
  /** Called after each effect has been applied (tests throw from it to simulate a crash there). */
  afterEffect(name: EffectName): Promise<void> | void;
}

export interface EffectResult {
  outcome: WebhookOutcome;
  reason?: string;
}

type Of<K extends PaymentEvent["kind"]> = Extract<PaymentEvent, { kind: K }>;

/**
 * Applies what one normalized event means. Every effect is idempotent by its own key (ledger entries
 * by idempotency key, payments by provider id, subscription states by version, reversals through a
 * state recorded on the payment), so applying an event again — a redelivery after a crash at any
 * point, or a second event about the same payment — changes nothing that was already done.
 */
export async function applyPaymentEffects(event: PaymentEvent, deps: EffectDeps): Promise<EffectResult> {
  switch (event.kind) {
    case "payment_succeeded":
      return paymentSucceeded(event, deps);
    case "subscription_changed":
      return subscriptionChanged(event, event, deps);
    case "refund":
      return refund(event, deps);
    case "chargeback":
      return chargeback(event, deps);
    case "ignored":
      return { outcome: "ignored" };
    case "unprocessable":
      return { outcome: "unprocessable", reason: event.reason };
  }
}

const unattributable = (reason: string): EffectResult => ({ outcome: "unattributable", reason });

function badUid(uid: string | undefined): string | undefined {
  if (!uid) return "the event names no user (metadata uid)";
  return Uid.safeParse(uid).success ? undefined : "the event's uid is not a Firebase uid";
}

/** Credit pack paid → a purchase; subscription period paid → that period's grant. One per payment. */
async function paymentSucceeded(event: Of<"payment_succeeded">, deps: EffectDeps): Promise<EffectResult> {
  const known = event.subscription ? await deps.subscriptions.find(event.provider, event.subscription.id) : null;
  const uid = event.uid ?? known?.uid;
  const sku = event.sku ?? known?.sku;
  const uidProblem = badUid(uid);
  if (uidProblem) return unattributable(uidProblem);
  const item = sku ? findSku(sku) : undefined;
  if (!item) return unattributable(`unknown sku ${JSON.stringify(sku ?? null)}`);

  // The first event about a payment decides who and what it was for; later ones reuse that record.
  const payment = await deps.payments.record(
    {
      provider: event.provider,
      payment_id: event.paymentId,
      aliases: event.aliases,
      uid: uid!,
      sku: item.sku,
      credits: item.credits,
      amount: event.amount,
      currency: event.currency,
      ...(event.subscription ? { subscription_id: event.subscription.id } : {}),
    },
    deps.now(),
  );
  await deps.afterEffect("payment");

  const input: GrantInput = {
    uid: payment.uid,
    amount: payment.credits,
    idempotencyKey: `${event.provider}:payment:${payment.payment_id}:credit`,
    actor: WEBHOOK_ACTOR,
    reason: `${item.name} paid (${event.provider})`,
    cause: { kind: "payment", id: `${event.provider}:${payment.payment_id}` },
    meta: { event_id: event.eventId, event_type: event.type, sku: payment.sku },
  };
  if (item.kind === "credits") {
    await deps.ledger.purchase(input);
  } else {
    // A checkout completion can arrive before the invoice that carries the period: a month from now.
    const expiresAt = event.subscription?.periodEnd ?? addMonths(event.occurredAt, 1);
    await deps.ledger.grant({ ...input, expiresAt });
  }
  await deps.afterEffect("credit");

  if (event.subscriptionState) await subscriptionChanged(event, event.subscriptionState, deps);
  return { outcome: "applied" };
}

/** Stores a subscription state if it is newer than the stored one, then re-derives the user's tier. */
async function subscriptionChanged(event: PaymentEvent, state: SubscriptionState, deps: EffectDeps): Promise<EffectResult> {
  const known = await deps.subscriptions.find(event.provider, state.subscriptionId);
  const uid = event.uid ?? known?.uid;
  const uidProblem = badUid(uid);
  if (uidProblem) return unattributable(uidProblem);
  const sku = state.sku ?? known?.sku;
  const item = sku ? findSku(sku) : undefined;
  const tier: TierId | undefined = state.tier ?? (item?.kind === "subscription" ? item.tier : known?.tier);
  if (!sku || !tier) return unattributable(`unknown subscription sku ${JSON.stringify(sku ?? null)}`);

  const stored = await deps.subscriptions.applyIfNewer(
    {
      provider: event.provider,
      subscription_id: state.subscriptionId,
      uid: uid!,
      sku,
      tier,
      status: state.status,
      current_period_end: state.currentPeriodEnd ?? known?.current_period_end ?? null,
      cancel_at_period_end: state.cancelAtPeriodEnd ?? known?.cancel_at_period_end ?? false,
      version: state.version,
      ...(state.customerId ? { customer_id: state.customerId } : {}),
    },
    deps.now(),
  );
  if (!stored) log.info("subscription_state_stale", { provider: event.provider, eventId: event.eventId, subscriptionId: state.subscriptionId, version: state.version });
  await deps.afterEffect("subscription");
  // Even for a stale state: a crash may have happened between the store and this sync.
  await deps.tiers.sync(uid!);
  await deps.afterEffect("tier");
  return { outcome: "applied" };
}

async function recordedPayment(event: Of<"refund"> | Of<"chargeback">, deps: EffectDeps): Promise<PaymentDoc> {
  const payment = await deps.payments.find(event.provider, event.paymentId);
  if (payment) return payment;
  // Not acknowledged: the provider redelivers it, by which time the payment event has arrived.
  log.warn("payment_event_deferred", { provider: event.provider, eventId: event.eventId, paymentId: event.paymentId, kind: event.kind });
  throw new HttpError(409, "event_out_of_order", "The payment this event refers to has not been recorded yet; deliver it again later");
}

/** Refunds take back credits in proportion to the money refunded so far: floor(credits × refunded / amount). */
async function refund(event: Of<"refund">, deps: EffectDeps): Promise<EffectResult> {
  const payment = await recordedPayment(event, deps);
  const now = deps.now();
  const updated = event.cumulative
    ? await deps.payments.recordCumulativeRefund(payment, event.amount, now)
    : await deps.payments.recordRefund(payment, { id: event.refundId, amount: event.amount }, now);
  await deps.afterEffect("refund_recorded");
  const refunded = Math.min(updated.refunded_amount, updated.amount);
  const target = updated.amount > 0 ? Math.floor((updated.credits * refunded) / updated.amount) : updated.credits;
  await reverse(updated, { kind: "refund", target, key: `${event.provider}:refund:${updated.payment_id}:${updated.refunded_amount}` }, event, deps);
  await deps.afterEffect("reversal");
  return { outcome: "applied" };
}

/** A dispute takes back whatever credits of the payment are not reversed yet, even below zero. */
async function chargeback(event: Of<"chargeback">, deps: EffectDeps): Promise<EffectResult> {
  const payment = await recordedPayment(event, deps);
  const updated = await deps.payments.recordDispute(payment, event.disputeId, deps.now());
  await deps.afterEffect("dispute_recorded");
  await reverse(updated, { kind: "chargeback", target: updated.credits, key: `${event.provider}:dispute:${event.disputeId}` }, event, deps);
  await deps.afterEffect("reversal");
  return { outcome: "applied" };
}

/**
 * Brings the payment's reversed credits up to `target`. The reversal is recorded on the payment
 * before the ledger call and counted after it, so a crash in between is finished — with the same
 * ledger key, hence once — by whichever delivery comes next; concurrent events for one payment take
 * turns through the conditional `beginReversal`.
 */
async function reverse(
  doc: PaymentDoc,
  want: { kind: PendingReversal["kind"]; target: number; key: string },
  event: PaymentEvent,
  deps: EffectDeps,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = (await deps.payments.reload(doc))!;
    if (current.reversal_pending) {
      await applyReversal(current, current.reversal_pending, event, deps);
      continue;
    }
    const amount = Math.min(want.target, current.credits) - current.credits_reversed;
    if (amount <= 0) return;
    const reversal: PendingReversal = { key: want.key, kind: want.kind, amount };
    if (await deps.payments.beginReversal(current, reversal, deps.now())) {
      await applyReversal(current, reversal, event, deps);
      return;
    }
  }
  throw new Error(`payment ${doc.provider}:${doc.payment_id}: reversal kept conflicting with concurrent events`);
}

async function applyReversal(doc: PaymentDoc, reversal: PendingReversal, event: PaymentEvent, deps: EffectDeps): Promise<void> {
  const input: GrantInput = {
    uid: doc.uid,
    amount: reversal.amount,
    idempotencyKey: reversal.key,
    actor: WEBHOOK_ACTOR,
    reason: reversal.kind === "refund" ? `payment refunded (${doc.provider})` : `payment disputed (${doc.provider})`,
    cause: { kind: "payment", id: `${doc.provider}:${doc.payment_id}` },
    meta: { event_id: event.eventId, event_type: event.type },
  };
  if (reversal.kind === "refund") await deps.ledger.refund(input);
  else await deps.ledger.chargeback(input);
  await deps.payments.finishReversal(doc, reversal, deps.now());
}

/** Same day of month a month later (clamped to the month's last day), UTC. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
