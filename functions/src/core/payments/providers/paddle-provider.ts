import type { Environment, Paddle } from "@paddle/paddle-node-sdk";
import type { CatalogItem } from "../../billing/catalog";
import { PADDLE_API_KEY, PADDLE_API_URL, PADDLE_PRICES } from "../../../platform/params";
import { portalUnsupported, type CheckoutRequest, type CheckoutResult, type PaymentProvider } from "../payment-provider";
import { callProvider, networkFailure, type ProviderFailure } from "../provider-call";
import { apiBaseUrl, mappedId, providerTimeoutMs, requiredSecret, skuMapParam } from "../provider-config";

/**
 * Paddle Billing: every sku is a catalog price (PADDLE_PRICES); a checkout is a Transaction opened
 * with Paddle.js or its hosted checkout URL. Paddle is the merchant of record and localises prices
 * itself. The SDK has no timeout and no retries: callProvider bounds each call, and creates (no
 * idempotency keys) are never retried.
 */
export interface PaddleSettings {
  apiKey: string;
  apiUrl?: URL;
  timeoutMs: number;
}

export function paddleSettings(): PaddleSettings {
  return { apiKey: requiredSecret("paddle", PADDLE_API_KEY), apiUrl: apiBaseUrl(PADDLE_API_URL), timeoutMs: providerTimeoutMs() };
}

let cached: { fingerprint: string; client: Promise<Paddle> } | undefined;

function paddleClient(settings: PaddleSettings): Promise<Paddle> {
  const fingerprint = `${settings.apiKey}|${settings.apiUrl ?? ""}`;
  if (cached?.fingerprint !== fingerprint) {
    const client = (async () => {
      const sdk = await import("@paddle/paddle-node-sdk");
      // A non-enum environment is used as the base URL (loopback fakes, local demos).
      const environment = settings.apiUrl
        ? (settings.apiUrl.toString().replace(/\/$/, "") as unknown as Environment)
        : sdk.Environment.production;
      return new sdk.Paddle(settings.apiKey, { environment, logLevel: sdk.LogLevel.none });
    })();
    const entry = { fingerprint, client };
    cached = entry;
    client.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.client;
}

/** Paddle's ApiError carries `type` ("api_error" = Paddle failed, "request_error" = our request), `code` and `detail`. */
export function classifyPaddleError(err: unknown): ProviderFailure {
  const network = networkFailure(err);
  if (network) return network;
  const e = (err ?? {}) as { type?: unknown; code?: unknown; detail?: unknown; message?: string };
  if (typeof e.type === "string" && typeof e.code === "string") {
    return {
      kind: e.type === "api_error" ? "server" : "rejected",
      code: e.code,
      message: typeof e.detail === "string" ? e.detail : e.message,
    };
  }
  // An unreadable reply (an HTML error page, a body without the fields the SDK maps).
  return { kind: "server", message: e.message };
}

export class PaddleProvider implements PaymentProvider {
  readonly name = "paddle" as const;

  constructor(private readonly settings: () => PaddleSettings = paddleSettings) {}

  private async call<T>(operation: string, idempotent: boolean, run: (client: Paddle) => Promise<T>): Promise<T> {
    const settings = this.settings();
    const client = await paddleClient(settings);
    return callProvider({ provider: "paddle", operation, idempotent, classify: classifyPaddleError, deadlineMs: settings.timeoutMs }, () =>
      run(client),
    );
  }

  private priceId(item: CatalogItem): string {
    return mappedId("paddle", skuMapParam("paddle", PADDLE_PRICES), PADDLE_PRICES.name, item.sku);
  }

  assertSellable(item: CatalogItem): void {
    this.priceId(item);
  }

  async ensureCustomer(): Promise<undefined> {
    return undefined;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutResult> {
    const priceId = this.priceId(request.item);
    const transaction = await this.call("transaction.create", false, (paddle) =>
      paddle.transactions.create({
        items: [{ priceId, quantity: 1 }],
        customData: { uid: request.uid, sku: request.item.sku },
        ...(request.customerId && { customerId: request.customerId }),
      }),
    );
    return { provider: "paddle", kind: "paddle_transaction", transactionId: transaction.id, url: transaction.checkout?.url ?? undefined };
  }

  async cancelSubscription(subscriptionId: string, _options: { atPeriodEnd: true }): Promise<void> {
    await this.call("subscription.cancel_next_period", true, (paddle) =>
      paddle.subscriptions.cancel(subscriptionId, { effectiveFrom: "next_billing_period" }),
    );
  }

  async createPortalSession(): Promise<{ url: string }> {
    throw portalUnsupported("paddle");
  }
}
