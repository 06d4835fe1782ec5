import type { PaymentProvider } from "./payment-provider";
import type { ProviderName } from "./payment-event";

/**
 * Chooses the adapter by provider name; handlers reach it through `services.payments(name)`. Each
 * adapter module (and the vendor SDK it loads) is imported on first use only, so a function never
 * pays for providers it does not call.
 */
const adapters: Record<ProviderName, () => Promise<PaymentProvider>> = {
  stripe: () => import("./providers/stripe-provider").then((m) => new m.StripeProvider()),
  razorpay: () => import("./providers/razorpay-provider").then((m) => new m.RazorpayProvider()),
  paddle: () => import("./providers/paddle-provider").then((m) => new m.PaddleProvider()),
};

const instances = new Map<ProviderName, Promise<PaymentProvider>>();

export function getPaymentProvider(name: ProviderName): Promise<PaymentProvider> {
  let provider = instances.get(name);
  if (!provider) {
    provider = adapters[name]();
    instances.set(name, provider);
    provider.catch(() => instances.delete(name));
  }
  return provider;
}
