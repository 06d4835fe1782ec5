import { findSku, type TierId } from "../billing/catalog";
import type { CreditLedger, GrantInput, LedgerEntry } from "../credits/ledger-types";
import type { DomainEventInput } from "../events/domain-event";
import { Uid } from "../../platform/common-schemas";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { CheckoutDoc, CheckoutsStore } from "./checkouts-store";
import type { Attribution, PaymentEvent, ProviderName, SubscriptionState } from "./payment-event";
import { pricePayment } from "./payment-pricing";
import type { AttributedBy, PaymentDoc, PaymentsStore, PendingReversal } from "./payments-store";
import type { SubscriptionsStore } from "./subscriptions-store";
import type { TierSync } from "./tier-sync";
import type { WebhookOutcome } from "./webhook-events-store";

export const WEBHOOK_ACTOR = "system:payments-webhook";

/**
 * The effects a payment event can have, in the order they are applied (crash-injection points);
 * `reversal_ledger` falls inside a reversal, between its ledger entry and its count on the payment.
 */
export type EffectName =
  "payment" | "credit" | "subscription" | "tier" | "refund_recorded" | "dispute_recorded" | "reversal_ledger" | "reversal";

export interface EffectDeps {
  ledger: CreditLedger;
  payments: PaymentsStore;
  subscriptions: SubscriptionsStore;
  checkouts: CheckoutsStore;
  tiers: TierSync;
  now(): Date;
  /** Records a fact's event (core/events) once its effect is done; never fails the delivery. */
  facts(event: DomainEventInput): Promise<void>;
  /** Told of a reversal's ledger entry (a debit may cross the user's low-balance threshold); never fails the delivery. */
  debited?(entry: LedgerEntry): Promise<void>;
  /**
   * A referring partner's commission on a granted payment, and its reversal with each reversal of the
   * payment's credits (core/marketplace/payment-commission.ts); both idempotent by their keys.
   */
  commission?: {
    paid(payment: PaymentDoc, paidAt: Date): Promise<unknown>;
    reversed(payment: PaymentDoc, reversal: PendingReversal): Promise<unknown>;
  };
  /** A payout's transfer reversed (core/marketplace/payout-reversal.ts): its credits return to the payee, once. */
  payouts?: {
    transferReversed(event: Of<"transfer_reversed">): Promise<EffectResult>;
    /** A connected account's new state (core/marketplace/connect-status.ts). */
    accountUpdated?(event: Of<"connect_account_updated">): Promise<EffectResult>;
  };
  /** Called after each effect has been applied (tests throw from it to simulate a crash there). */
  afterEffect(name: EffectName): Promise<void> | void;
}

export interface EffectResult {
  outcome: WebhookOutcome;
  reason?: string;
}

export type Of<K extends PaymentEvent["kind"]> = Extract<PaymentEvent, { kind: K }>;

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
      return subscriptionChanged(event, event, event, deps);
    case "refund":
      return refund(event, deps);
    case "chargeback":
      return chargeback(event, deps);
    case "payment_failed":
      return paymentFailed(event, deps);
    case "transfer_reversed":
      return deps.payouts ? deps.payouts.transferReversed(event) : { outcome: "ignored" };
    case "connect_account_updated":
      return deps.payouts?.accountUpdated ? deps.payouts.accountUpdated(event) : { outcome: "ignored" };
    case "ignored":
      return { outcome: "ignored" };
    case "unprocessable":
      return { outcome: "unprocessable", reason: event.reason };
  }
}

const unattributable = (reason: string): EffectResult => ({ outcome: "unattributable", reason });
const validUid = (uid: string | undefined): uid is string => !!uid && Uid.safeParse(uid).success;

/** Who a payment is for, from what our server created only (never from `claimed`). */
interface Beneficiary {
  uid?: string;
  by?: AttributedBy;
  /** Why the sources disagree: the payment is held. */
  conflict?: string;
  /** The sku our checkout (or secret-key metadata) sold, when the event names no price. */
  expectedSku?: string;
  /** The provider customer the checkout or subscription was for. */
  customerId?: string;
  /** Our checkout record, found by this payment's own provider object. */
  checkout?: CheckoutDoc;
}

/**
 * The beneficiary, in order of authority: our checkout record found by the payment's own object
 * (Stripe session, Razorpay order, Paddle transaction), the subscription record a first trusted
 * event created (renewals), the checkout that started the subscription, then fields only our secret
 * key can set. Sources that disagree hold the payment for an admin rather than pick one.
 */
async function beneficiary(
  provider: ProviderName,
  attribution: Attribution,
  subscriptionId: string | undefined,
  deps: EffectDeps,
): Promise<Beneficiary> {
  const checkout = (await deps.checkouts.findByProviderId(provider, attribution.checkoutRefs)) ?? undefined;
  const subscription = subscriptionId ? await deps.subscriptions.find(provider, subscriptionId) : null;
  const started = !checkout && !subscription && subscriptionId ? await deps.checkouts.findByProviderId(provider, [subscriptionId]) : null;
  const sources: [AttributedBy, string | undefined][] = [
    ["checkout", checkout?.uid],
    ["subscription", subscription?.uid],
    ["checkout", started?.uid],
    ["metadata", attribution.trusted.uid],
  ];
  const named = sources.filter((s): s is [AttributedBy, string] => !!s[1]);
  const [by, uid] = named[0] ?? [];
  const other = named.find(([, u]) => u !== uid);
  const skus = [checkout?.sku, attribution.trusted.sku].filter((s): s is string => !!s);
  return {
    uid,
    by,
    checkout,
    customerId: checkout?.customer_id ?? subscription?.customer_id ?? started?.customer_id,
    expectedSku: skus[0],
    conflict: other
      ? `the ${by} names ${uid} but the ${other[0]} names ${other[1]}`
      : skus.some((s) => s !== skus[0])
        ? `our checkout sold ${skus[0]} but the metadata says ${skus[1]}`
        : undefined,
  };
}

/**
 * Credit pack paid → a purchase; subscription period paid → that period's grant. One per payment.
 * A payment we cannot attribute or whose billed price does not match the catalogue is recorded
 * `held`: it grants nothing, is logged at error level and waits for an admin (api/admin/resolve-payment.ts).
 */
async function paymentSucceeded(event: Of<"payment_succeeded">, deps: EffectDeps): Promise<EffectResult> {
  const who = await beneficiary(event.provider, event, event.subscription?.id, deps);
  if (!who.uid && event.laterEventAttributes) return { outcome: "ignored", reason: "left to the event that attributes this payment" };
  const priced = pricePayment({ expectedSku: who.expectedSku, billed: event.billed, currency: event.currency });
  const hold = !validUid(who.uid)
    ? who.uid
      ? "the buyer named by our records is not a Firebase uid"
      : "no checkout of ours and no secret-key metadata names the buyer"
    : (who.conflict ?? (priced.ok ? undefined : priced.reason));
  if (who.checkout && event.subscription) await deps.checkouts.link(who.checkout, event.subscription.id);

  // The first event about a payment decides who and what it was for; later ones reuse that record.
  const payment = await deps.payments.record(
    {
      provider: event.provider,
      payment_id: event.paymentId,
      aliases: event.aliases,
      uid: validUid(who.uid) ? who.uid : null,
      sku: priced.ok ? priced.item.sku : (who.expectedSku ?? event.billed.lines.find((l) => l.sku)?.sku ?? null),
      credits: hold || !priced.ok ? 0 : priced.credits,
      amount: event.amount,
      currency: event.currency,
      state: hold ? "held" : "granted",
      hold_reason: hold,
      claimed: event.claimed.uid || event.claimed.sku ? event.claimed : undefined,
      attributed_by: who.by,
      payer_is_beneficiary: !(who.customerId && event.customerId && who.customerId !== event.customerId),
      customer_id: event.customerId,
      period_end: event.subscription?.periodEnd,
      subscription_id: event.subscription?.id,
    },
    deps.now(),
  );
  await deps.afterEffect("payment");

  if (payment.state === "held" || payment.state === "dismissed") {
    if (payment.state === "held") {
      log.error("payment_held", {
        provider: event.provider,
        eventId: event.eventId,
        paymentId: payment.payment_id,
        reason: payment.hold_reason,
        uid: payment.uid,
        claimed: payment.claimed,
        amount: event.amount,
        currency: event.currency,
      });
      await deps.facts({
        type: "payment.held",
        dedupeKey: `${event.provider}:payment:${payment.payment_id}:held`,
        occurredAt: event.occurredAt,
        subject: payment.uid ? { uid: payment.uid } : {},
        data: {
          provider: event.provider,
          paymentId: payment.payment_id,
          reason: payment.hold_reason ?? "held",
          amount: event.amount,
          currency: event.currency,
        },
      });
    }
    if (event.subscriptionState && validUid(who.uid)) await subscriptionChanged(event, event.subscriptionState, event, deps);
    return { outcome: "held", reason: payment.hold_reason ?? "dismissed by an admin" };
  }

  await creditPayment(payment, { actor: WEBHOOK_ACTOR, meta: { event_id: event.eventId, event_type: event.type } }, event.occurredAt, deps);
  await deps.afterEffect("credit");
  await deps.commission?.paid(payment, event.occurredAt);

  if (event.subscriptionState) await subscriptionChanged(event, event.subscriptionState, event, deps);
  return { outcome: "applied" };
}

/** Applies a granted payment's credits: a pack is a purchase; a period a grant expiring at its end. Idempotent by the payment. */
export async function creditPayment(
  payment: PaymentDoc,
  by: { actor: string; meta: Record<string, unknown> },
  paidAt: Date,
  deps: Pick<EffectDeps, "ledger" | "facts">,
): Promise<void> {
  const item = payment.sku ? findSku(payment.sku) : undefined;
  if (!payment.uid || !item || payment.credits <= 0) return;
  const input: GrantInput = {
    uid: payment.uid,
    amount: payment.credits,
    idempotencyKey: `${payment.provider}:payment:${payment.payment_id}:credit`,
    actor: by.actor,
    reason: `${item.name} paid (${payment.provider})`,
    cause: { kind: "payment", id: `${payment.provider}:${payment.payment_id}` },
    meta: { ...by.meta, sku: payment.sku },
  };
  if (item.kind === "credits") {
    await deps.ledger.purchase(input);
  } else {
    // A checkout completion can arrive before the invoice that carries the period: a month from now.
    await deps.ledger.grant({ ...input, expiresAt: payment.period_end ?? addMonths(paidAt, 1) });
  }
  await deps.facts({
    type: "payment.succeeded",
    dedupeKey: input.idempotencyKey,
    occurredAt: paidAt,
    subject: { uid: payment.uid },
    data: {
      provider: payment.provider,
      paymentId: payment.payment_id,
      sku: item.sku,
      kind: item.kind,
      credits: payment.credits,
      amount: payment.amount,
      currency: payment.currency,
    },
  });
}

/**
 * Stores a subscription state if it is newer than the stored one, then re-derives the user's tier.
 * The owner is the stored subscription's (a state never moves it), else our checkout's, else the
 * secret-key metadata's; the sku and tier follow the price the subscription is on, not metadata,
 * so a plan change in the provider's portal changes the tier.
 */
async function subscriptionChanged(
  event: PaymentEvent,
  state: SubscriptionState,
  attribution: Attribution,
  deps: EffectDeps,
): Promise<EffectResult> {
  const known = await deps.subscriptions.find(event.provider, state.subscriptionId);
  const checkout = known
    ? null
    : await deps.checkouts.findByProviderId(event.provider, [...attribution.checkoutRefs, state.subscriptionId]);
  const uid = known?.uid ?? checkout?.uid ?? attribution.trusted.uid;
  if (known && attribution.trusted.uid && attribution.trusted.uid !== known.uid) {
    log.warn("subscription_attribution_conflict", {
      provider: event.provider,
      subscriptionId: state.subscriptionId,
      stored: known.uid,
      metadata: attribution.trusted.uid,
    });
  }
  if (!validUid(uid))
    return unattributable(
      uid ? "the subscription's owner is not a Firebase uid" : "no checkout of ours and no secret-key metadata names the subscriber",
    );

  let sku: string | null;
  let tier: TierId;
  const item = state.sku ? findSku(state.sku) : undefined;
  if (item?.kind === "subscription") {
    [sku, tier] = [item.sku, item.tier];
  } else if (!state.priceId && known) {
    [sku, tier] = [known.sku, known.tier];
  } else if (!state.priceId && checkout && findSku(checkout.sku)?.kind === "subscription") {
    const fromCheckout = findSku(checkout.sku) as Extract<ReturnType<typeof findSku>, { kind: "subscription" }>;
    [sku, tier] = [fromCheckout.sku, fromCheckout.tier];
  } else {
    // A price that is not one of our tiers entitles to nothing until the catalogue maps it.
    [sku, tier] = [null, "free"];
    log.error("subscription_price_unknown", {
      provider: event.provider,
      eventId: event.eventId,
      subscriptionId: state.subscriptionId,
      priceId: state.priceId ?? null,
    });
  }

  const stored = await deps.subscriptions.applyIfNewer(
    {
      provider: event.provider,
      subscription_id: state.subscriptionId,
      uid,
      sku,
      ...(state.priceId ? { price_id: state.priceId } : {}),
      tier,
      status: state.status,
      current_period_end: state.currentPeriodEnd ?? known?.current_period_end ?? null,
      cancel_at_period_end: state.cancelAtPeriodEnd ?? known?.cancel_at_period_end ?? false,
      version: state.version,
      ...((state.customerId ?? known?.customer_id) ? { customer_id: state.customerId ?? known?.customer_id } : {}),
    },
    deps.now(),
  );
  if (stored) {
    await deps.facts({
      type: "subscription.changed",
      dedupeKey: `${event.provider}:subscription:${state.subscriptionId}:${state.version}`,
      occurredAt: event.occurredAt,
      subject: { uid },
      data: {
        provider: event.provider,
        subscriptionId: state.subscriptionId,
        sku: sku ?? "unknown",
        tier,
        status: state.status,
        cancelAtPeriodEnd: state.cancelAtPeriodEnd ?? known?.cancel_at_period_end ?? false,
        currentPeriodEnd: state.currentPeriodEnd ?? known?.current_period_end ?? null,
      },
    });
  } else
    log.info("subscription_state_stale", {
      provider: event.provider,
      eventId: event.eventId,
      subscriptionId: state.subscriptionId,
      version: state.version,
    });
  await deps.afterEffect("subscription");
  // Even for a stale state: a crash may have happened between the store and this sync.
  await deps.tiers.sync(uid);
  await deps.afterEffect("tier");
  return { outcome: "applied" };
}

/**
 * A failed payment attempt moves no money and no credits: it is recorded as a fact for its payer's
 * notifications, attributed like a payment (our checkout, our subscription record, secret-key
 * metadata; never a browser-set field), and ignored when nothing of ours names the payer.
 */
async function paymentFailed(event: Of<"payment_failed">, deps: EffectDeps): Promise<EffectResult> {
  const who = await beneficiary(event.provider, event, event.subscriptionId, deps);
  if (!validUid(who.uid) || who.conflict)
    return { outcome: "ignored", reason: who.conflict ?? "no checkout or subscription of ours names the payer" };
  await deps.facts({
    type: "payment.failed",
    dedupeKey: `${event.provider}:payment_failed:${event.eventId}`,
    occurredAt: event.occurredAt,
    subject: { uid: who.uid },
    data: {
      provider: event.provider,
      paymentId: event.paymentId,
      subscriptionId: event.subscriptionId ?? null,
      amount: event.amount ?? null,
      currency: event.currency ?? null,
      reason: event.reason ?? null,
    },
  });
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
  await reverseRefunds(updated, { event_id: event.eventId, event_type: event.type }, deps);
  await deps.afterEffect("reversal");
  return { outcome: "applied" };
}

/** Brings a payment's reversed credits up to its refunded share (a held payment has none to reverse). */
export async function reverseRefunds(
  payment: PaymentDoc,
  meta: Record<string, unknown>,
  deps: Pick<EffectDeps, "ledger" | "payments" | "now" | "afterEffect" | "facts" | "debited" | "commission">,
): Promise<void> {
  const refunded = Math.min(payment.refunded_amount, payment.amount);
  if (refunded <= 0) return;
  const target = payment.amount > 0 ? Math.floor((payment.credits * refunded) / payment.amount) : payment.credits;
  await reverse(
    payment,
    { kind: "refund", target, key: `${payment.provider}:refund:${payment.payment_id}:${payment.refunded_amount}` },
    meta,
    deps,
  );
}

/**
 * A dispute takes back whatever credits of the payment are not reversed yet, even below zero. When
 * the payer may not be the beneficiary (an admin granted a held payment to someone, or the paying
 * customer is not the one our checkout was for), the account is not flagged: the payment goes to
 * the admins' review queue instead.
 */
async function chargeback(event: Of<"chargeback">, deps: EffectDeps): Promise<EffectResult> {
  const payment = await recordedPayment(event, deps);
  const updated = await deps.payments.recordDispute(payment, event.disputeId, deps.now());
  await deps.afterEffect("dispute_recorded");
  const flag = updated.payer_is_beneficiary !== false;
  if (
    !flag &&
    updated.credits > 0 &&
    (await deps.payments.openReview(updated, "chargeback of a payment whose payer may not be the beneficiary", deps.now()))
  ) {
    log.error("payment_review_needed", {
      provider: event.provider,
      eventId: event.eventId,
      paymentId: updated.payment_id,
      uid: updated.uid,
      reason: "chargeback, payer not established",
    });
  }
  await reverse(
    updated,
    { kind: "chargeback", target: updated.credits, key: `${event.provider}:dispute:${event.disputeId}`, flag },
    { event_id: event.eventId, event_type: event.type },
    deps,
  );
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
  want: { kind: PendingReversal["kind"]; target: number; key: string; flag?: boolean },
  meta: Record<string, unknown>,
  deps: Pick<EffectDeps, "ledger" | "payments" | "now" | "afterEffect" | "facts" | "debited" | "commission">,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = (await deps.payments.reload(doc))!;
    if (current.reversal_pending) {
      await applyReversal(current, current.reversal_pending, meta, deps);
      continue;
    }
    const amount = Math.min(want.target, current.credits) - current.credits_reversed;
    if (amount <= 0 || !current.uid) return;
    const reversal: PendingReversal = { key: want.key, kind: want.kind, amount, ...(want.flag === false ? { flag: false } : {}) };
    if (await deps.payments.beginReversal(current, reversal, deps.now())) {
      await applyReversal(current, reversal, meta, deps);
      return;
    }
  }
  throw new Error(`payment ${doc.provider}:${doc.payment_id}: reversal kept conflicting with concurrent events`);
}

async function applyReversal(
  doc: PaymentDoc,
  reversal: PendingReversal,
  meta: Record<string, unknown>,
  deps: Pick<EffectDeps, "ledger" | "payments" | "now" | "afterEffect" | "facts" | "debited" | "commission">,
): Promise<void> {
  const input: GrantInput = {
    uid: doc.uid!,
    amount: reversal.amount,
    idempotencyKey: reversal.key,
    actor: WEBHOOK_ACTOR,
    reason: reversal.kind === "refund" ? `payment refunded (${doc.provider})` : `payment disputed (${doc.provider})`,
    cause: { kind: "payment", id: `${doc.provider}:${doc.payment_id}` },
    meta,
  };
  const { entry } =
    reversal.kind === "refund" ? await deps.ledger.refund(input) : await deps.ledger.chargeback(input, { flag: reversal.flag !== false });
  await deps.debited?.(entry);
  await deps.afterEffect("reversal_ledger");
  // Before the reversal is counted: a crash here is finished, with the same keys, by the next delivery.
  await deps.commission?.reversed(doc, reversal);
  await deps.payments.finishReversal(doc, reversal, deps.now());
  await deps.facts({
    type: "payment.reversed",
    dedupeKey: reversal.key,
    occurredAt: deps.now(),
    subject: { uid: doc.uid! },
    data: { provider: doc.provider, paymentId: doc.payment_id, kind: reversal.kind, credits: reversal.amount },
  });
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
