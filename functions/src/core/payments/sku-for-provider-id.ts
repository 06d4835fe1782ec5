import { log } from "../../platform/logger";
import type { ProviderName } from "./payment-event";
import { stringParam } from "./provider-config";

/**
 * The inverse of a sku → provider price/plan id param (STRIPE_PRICES, RAZORPAY_PLANS, PADDLE_PRICES):
 * which sku a price id billed in a webhook payload stands for — what a subscription period and a
 * Paddle transaction are priced as. A malformed param is logged and treated as empty (every such
 * payment is then held for an admin) rather than failing the webhook forever.
 */
export function skuForProviderId(
  provider: ProviderName,
  param: { name: string; value(): string; options: { default?: unknown } },
): (providerId: string | undefined) => string | undefined {
  let inverse: Map<string, string> | undefined;
  return (providerId) => {
    if (!providerId) return undefined;
    if (!inverse) {
      inverse = new Map();
      try {
        const map = JSON.parse(stringParam(param) || "{}") as unknown;
        if (typeof map === "object" && map !== null) {
          for (const [sku, id] of Object.entries(map)) if (typeof id === "string") inverse.set(id, sku);
        }
      } catch {
        log.error("payment_provider_unconfigured", { provider, missing: `${param.name} (not a JSON object of sku → id)` });
      }
    }
    return inverse.get(providerId);
  };
}
