import { stringParam } from "../../core/payments/provider-config";
import { getConfig } from "../../platform/config";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import { CHECKOUT_SUCCESS_URL } from "../../platform/params";
import type { PortalInput, PortalResponse } from "./billing.schema";

/** The app's billing page: the portal's default way back (same site as the checkout success page). */
export function defaultReturnUrl(): string {
  return new URL("/billing", stringParam(CHECKOUT_SUCCESS_URL)).toString();
}

/**
 * A Stripe customer portal session for the caller (invoices, payment methods, plan changes); the
 * user's Stripe customer is created first if they have none, and recorded once the portal exists.
 */
export async function createPortalSession(ctx: OperationContext<unknown, unknown, PortalInput>): Promise<PortalResponse> {
  const { uid, email } = ctx.caller;
  const returnUrl = ctx.body.returnUrl ?? defaultReturnUrl();
  // Only our own apps may be the way back: a portal link must not become an open redirect.
  const allowed = [...getConfig().corsOrigins, new URL(defaultReturnUrl()).origin];
  if (!allowed.includes(new URL(returnUrl).origin)) {
    throw new HttpError(400, "validation_failed", "Invalid request: body.returnUrl", {
      details: { fields: [{ field: "body.returnUrl", code: "not_allowed", message: "must be one of our apps' origins" }] },
    });
  }
  const provider = await ctx.services.payments("stripe");
  const customers = await ctx.services.store("billingCustomers");
  const customer = await customers.resolve(provider, { uid, email });
  if (!customer.id) throw new Error("the stripe provider returned no customer");
  const session = await provider.createPortalSession(customer.id, returnUrl);
  if (!customer.known) await customers.remember(uid, "stripe", customer.id, ctx.services.now());
  log.info("portal_session_created", { uid, requestId: ctx.requestId });
  return { url: session.url };
}
