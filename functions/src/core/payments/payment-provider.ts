import { z } from "zod";
import { HttpError } from "../../platform/http-error";
import type { CatalogItem } from "../billing/catalog";
import type { ProviderName } from "./payment-event";

/**
 * What the apps need to send the buyer to the provider's checkout, per provider and kind. The
 * provider object behind it (its id) is recorded with the buyer and the sku in `checkouts`, which is
 * how webhooks find the buyer; the uid and sku our server also puts in Stripe metadata and Razorpay
 * notes (secret key only) are the fallback, and Paddle's custom_data only a label for its dashboard.
 */
export const CheckoutResult = z.discriminatedUnion("kind", [
  z.object({ provider: z.literal("stripe"), kind: z.literal("redirect"), id: z.string(), url: z.string() }),
  z.object({
    provider: z.literal("razorpay"),
    kind: z.literal("razorpay_order"),
    orderId: z.string(),
    /** The public key id Razorpay Checkout is opened with. */
    keyId: z.string(),
    /** Paise. */
    amount: z.number().int().positive(),
    currency: z.literal("INR"),
  }),
  z.object({
    provider: z.literal("razorpay"),
    kind: z.literal("razorpay_subscription"),
    subscriptionId: z.string(),
    keyId: z.string(),
    shortUrl: z.string().optional(),
  }),
  z.object({ provider: z.literal("paddle"), kind: z.literal("paddle_transaction"), transactionId: z.string(), url: z.string().optional() }),
]);
export type CheckoutResult = z.infer<typeof CheckoutResult>;

export interface CheckoutRequest {
  uid: string;
  email?: string;
  item: CatalogItem;
  /** The provider's customer for this user, when it has one. */
  customerId?: string;
  /** Sent to providers that deduplicate creates (Stripe); the same key yields the same object. */
  idempotencyKey: string;
}

/**
 * One payment provider, as the billing endpoints use it. Adapters (providers/*-provider.ts) wrap each
 * vendor's SDK and turn every vendor failure into an HttpError: 502 `payment_provider_error` for a
 * failed or rejected call, 503 `payment_provider_unconfigured` for missing keys or price ids.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  /**
   * Throws unless this provider can sell the item as configured: 400 `currency_unsupported` (e.g. no
   * INR price for Razorpay) or 503 `payment_provider_unconfigured` (no price/plan id). Makes no call.
   */
  assertSellable(item: CatalogItem): void;
  /**
   * Creates the provider's customer for a user, for providers whose checkout and portal need one;
   * the others return undefined. Repeated calls for one uid return the same customer while the
   * provider remembers the idempotency key; callers remember the id (billing_customers).
   */
  ensureCustomer(who: { uid: string; email?: string }): Promise<string | undefined>;
  createCheckout(request: CheckoutRequest): Promise<CheckoutResult>;
  /** Stops renewal at the end of the paid period; the provider's webhook confirms it. */
  cancelSubscription(subscriptionId: string, options: { atPeriodEnd: true }): Promise<void>;
  /** A self-service billing portal session (Stripe); others throw 400 `portal_unsupported`. */
  createPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }>;
}

export const portalUnsupported = (provider: ProviderName) =>
  new HttpError(400, "portal_unsupported", `${provider} has no customer portal; manage the subscription in the app`);
