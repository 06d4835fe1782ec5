import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import { toAdminPaymentView } from "./payment-view";
import type { PaymentQueueQuery } from "./payments.schema";

/**
 * An admin queue of payments, newest first, cursor-paginated over (created_at, _id): held payments
 * (nothing granted, waiting for a decision), chargebacks in review, dismissed payments.
 */
export async function listPayments(ctx: OperationContext<unknown, PaymentQueueQuery>) {
  const { state, limit, cursor } = ctx.query;
  const after = cursor ? decodeTimeCursor(cursor) : undefined;
  const page = await (await ctx.services.store("payments")).list(state, limit + 1, after);
  const payments = page.slice(0, limit);
  const last = payments[payments.length - 1];
  return {
    payments: payments.map(toAdminPaymentView),
    nextCursor: page.length > limit && last ? encodeTimeCursor(last.created_at, last._id!) : null,
  };
}
