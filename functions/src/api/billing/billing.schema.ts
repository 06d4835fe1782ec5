import { z } from "zod";
import { allSkus, CreditPack, Currency, Tier, TierId } from "../../core/billing/catalog";
import { PROVIDERS, SUBSCRIPTION_STATUSES } from "../../core/payments/payment-event";
import { CheckoutResult } from "../../core/payments/payment-provider";

// core/ declares these without OpenAPI names; they are named where the API exposes them.
export const TiersResponse = z
  .object({
    tiers: z.array(Tier.meta({ id: "Tier" })),
    creditPacks: z.array(CreditPack.meta({ id: "CreditPack" })),
    currencies: z.array(Currency),
  })
  .meta({ id: "TiersResponse" });
export type TiersResponse = z.infer<typeof TiersResponse>;

export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, _ or -");

export const CheckoutInput = z
  .strictObject({
    provider: z.enum(PROVIDERS),
    sku: z.enum(allSkus() as [string, ...string[]]),
    /** Repeating a request with the same key returns the same checkout instead of a new one. */
    idempotencyKey: IdempotencyKey.optional(),
  })
  .meta({ id: "CheckoutInput" });
export type CheckoutInput = z.infer<typeof CheckoutInput>;

export const CheckoutResponse = CheckoutResult.meta({ id: "CheckoutResponse" });

export const SubscriptionView = z
  .object({
    provider: z.enum(PROVIDERS),
    subscriptionId: z.string(),
    sku: z.string().nullable(),
    tier: TierId.nullable(),
    status: z.enum(SUBSCRIPTION_STATUSES),
    currentPeriodEnd: z.iso.datetime().nullable(),
    cancelAtPeriodEnd: z.boolean(),
  })
  .meta({ id: "SubscriptionView" });
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const SubscriptionResponse = z
  .object({
    subscription: SubscriptionView.nullable(),
    /** The plan the user is on now (from their profile): "free" without a paid subscription. */
    tier: TierId,
  })
  .meta({ id: "SubscriptionResponse" });
export type SubscriptionResponse = z.infer<typeof SubscriptionResponse>;

export const CancelSubscriptionResponse = z.object({ subscription: SubscriptionView }).meta({ id: "CancelSubscriptionResponse" });
export type CancelSubscriptionResponse = z.infer<typeof CancelSubscriptionResponse>;

export const PortalInput = z
  .strictObject({
    /** Where the portal's "return" link leads; defaults to the app's billing page. */
    returnUrl: z
      .url({ protocol: /^https$/, error: "must be an https URL" })
      .max(2000)
      .optional(),
  })
  .meta({ id: "PortalInput" });
export type PortalInput = z.infer<typeof PortalInput>;

export const PortalResponse = z.object({ url: z.string() }).meta({ id: "PortalResponse" });
export type PortalResponse = z.infer<typeof PortalResponse>;
