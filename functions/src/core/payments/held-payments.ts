import { derivedId } from "../../platform/derived-id";
import { type ObjectId } from "mongodb";
import { findSku } from "../billing/catalog";
import type { CreditLedger } from "../credits/ledger-types";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { DomainEventInput } from "../events/domain-event";
import { creditPayment, reverseRefunds } from "./payment-effects";
import type { PaymentDoc, PaymentResolution, PaymentsStore } from "./payments-store";

/** An admin's decision about a held payment (or a payment in review). */
export interface Decision {
  action: "grant" | "dismiss";
  uid?: string;
  sku?: string;
  actor: string;
  reason: string;
  requestId: string;
}

export interface ResolveDeps {
  payments: PaymentsStore;
  ledger: CreditLedger;
  now(): Date;
  userExists(uid: string): Promise<boolean>;
  facts(event: DomainEventInput): Promise<void>;
}

export interface Resolved {
  payment: PaymentDoc;
  /** The decision had been made before: nothing new was decided (an interrupted one was finished). */
  duplicate: boolean;
  /** What to audit: the decision carried out (recorded once per payment and kind, whoever finishes it). */
  audit?: { id: ObjectId; action: string; resolution: PaymentResolution | { actor: string; reason: string; request_id: string } };
}

/** One audit entry per payment and kind of decision, whichever attempt finishes it. */
export const auditIdFor = (payment: PaymentDoc, kind: "resolution" | "review") =>
  derivedId("audit", "payment", payment._id!.toHexString(), kind);

const conflict = (code: string, message: string) => new HttpError(409, code, message);

/**
 * Resolves a held payment — grant its credits to a user, or dismiss it — or closes a payment's
 * review. A saga of single-document steps: the decision is recorded on the payment first (only on
 * a held payment without one, so two admins cannot decide twice), then carried out (the payment
 * becomes granted, the ledger entry is written under the payment's own key, refunds that arrived
 * while it was held are reversed). Repeating the same decision finishes an interrupted one and
 * reports a duplicate; another decision is a 409.
 */
export async function resolvePayment(doc: PaymentDoc, decision: Decision, deps: ResolveDeps): Promise<Resolved> {
  const reload = async () => (await deps.payments.reload(doc))!;
  if (doc.in_review) {
    if (decision.action !== "dismiss")
      throw conflict("payment_in_review", "This payment was granted and is in review: dismiss closes the review");
    const closed = await deps.payments.closeReview(doc, { actor: decision.actor, note: decision.reason }, deps.now());
    const audit = {
      id: auditIdFor(doc, "review"),
      action: "payments.review_closed",
      resolution: { actor: decision.actor, reason: decision.reason, request_id: decision.requestId },
    };
    return { payment: await reload(), duplicate: !closed, ...(closed ? { audit } : {}) };
  }
  if (doc.resolution) {
    if (!sameDecision(doc.resolution, decision)) {
      throw conflict("payment_already_resolved", `An admin already decided to ${doc.resolution.action} this payment`);
    }
    await carryOut(doc, doc.resolution, deps);
    return { payment: await reload(), duplicate: true, audit: auditOf(doc, doc.resolution) };
  }
  if (doc.state !== "held") throw conflict("payment_not_held", "Only a held payment can be granted or dismissed");

  const resolution = decision.action === "grant" ? await grantResolution(doc, decision, deps) : resolutionOf(decision, deps.now());
  if (!(await deps.payments.beginResolution(doc, resolution, deps.now()))) {
    // Another admin decided at the same moment: the same decision is theirs, finished here too.
    const current = await reload();
    if (!current.resolution || !sameDecision(current.resolution, decision)) {
      throw conflict("payment_already_resolved", "Another decision about this payment was made at the same time");
    }
    await carryOut(current, current.resolution, deps);
    return { payment: await reload(), duplicate: true, audit: auditOf(current, current.resolution) };
  }
  await carryOut(doc, resolution, deps);
  log.info("held_payment_resolved", {
    provider: doc.provider,
    paymentId: doc.payment_id,
    action: resolution.action,
    uid: resolution.uid,
    sku: resolution.sku,
    actor: resolution.actor,
  });
  return { payment: await reload(), duplicate: false, audit: auditOf(doc, resolution) };
}

function resolutionOf(decision: Decision, at: Date, grant?: { uid: string; sku: string; credits: number }): PaymentResolution {
  return { action: decision.action, ...grant, actor: decision.actor, reason: decision.reason, request_id: decision.requestId, at };
}

const auditOf = (doc: PaymentDoc, resolution: PaymentResolution) => ({
  id: auditIdFor(doc, "resolution"),
  action: resolution.action === "grant" ? "payments.held_granted" : "payments.held_dismissed",
  resolution,
});

function sameDecision(recorded: PaymentResolution, decision: Decision): boolean {
  if (recorded.action !== decision.action) return false;
  return (
    recorded.action === "dismiss" || ((decision.uid ?? recorded.uid) === recorded.uid && (decision.sku ?? recorded.sku) === recorded.sku)
  );
}

async function grantResolution(doc: PaymentDoc, decision: Decision, deps: ResolveDeps): Promise<PaymentResolution> {
  const uid = decision.uid ?? doc.uid;
  const sku = decision.sku ?? doc.sku;
  const missing = (field: string, message: string) =>
    new HttpError(400, "validation_failed", `Invalid request: body.${field}`, {
      details: { fields: [{ field: `body.${field}`, code: "required", message }] },
    });
  if (!uid) throw missing("uid", "the payment names no user we trust: say whom to credit");
  const item = sku ? findSku(sku) : undefined;
  if (!item) throw missing("sku", "the payment was not priced as one of our skus: say what to credit");
  if (doc.status === "disputed") throw conflict("payment_disputed", "The payment is disputed: there is nothing to grant");
  if (doc.refunded_amount >= doc.amount) throw conflict("payment_refunded", "The payment was refunded in full: there is nothing to grant");
  if (!(await deps.userExists(uid))) throw new HttpError(404, "not_found", "User not found");
  return resolutionOf(decision, deps.now(), { uid, sku: item.sku, credits: item.credits });
}

/** Every step is idempotent: finishing a decision twice changes nothing the first time did not. */
async function carryOut(doc: PaymentDoc, resolution: PaymentResolution, deps: ResolveDeps): Promise<void> {
  const now = deps.now();
  if (resolution.action === "dismiss") {
    await deps.payments.finishDismiss(doc, now);
    return;
  }
  // The payer is known to be the beneficiary only when an admin credits the user our own records named.
  const payer = resolution.uid === doc.uid && !!doc.attributed_by && doc.attributed_by !== "admin" && doc.payer_is_beneficiary !== false;
  await deps.payments.finishGrant(
    doc,
    { uid: resolution.uid!, sku: resolution.sku!, credits: resolution.credits!, payer_is_beneficiary: payer },
    now,
  );
  const payment = (await deps.payments.reload(doc))!;
  const meta = { request_id: resolution.request_id, resolved_by: resolution.actor };
  await creditPayment(payment, { actor: resolution.actor, meta }, resolution.at, deps);
  await reverseRefunds(payment, meta, { ...deps, afterEffect: () => undefined });
}
