import { createHash } from "node:crypto";
import { HttpError } from "../../platform/http-error";
import { errorFields, log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { Services } from "../../services";
import type { WebhookAck } from "../../webhooks/webhooks.schema";
import type { CreditLedger, LedgerEntry } from "../credits/ledger-types";
import { noteDebit } from "../notifications/low-balance";
import type { DomainEventInput } from "../events/domain-event";
import { recordEvent } from "../events/record-event";
import type { CheckoutsStore } from "./checkouts-store";
import { applyPaymentEffects, type EffectDeps, type EffectName } from "./payment-effects";
import type { PaymentEvent, ProviderName } from "./payment-event";
import { PayloadError } from "./payload-reader";
import type { PaymentsStore } from "./payments-store";
import type { SubscriptionsStore } from "./subscriptions-store";
import { createTierSync, type TierSync } from "./tier-sync";
import type { WebhookEventsStore } from "./webhook-events-store";

export type RawHeaders = Record<string, string | string[] | undefined>;

/** A request header by its lower-case name (the first, if sent more than once). */
export function headerValue(headers: RawHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** What every provider event has, read before anything else (the claim needs it). */
export interface EventEnvelope {
  eventId: string;
  type: string;
  occurredAt: Date;
}

/**
 * One provider's webhook: how its signature is checked and its payloads read. Adapters are thin and
 * pure (webhooks/<provider>-webhook.ts); everything else is the shared pipeline below (STYLE rule 7).
 */
export interface WebhookAdapter {
  provider: ProviderName;
  /**
   * Checks the signature over the exact bytes received (and, where the provider signs a time, that
   * it is close to `receivedAt`) and returns the parsed payload; throws if it fails.
   */
  verify(raw: Buffer, headers: RawHeaders, secret: string, receivedAt: Date): Promise<unknown>;
  envelope(payload: unknown, headers: RawHeaders, raw: Buffer): EventEnvelope;
  /** May throw a PayloadError for a payload of a known type that lacks what we need. */
  normalize(payload: unknown, envelope: EventEnvelope): PaymentEvent;
}

/** Step boundaries where tests make the pipeline fail, to prove a redelivery completes the event. */
export type FaultStep = "verified" | "claimed" | `effect:${EffectName}` | "before_done";

export interface PipelineDeps {
  events: WebhookEventsStore;
  ledger: CreditLedger;
  payments: PaymentsStore;
  subscriptions: SubscriptionsStore;
  checkouts: CheckoutsStore;
  tiers: TierSync;
  now(): Date;
  /** Records a fact's event (core/events). */
  facts(event: DomainEventInput): Promise<void>;
  /** Told of a debit's ledger entry (low-balance alerts). */
  debited?(entry: LedgerEntry): Promise<void>;
  commission?: EffectDeps["commission"];
  payouts?: EffectDeps["payouts"];
  /** How long one attempt owns an event; longer than the function's timeout, so only a dead attempt loses it. */
  leaseMs?: number;
  /** How long a duplicate delivery waits for the attempt in progress before answering 409. */
  inProgressWaitMs?: number;
  /** Deliveries of a refund or dispute whose payment is unknown before it is given up as unattributable. */
  outOfOrderAttempts?: number;
  faultAt?(step: FaultStep): void | Promise<void>;
}

export const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_IN_PROGRESS_WAIT_MS = 2_000;
// Razorpay disables an endpoint that keeps failing for 24 h; a refund of a payment that never reaches
// us (sold outside PromptForge, or unattributable) must not fail forever. Five deliveries span hours.
const DEFAULT_OUT_OF_ORDER_ATTEMPTS = 5;

const ACK: WebhookAck = { received: true };

export const invalidSignature = () => new HttpError(400, "invalid_signature", "The webhook signature is missing, invalid or too old");

/**
 * The webhook pipeline (STYLE rule 7): verify the raw body → normalize to a PaymentEvent → claim the
 * event with a lease → apply idempotent effects → mark done → 200. Answers 2xx only once the event is
 * done (or was done before), so a provider retries anything else; a crash at any point leaves either
 * a failed event or an expiring lease, and the redelivery finishes it without repeating an effect.
 * `deps` is only built once the signature holds: a forged request never touches the database.
 */
export async function runWebhookPipeline(
  adapter: WebhookAdapter,
  input: { raw: Buffer; headers: RawHeaders; secret: string; moreSecrets?: () => string[]; receivedAt: Date; requestId?: string },
  deps: () => Promise<PipelineDeps>,
): Promise<WebhookAck> {
  const { provider } = adapter;
  let payload: unknown;
  try {
    payload = await verifyWithAny(adapter, input);
  } catch (err) {
    log.warn("webhook_signature_invalid", {
      provider,
      requestId: input.requestId,
      reason: err instanceof Error ? err.message : String(err),
    });
    throw invalidSignature();
  }
  let envelope: EventEnvelope;
  try {
    envelope = adapter.envelope(payload, input.headers, input.raw);
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    log.error("webhook_payload_invalid", { provider, requestId: input.requestId, reason: err.message });
    throw new HttpError(400, "invalid_payload", "The signed payload is not an event");
  }
  const d = await deps();
  const fault = async (step: FaultStep) => {
    await d.faultAt?.(step);
  };
  await fault("verified");
  const event = normalize(adapter, payload, envelope);

  const eventKey = `${provider}:${envelope.eventId}`;
  const payloadHash = createHash("sha256").update(input.raw).digest("hex");
  const fields = { provider, eventId: envelope.eventId, type: envelope.type, kind: event.kind, requestId: input.requestId };
  const claim = await d.events.claim(eventKey, { provider, type: envelope.type, payloadHash }, d.now(), d.leaseMs ?? DEFAULT_LEASE_MS);
  if (!claim.claimed) {
    if (claim.state === "done" || (await waitUntilDone(d, eventKey))) {
      log.info("payment_event_duplicate", fields);
      return ACK;
    }
    log.info("payment_event_in_progress", fields);
    throw new HttpError(409, "event_in_progress", "This event is being processed by another delivery; retry later", {
      headers: { "Retry-After": String(Math.ceil((d.leaseMs ?? DEFAULT_LEASE_MS) / 1000)) },
    });
  }
  if (claim.payloadHash !== payloadHash) log.warn("webhook_payload_changed", fields);

  try {
    await fault("claimed");
    const result = await applyPaymentEffects(event, { ...d, afterEffect: (name) => fault(`effect:${name}`) }).catch((err: unknown) => {
      const outOfOrder = err instanceof HttpError && err.code === "event_out_of_order";
      if (!outOfOrder || claim.attempts < (d.outOfOrderAttempts ?? DEFAULT_OUT_OF_ORDER_ATTEMPTS)) throw err;
      return { outcome: "unattributable" as const, reason: `refers to a payment never recorded here (${claim.attempts} deliveries)` };
    });
    await fault("before_done");
    await d.events.markDone(eventKey, { ...result, summary: summarize(event) }, d.now());
    const done = { ...fields, outcome: result.outcome, reason: result.reason, attempts: claim.attempts };
    // Error level for what an admin must look at (a held payment is reported as `payment_held` by its effect).
    if (result.outcome === "unattributable" || result.outcome === "unprocessable") log.error("payment_event_unattributable", done);
    else
      log.info(
        result.outcome === "applied" ? "payment_event_applied" : result.outcome === "held" ? "payment_event_held" : "payment_event_ignored",
        done,
      );
    return ACK;
  } catch (err) {
    await d.events
      .markFailed(eventKey, claim.token, err instanceof HttpError ? err.code : `${(err as Error).name}: ${(err as Error).message}`, d.now())
      .catch((e) => log.error("webhook_mark_failed_failed", { ...fields, ...errorFields(e) }));
    if (!(err instanceof HttpError && err.status < 500))
      log.error("payment_event_failed", { ...fields, attempts: claim.attempts, ...errorFields(err) });
    throw err;
  }
}

/**
 * Events may be signed with another endpoint's secret (Stripe: platform and Connect endpoints), read
 * only when the first does not verify (an unset optional secret is skipped).
 */
async function verifyWithAny(
  adapter: WebhookAdapter,
  input: { raw: Buffer; headers: RawHeaders; secret: string; moreSecrets?: () => string[]; receivedAt: Date },
): Promise<unknown> {
  try {
    return await adapter.verify(input.raw, input.headers, input.secret, input.receivedAt);
  } catch (err) {
    for (const secret of input.moreSecrets?.().filter(Boolean) ?? []) {
      try {
        return await adapter.verify(input.raw, input.headers, secret, input.receivedAt);
      } catch {
        // The first secret's failure is the one reported.
      }
    }
    throw err;
  }
}

/** A payload of a known type that lacks what we rely on is recorded as unprocessable, not retried forever. */
function normalize(adapter: WebhookAdapter, payload: unknown, envelope: EventEnvelope): PaymentEvent {
  try {
    return adapter.normalize(payload, envelope);
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    return { provider: adapter.provider, ...envelope, kind: "unprocessable", reason: err.message };
  }
}

/** A duplicate that arrives while the first delivery is working usually sees it finish within moments. */
async function waitUntilDone(d: PipelineDeps, eventKey: string): Promise<boolean> {
  // Elapsed time on this instance, not the time of day: the wait must end whatever the clock says.
  const deadline = performance.now() + (d.inProgressWaitMs ?? DEFAULT_IN_PROGRESS_WAIT_MS);
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const doc = await d.events.find(eventKey);
    if (doc?.state === "done") return true;
    if (doc?.state !== "processing") return false;
  }
  return false;
}

function summarize(event: PaymentEvent): Record<string, string | number | undefined> {
  const base = { kind: event.kind };
  switch (event.kind) {
    case "payment_succeeded":
      return {
        ...base,
        payment_id: event.paymentId,
        amount: event.amount,
        currency: event.currency,
        subscription_id: event.subscription?.id,
        price_ids: event.billed.lines.map((l) => l.priceId).join(",") || undefined,
      };
    case "subscription_changed":
      return { ...base, subscription_id: event.subscriptionId, price_id: event.priceId, status: event.status, version: event.version };
    case "refund":
      return { ...base, payment_id: event.paymentId, refund_id: event.refundId, amount: event.amount };
    case "chargeback":
      return { ...base, payment_id: event.paymentId, dispute_id: event.disputeId, amount: event.amount };
    case "payment_failed":
      return { ...base, payment_id: event.paymentId, subscription_id: event.subscriptionId, amount: event.amount, reason: event.reason };
    default:
      return base;
  }
}

/**
 * The pipeline's dependencies, from the services (one set per delivery; the stores and clients are
 * shared). Tests reach them through the services too: a clock, a store, or `faults`, which fails a
 * delivery at any step boundary of the pipeline, the ledger and tier sync.
 */
export async function pipelineDeps(services: Services): Promise<PipelineDeps> {
  const [events, ledger, payments, subscriptions, checkouts] = await Promise.all([
    services.store("webhookEvents"),
    services.ledger(),
    services.store("payments"),
    services.store("subscriptions"),
    services.store("checkouts"),
  ]);
  const faults = services.faults;
  return {
    events,
    ledger,
    payments,
    subscriptions,
    checkouts,
    tiers: createTierSync(services),
    now: () => services.now(),
    facts: (event) => recordEvent(services, event),
    debited: (entry) => noteDebit(services, entry),
    commission: {
      paid: (payment, paidAt) => import("../marketplace/payment-commission").then((m) => m.commissionOnPayment(services, payment, paidAt)),
      reversed: (payment, reversal) =>
        import("../marketplace/payment-commission").then((m) => m.reverseCommission(services, payment, reversal)),
    },
    payouts: {
      transferReversed: (event) => import("../marketplace/payout-reversal").then((m) => m.transferReversed(services, event)),
      accountUpdated: (event) => import("../marketplace/connect-status").then((m) => m.accountUpdated(services, event)),
    },
    ...(faults ? { faultAt: (step: FaultStep) => faults.at(step), inProgressWaitMs: faults.inProgressWaitMs } : {}),
  };
}

/** The operation handler of one provider's webhook function. */
export function webhookHandler(adapter: () => Promise<WebhookAdapter>, secret: () => string, moreSecrets?: () => string[]) {
  return async (ctx: OperationContext): Promise<WebhookAck> => {
    const key = secret();
    if (!key) {
      throw new HttpError(500, "config_invalid", "The service is misconfigured");
    }
    const input = {
      raw: ctx.raw.body,
      headers: ctx.raw.headers,
      secret: key,
      moreSecrets,
      receivedAt: ctx.services.now(),
      requestId: ctx.requestId,
    };
    return runWebhookPipeline(await adapter(), input, () => pipelineDeps(ctx.services));
  };
}
