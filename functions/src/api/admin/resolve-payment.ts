import { toObjectId } from "../../core/access/to-object-id";
import { resolvePayment as resolve } from "../../core/payments/held-payments";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { findAuthUser } from "./get-user";
import { toAdminPaymentView } from "./payment-view";
import type { PaymentIdParams, ResolvePaymentInput } from "./payments.schema";
import { recordEvent } from "../../core/events/record-event";

/**
 * Grants or dismisses a held payment, or closes a payment's review (dismiss); audited once per
 * decision, idempotent: the same decision again answers `duplicate: true`, another one 409.
 */
export async function resolvePayment(ctx: OperationContext<PaymentIdParams, unknown, ResolvePaymentInput>) {
  const paymentId = toObjectId(ctx.params.paymentId, "Payment");
  const payments = await ctx.services.store("payments");
  const doc = await payments.byId(paymentId);
  if (!doc) throw notFound("Payment");
  const auth = await ctx.services.auth();
  const result = await resolve(
    doc,
    { ...ctx.body, actor: ctx.caller.uid, requestId: ctx.requestId },
    {
      payments,
      ledger: await ctx.services.ledger(),
      now: () => ctx.services.now(),
      userExists: async (uid) => !!(await findAuthUser(auth, uid)),
      facts: (event) => recordEvent(ctx.services, event),
    },
  );
  if (result.audit) {
    const { resolution } = result.audit;
    await (
      await ctx.services.store("auditLog")
    ).recordOnce(result.audit.id, {
      action: result.audit.action,
      actor_uid: resolution.actor,
      ...(result.payment.uid ? { target_uid: result.payment.uid } : {}),
      request_id: resolution.request_id,
      reason: resolution.reason,
      data: {
        payment: doc._id!.toHexString(),
        provider: doc.provider,
        provider_payment_id: doc.payment_id,
        ...("action" in resolution ? { uid: resolution.uid, sku: resolution.sku, credits: resolution.credits } : {}),
      },
      at: ctx.services.now(),
    });
  }
  return { payment: toAdminPaymentView(result.payment), duplicate: result.duplicate };
}
