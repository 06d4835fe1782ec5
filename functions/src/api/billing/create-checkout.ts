import { createHash } from "node:crypto";
import { findSku, priceIn } from "../../core/billing/catalog";
import { providerIdsOf, type CheckoutDoc } from "../../core/payments/checkouts-store";
import type { CheckoutResult } from "../../core/payments/payment-provider";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { CheckoutInput } from "./billing.schema";

type Replayable = Pick<CheckoutDoc, "provider" | "sku" | "result">;

// Keyed requests arriving together in this instance share one provider call.
const inFlight = new Map<string, Promise<Replayable>>();

/**
 * Starts a checkout at the chosen provider for a credit pack or a tier subscription. Nothing is
 * written locally unless the provider call succeeded: then the user's provider customer (if new)
 * and the checkout itself — the record payment webhooks attribute the payment by (buyer, sku,
 * provider object ids, price) — keyed by the client's idempotency key, so a repeat returns the same
 * object, or by a server key when the client sent none.
 */
export async function createCheckout(ctx: OperationContext<unknown, unknown, CheckoutInput>): Promise<CheckoutResult> {
  const { uid, email } = ctx.caller;
  const { provider: providerName, sku, idempotencyKey } = ctx.body;
  const checkouts = await ctx.services.store("checkouts");
  if (idempotencyKey) {
    const prior = await checkouts.find(uid, idempotencyKey);
    if (prior) return replay(prior, ctx.body);
  }

  const item = findSku(sku);
  if (!item) throw new HttpError(400, "unknown_sku", `No product ${sku}`);
  const provider = await ctx.services.payments(providerName);
  provider.assertSellable(item);

  const create = async (): Promise<Replayable> => {
    const customers = await ctx.services.store("billingCustomers");
    const customer = await customers.resolve(provider, { uid, email });
    const serverKey = ctx.services.newId();
    const result = await provider.createCheckout({
      uid,
      email,
      item,
      customerId: customer.id,
      idempotencyKey: idempotencyKey ? providerKey(uid, ctx.body) : serverKey,
    });
    const now = ctx.services.now();
    if (customer.id && !customer.known) {
      const recorded = await customers.remember(uid, providerName, customer.id, now);
      if (recorded !== customer.id) log.warn("billing_customer_superseded", { provider: providerName, uid, used: customer.id, recorded });
    }
    const price = priceIn(item, providerName === "razorpay" ? "INR" : "USD");
    const saved = await checkouts.save({
      uid,
      idempotency_key: idempotencyKey ?? `server:${serverKey}`,
      provider: providerName,
      sku,
      provider_ids: providerIdsOf(result),
      ...(customer.id ? { customer_id: customer.id } : {}),
      price: price ? { amount: price.unitAmount, currency: price.currency } : null,
      result,
      created_at: now,
    });
    log.info("checkout_created", { provider: providerName, kind: result.kind, sku, uid, requestId: ctx.requestId });
    return saved;
  };

  if (!idempotencyKey) return (await create()).result;
  const flightKey = `${uid}:${idempotencyKey}`;
  let pending = inFlight.get(flightKey);
  if (!pending) {
    pending = create().finally(() => inFlight.delete(flightKey));
    inFlight.set(flightKey, pending);
  }
  return replay(await pending, ctx.body);
}

/** A stored checkout answers a repeat of the same request; the key reused for another one is a conflict. */
function replay(stored: Replayable, body: CheckoutInput): CheckoutResult {
  if (stored.provider !== body.provider || stored.sku !== body.sku) {
    throw new HttpError(409, "idempotency_key_reused", "This idempotency key was used for another checkout; use a new key");
  }
  return stored.result;
}

/** The provider's idempotency key for a client key: the same request always maps to the same key. */
function providerKey(uid: string, body: CheckoutInput): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([uid, body.idempotencyKey, body.provider, body.sku]))
    .digest("base64url");
  return `checkout:${digest}`;
}
