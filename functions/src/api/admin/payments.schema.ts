import { z } from "zod";
import { allSkus } from "../../core/billing/catalog";
import { EntityId } from "../../core/access/entity-id";
import { PROVIDERS } from "../../core/payments/payment-event";
import { DisplayText, Uid, PageCursor } from "../../platform/common-schemas";

export const PaymentQueueQuery = z.strictObject({
  /** held: nothing granted, waiting for an admin; review: a chargeback whose payer may not be the beneficiary; dismissed: held payments an admin dismissed. */
  state: z.enum(["held", "review", "dismissed"]).default("held"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: PageCursor.optional(),
});
export type PaymentQueueQuery = z.infer<typeof PaymentQueueQuery>;

export const PaymentIdParams = z.strictObject({ paymentId: EntityId });
export type PaymentIdParams = z.infer<typeof PaymentIdParams>;

export const AdminPaymentView = z
  .object({
    /** Our id of the payment (use it to resolve it). */
    id: z.string(),
    provider: z.enum(PROVIDERS),
    /** The provider's id of the payment (Stripe payment intent or invoice, Razorpay payment, Paddle transaction). */
    providerPaymentId: z.string(),
    state: z.enum(["granted", "held", "dismissed"]),
    /** Why it was held (unattributable, unknown price, amount or currency not the catalogue's, sources disagreeing). */
    holdReason: z.string().nullable(),
    /** The beneficiary from our records (null when nothing we trust names one). */
    uid: z.string().nullable(),
    sku: z.string().nullable(),
    credits: z.number().int(),
    /** Minor units charged, and the currency. */
    amount: z.number().int(),
    currency: z.string(),
    status: z.enum(["paid", "partially_refunded", "refunded", "disputed"]),
    refundedAmount: z.number().int(),
    /** What fields a buyer's browser can set claimed (Razorpay payment notes, Paddle custom_data): evidence, not fact. */
    claimed: z.object({ uid: z.string().nullable(), sku: z.string().nullable() }).nullable(),
    attributedBy: z.enum(["checkout", "subscription", "metadata", "admin"]).nullable(),
    payerIsBeneficiary: z.boolean(),
    subscriptionId: z.string().nullable(),
    review: z
      .object({
        reason: z.string(),
        at: z.iso.datetime(),
        closedAt: z.iso.datetime().nullable(),
        closedBy: z.string().nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    resolution: z
      .object({
        action: z.enum(["grant", "dismiss"]),
        uid: z.string().nullable(),
        sku: z.string().nullable(),
        actor: z.string(),
        reason: z.string(),
        at: z.iso.datetime(),
      })
      .nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "AdminPaymentView" });
export type AdminPaymentView = z.infer<typeof AdminPaymentView>;

export const AdminPaymentList = z
  .object({ payments: z.array(AdminPaymentView), nextCursor: z.string().nullable() })
  .meta({ id: "AdminPaymentList" });

export const ResolvePaymentInput = z
  .strictObject({
    /** grant: apply the payment's credits to `uid` (a held payment); dismiss: grant nothing (a held payment), or close a review. */
    action: z.enum(["grant", "dismiss"]),
    /** Whom to credit; defaults to the beneficiary our records name. */
    uid: Uid.optional(),
    /** What to credit; defaults to the sku the payment was priced as. */
    sku: z.enum(allSkus() as [string, ...string[]]).optional(),
    reason: DisplayText(500).pipe(z.string().min(3, "say why (at least 3 characters)")),
  })
  .meta({ id: "ResolvePaymentInput" });
export type ResolvePaymentInput = z.infer<typeof ResolvePaymentInput>;

export const ResolvePaymentResponse = z
  .object({
    payment: AdminPaymentView,
    /** True when this decision had already been made: nothing changed this time. */
    duplicate: z.boolean(),
  })
  .meta({ id: "ResolvePaymentResponse" });
