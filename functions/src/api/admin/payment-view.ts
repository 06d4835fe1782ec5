import type { PaymentDoc } from "../../core/payments/payments-store";
import type { AdminPaymentView } from "./payments.schema";

export function toAdminPaymentView(doc: PaymentDoc): AdminPaymentView {
  return {
    id: doc._id!.toHexString(),
    provider: doc.provider,
    providerPaymentId: doc.payment_id,
    state: doc.state ?? "granted",
    holdReason: doc.hold_reason ?? null,
    uid: doc.uid ?? null,
    sku: doc.sku ?? null,
    credits: doc.credits,
    amount: doc.amount,
    currency: doc.currency,
    status: doc.status,
    refundedAmount: doc.refunded_amount,
    claimed: doc.claimed ? { uid: doc.claimed.uid ?? null, sku: doc.claimed.sku ?? null } : null,
    attributedBy: doc.attributed_by ?? null,
    payerIsBeneficiary: doc.payer_is_beneficiary !== false,
    subscriptionId: doc.subscription_id ?? null,
    review: doc.review
      ? {
          reason: doc.review.reason,
          at: doc.review.at.toISOString(),
          closedAt: doc.review.closed_at?.toISOString() ?? null,
          closedBy: doc.review.closed_by ?? null,
          note: doc.review.note ?? null,
        }
      : null,
    resolution: doc.resolution
      ? {
          action: doc.resolution.action,
          uid: doc.resolution.uid ?? null,
          sku: doc.resolution.sku ?? null,
          actor: doc.resolution.actor,
          reason: doc.resolution.reason,
          at: doc.resolution.at.toISOString(),
        }
      : null,
    createdAt: doc.created_at.toISOString(),
  };
}
