import { createHash } from "node:crypto";
import type Razorpay from "razorpay";
import { priceIn, type CatalogItem } from "../../billing/catalog";
import { RAZORPAY_API_URL, RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, RAZORPAY_PLANS } from "../../../platform/params";
import { portalUnsupported, type CheckoutRequest, type CheckoutResult, type PaymentProvider } from "../payment-provider";
import { callProvider, networkFailure, type ProviderFailure } from "../provider-call";
import { apiBaseUrl, currencyUnsupported, mappedId, providerTimeoutMs, requiredSecret, skuMapParam } from "../provider-config";

/**
 * Razorpay: credit packs are Orders paid with Razorpay Checkout, tiers are Subscriptions on a plan.
 * Razorpay sells in INR only here. Its API takes no idempotency keys, so creates are never retried:
 * a retry after a lost answer would make a second order.
 */
export interface RazorpaySettings {
  keyId: string;
  keySecret: string;
  apiUrl?: URL;
  timeoutMs: number;
}

export function razorpaySettings(): RazorpaySettings {
  return {
    keyId: requiredSecret("razorpay", RAZORPAY_KEY_ID),
    keySecret: requiredSecret("razorpay", RAZORPAY_KEY_SECRET),
    apiUrl: apiBaseUrl(RAZORPAY_API_URL),
    timeoutMs: providerTimeoutMs(),
  };
}

/** Renewals until the subscription ends by itself: ten years of monthly periods. */
export const RAZORPAY_SUBSCRIPTION_PERIODS = 120;

/** The SDK's axios instance: the only way to set a base URL and a timeout. */
interface AxiosLike {
  defaults: { baseURL?: string; timeout?: number };
  interceptors: { response: { use(onOk: undefined, onError: (err: unknown) => unknown): void } };
}

let cached: { fingerprint: string; client: Promise<Razorpay> } | undefined;

function razorpayClient(settings: RazorpaySettings): Promise<Razorpay> {
  const fingerprint = `${settings.keyId}|${settings.keySecret}|${settings.apiUrl ?? ""}|${settings.timeoutMs}`;
  if (cached?.fingerprint !== fingerprint) {
    const client = (async () => {
      const { default: RazorpaySdk } = await import("razorpay");
      const sdk = new RazorpaySdk({ key_id: settings.keyId, key_secret: settings.keySecret });
      const rq = (sdk.api as unknown as { rq: AxiosLike }).rq;
      if (settings.apiUrl) rq.defaults.baseURL = settings.apiUrl.toString().replace(/\/$/, "");
      rq.defaults.timeout = settings.timeoutMs;
      // The SDK reads err.response.status on every failure; without a response (timeout, refused)
      // that throws a bare TypeError. Give it a response that keeps the cause.
      rq.interceptors.response.use(undefined, (err) => {
        const e = err as { response?: unknown; code?: string; message?: string };
        if (e?.response) return Promise.reject(err);
        return Promise.reject({ response: { status: 0, data: { error: { code: e?.code ?? "NETWORK_ERROR", description: e?.message } } } });
      });
      return sdk;
    })();
    const entry = { fingerprint, client };
    cached = entry;
    client.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.client;
}

/** Razorpay rejects with plain objects `{ statusCode, error: { code, description } }`. */
export function classifyRazorpayError(err: unknown): ProviderFailure {
  const network = networkFailure(err);
  if (network) return network;
  const e = (err ?? {}) as { statusCode?: number | string; error?: { code?: string; description?: string } };
  const status = Number(e.statusCode);
  const code = e.error?.code;
  const message = e.error?.description;
  if (status === 0) return { kind: code === "ECONNABORTED" || code === "ETIMEDOUT" ? "timeout" : "network", code, message };
  if (!Number.isFinite(status) || status >= 500)
    return { kind: "server", status: Number.isFinite(status) ? status : undefined, code, message };
  return { kind: "rejected", status, code, message };
}

/** Razorpay's receipt (≤ 40 characters), derived from the checkout's idempotency key. */
export function razorpayReceipt(idempotencyKey: string): string {
  return `pf_${createHash("sha256").update(idempotencyKey).digest("base64url").slice(0, 32)}`;
}

export class RazorpayProvider implements PaymentProvider {
  readonly name = "razorpay" as const;

  constructor(private readonly settings: () => RazorpaySettings = razorpaySettings) {}

  private async call<T>(
    operation: string,
    idempotent: boolean,
    run: (client: Razorpay, settings: RazorpaySettings) => Promise<T>,
  ): Promise<T> {
    const settings = this.settings();
    const client = await razorpayClient(settings);
    return callProvider({ provider: "razorpay", operation, idempotent, classify: classifyRazorpayError }, () => run(client, settings));
  }

  assertSellable(item: CatalogItem): void {
    if (!priceIn(item, "INR")) throw currencyUnsupported("razorpay", item.sku, "INR");
    if (item.kind === "subscription") mappedId("razorpay", skuMapParam("razorpay", RAZORPAY_PLANS), RAZORPAY_PLANS.name, item.sku);
  }

  async ensureCustomer(): Promise<undefined> {
    return undefined;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutResult> {
    const { item, uid } = request;
    this.assertSellable(item);
    const notes = { uid, sku: item.sku };
    if (item.kind === "subscription") {
      const planId = mappedId("razorpay", skuMapParam("razorpay", RAZORPAY_PLANS), RAZORPAY_PLANS.name, item.sku);
      const { subscription, keyId } = await this.call("subscription.create", false, async (client, settings) => ({
        subscription: await client.subscriptions.create({
          plan_id: planId,
          total_count: RAZORPAY_SUBSCRIPTION_PERIODS,
          quantity: 1,
          customer_notify: 1,
          notes,
        }),
        keyId: settings.keyId,
      }));
      return {
        provider: "razorpay",
        kind: "razorpay_subscription",
        subscriptionId: subscription.id,
        keyId,
        shortUrl: subscription.short_url || undefined,
      };
    }
    const amount = priceIn(item, "INR")!.unitAmount;
    const { order, keyId } = await this.call("order.create", false, async (client, settings) => ({
      order: await client.orders.create({ amount, currency: "INR", receipt: razorpayReceipt(request.idempotencyKey), notes }),
      keyId: settings.keyId,
    }));
    return { provider: "razorpay", kind: "razorpay_order", orderId: order.id, keyId, amount, currency: "INR" };
  }

  async cancelSubscription(subscriptionId: string, _options: { atPeriodEnd: true }): Promise<void> {
    await this.call("subscription.cancel_at_cycle_end", true, (client) => client.subscriptions.cancel(subscriptionId, true));
  }

  async createPortalSession(): Promise<{ url: string }> {
    throw portalUnsupported("razorpay");
  }
}
