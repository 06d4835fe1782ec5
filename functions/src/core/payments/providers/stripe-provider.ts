import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { priceIn, type CatalogItem } from "../../billing/catalog";
import { CHECKOUT_CANCEL_URL, CHECKOUT_SUCCESS_URL, STRIPE_API_URL, STRIPE_PRICES, STRIPE_SECRET_KEY } from "../../../platform/params";
import type { CheckoutRequest, CheckoutResult, PaymentProvider } from "../payment-provider";
import { callProvider, providerError, type ProviderFailure } from "../provider-call";
import { apiBaseUrl, currencyUnsupported, mappedId, providerTimeoutMs, requiredSecret, skuMapParam, stringParam } from "../provider-config";

/**
 * Stripe: hosted Checkout Sessions (packs in mode "payment", tiers in mode "subscription"), one
 * customer per user, the customer portal. Every create carries an idempotency key, so every call
 * may be retried once.
 */
export interface StripeSettings {
  secretKey: string;
  apiUrl?: URL;
  timeoutMs: number;
}

export function stripeSettings(): StripeSettings {
  return { secretKey: requiredSecret("stripe", STRIPE_SECRET_KEY), apiUrl: apiBaseUrl(STRIPE_API_URL), timeoutMs: providerTimeoutMs() };
}

let cached: { fingerprint: string; client: Promise<Stripe> } | undefined;

/** One SDK client per instance and settings, created on first use (the SDK loads only then). */
export function stripeClient(settings: StripeSettings): Promise<Stripe> {
  const fingerprint = `${settings.secretKey}|${settings.apiUrl ?? ""}|${settings.timeoutMs}`;
  if (cached?.fingerprint !== fingerprint) {
    const client = (async () => {
      const { default: StripeSdk } = await import("stripe");
      const url = settings.apiUrl;
      return new StripeSdk(settings.secretKey, {
        // Our own bounded retry (callProvider) replaces the SDK's.
        maxNetworkRetries: 0,
        timeout: settings.timeoutMs,
        appInfo: { name: "promptforge" },
        ...(url && {
          host: url.hostname,
          port: url.port || (url.protocol === "http:" ? 80 : 443),
          protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const),
        }),
      });
    })();
    const entry = { fingerprint, client };
    cached = entry;
    client.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.client;
}

export function classifyStripeError(err: unknown): ProviderFailure {
  const e = (err ?? {}) as { type?: string; statusCode?: number; code?: string; message?: string };
  if (e.type === "StripeConnectionError") return { kind: /timeout/i.test(e.message ?? "") ? "timeout" : "network", message: e.message };
  const status = e.statusCode;
  // 409: another request with the same idempotency key is in flight; Stripe asks to retry.
  if (status === undefined || status >= 500 || status === 409) return { kind: "server", status, code: e.code, message: e.message };
  return { kind: "rejected", status, code: e.code, message: e.message };
}

export function withCheckoutSessionId(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`;
}

export class StripeProvider implements PaymentProvider {
  readonly name = "stripe" as const;

  constructor(private readonly settings: () => StripeSettings = stripeSettings) {}

  private async call<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
    const stripe = await stripeClient(this.settings());
    return callProvider({ provider: "stripe", operation, idempotent: true, classify: classifyStripeError }, () => run(stripe));
  }

  /** The Stripe price id for the sku, if STRIPE_PRICES maps it (tiers need one; packs may use inline prices). */
  private priceId(item: CatalogItem): string | undefined {
    const prices = skuMapParam("stripe", STRIPE_PRICES);
    return item.kind === "subscription" ? mappedId("stripe", prices, STRIPE_PRICES.name, item.sku) : prices[item.sku] || undefined;
  }

  assertSellable(item: CatalogItem): void {
    if (!this.priceId(item) && !priceIn(item, "USD")) throw currencyUnsupported("stripe", item.sku, "USD");
  }

  async ensureCustomer(who: { uid: string; email?: string }): Promise<string> {
    const customer = await this.call("customer.create", (stripe) =>
      stripe.customers.create({ email: who.email, metadata: { uid: who.uid } }, { idempotencyKey: `customer:${who.uid}` }),
    );
    return customer.id;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutResult> {
    const { item, uid } = request;
    this.assertSellable(item);
    const metadata = { uid, sku: item.sku };
    const priceId = this.priceId(item);
    const usd = priceIn(item, "USD");
    const lineItem: Stripe.Checkout.SessionCreateParams.LineItem = priceId
      ? { price: priceId, quantity: 1 }
      : {
          price_data: { currency: "usd", unit_amount: usd!.unitAmount, product_data: { name: item.name, metadata: { sku: item.sku } } },
          quantity: 1,
        };
    const params: Stripe.Checkout.SessionCreateParams = {
      line_items: [lineItem],
      client_reference_id: uid,
      metadata,
      success_url: withCheckoutSessionId(stringParam(CHECKOUT_SUCCESS_URL)),
      cancel_url: stringParam(CHECKOUT_CANCEL_URL),
      ...(request.customerId ? { customer: request.customerId } : { customer_email: request.email }),
      ...(item.kind === "subscription"
        ? { mode: "subscription", subscription_data: { metadata } }
        : { mode: "payment", payment_intent_data: { metadata } }),
    };
    const session = await this.call("checkout_session.create", (stripe) =>
      stripe.checkout.sessions.create(params, { idempotencyKey: request.idempotencyKey }),
    );
    if (!session.url) throw providerError({ kind: "server", message: `checkout session ${session.id} has no url` });
    return { provider: "stripe", kind: "redirect", id: session.id, url: session.url };
  }

  async cancelSubscription(subscriptionId: string, _options: { atPeriodEnd: true }): Promise<void> {
    const idempotencyKey = randomUUID();
    await this.call("subscription.cancel_at_period_end", (stripe) =>
      stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }, { idempotencyKey }),
    );
  }

  async createPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }> {
    const idempotencyKey = randomUUID();
    const session = await this.call("portal_session.create", (stripe) =>
      stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }, { idempotencyKey }),
    );
    return { url: session.url };
  }
}
