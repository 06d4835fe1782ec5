import { createHmac, randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { Db } from "mongodb";
import { findSku } from "../../functions/src/core/billing/catalog";
import { CheckoutsStore, type CheckoutDoc } from "../../functions/src/core/payments/checkouts-store";
import { startApi, type ApiServer } from "./api-server";
import { useTestDatabase } from "./db";
import type { ApiResponse } from "./http";

/**
 * Provider webhook deliveries for tests: payloads shaped like each provider's (only the fields we
 * read, plus the arrays typed SDK events require), signed the way the provider signs them, at send
 * time (Paddle rejects signatures older than 5 s).
 */
export const SECRETS = {
  stripe: "whsec_test_webhooks",
  razorpay: "rzp_test_webhook_secret",
  paddle: "pdl_ntfset_test_webhook_secret",
} as const;

export type Provider = keyof typeof SECRETS;

/**
 * The provider price / plan ids webhook tests bill (sku → id, as STRIPE_PRICES, RAZORPAY_PLANS and
 * PADDLE_PRICES map them): a superset of the checkout tests' ids. Stripe packs without an id are
 * priced inline (no id in the payload), Razorpay packs are orders.
 */
export const WEBHOOK_PRICE_IDS = {
  stripe: { tier_pro_monthly: "price_pro_fake", tier_team_monthly: "price_team_fake", credits_20000: "price_credits20k_fake" },
  razorpay: { tier_pro_monthly: "plan_pro_fake", tier_team_monthly: "plan_team_fake" },
  paddle: {
    credits_1000: "pri_credits1k_fake",
    credits_5000: "pri_credits5k_fake",
    credits_20000: "pri_credits20k_fake",
    tier_pro_monthly: "pri_pro_fake",
    tier_team_monthly: "pri_team_fake",
  },
} as const;

const priceIdOf = (provider: Provider, sku: string | undefined): string =>
  (sku && (WEBHOOK_PRICE_IDS[provider] as Record<string, string>)[sku]) ||
  `${provider === "razorpay" ? "plan" : provider === "paddle" ? "pri" : "price"}_unmapped`;

/** The catalogue price of a sku in a currency (minor units). */
export const catalogPrice = (sku: string, currency: "USD" | "EUR" | "INR" = "USD"): number =>
  findSku(sku)!.prices.find((p) => p.currency === currency)!.unitAmount;

/** Points the functions at the test secrets (read at run time by `.value()`). */
export function useWebhookSecrets(): void {
  process.env.STRIPE_WEBHOOK_SECRET = SECRETS.stripe;
  process.env.RAZORPAY_WEBHOOK_SECRET = SECRETS.razorpay;
  process.env.PADDLE_WEBHOOK_SECRET = SECRETS.paddle;
}

/** Points the functions' price maps at WEBHOOK_PRICE_IDS (read once per adapter, on its first event). */
export function useWebhookPrices(): void {
  process.env.STRIPE_PRICES = JSON.stringify(WEBHOOK_PRICE_IDS.stripe);
  process.env.RAZORPAY_PLANS = JSON.stringify(WEBHOOK_PRICE_IDS.razorpay);
  process.env.PADDLE_PRICES = JSON.stringify(WEBHOOK_PRICE_IDS.paddle);
}

/**
 * Records a checkout the way billingCheckout does once the provider created its object: what
 * webhooks attribute payments by. `ids`: the provider object ids (session, order, transaction...).
 */
export async function recordCheckout(
  db: Db,
  o: { provider: Provider; uid: string; sku: string; ids: string[]; customerId?: string },
): Promise<CheckoutDoc> {
  const currency = o.provider === "razorpay" ? "INR" : "USD";
  return new CheckoutsStore(db).save({
    uid: o.uid,
    idempotency_key: `server:${randomUUID()}`,
    provider: o.provider,
    sku: o.sku,
    provider_ids: o.ids,
    ...(o.customerId ? { customer_id: o.customerId } : {}),
    price: { amount: catalogPrice(o.sku, currency), currency },
    result: { provider: "paddle", kind: "paddle_transaction", transactionId: o.ids[0] },
    created_at: new Date(),
  });
}

/**
 * A webhook test file's setup: its own database, the demo webhook secrets, and the exported functions
 * served over HTTP. `api.baseUrl` is read after beforeAll has run.
 */
export function useWebhookApi(label: string) {
  const testDb = useTestDatabase(label);
  let server: ApiServer;
  beforeAll(async () => {
    useWebhookSecrets();
    useWebhookPrices();
    server = await startApi();
  });
  afterAll(() => server.close());
  return {
    testDb,
    db: () => testDb.db(),
    get baseUrl() {
      return server.baseUrl;
    },
  };
}

export interface Delivery {
  provider: Provider;
  /** The exact bytes sent and signed. */
  body: string;
  /** Razorpay's event id travels in a header. */
  eventId?: string;
}

export interface SendOptions {
  secret?: string;
  /** Seconds to subtract from the signature's timestamp (stale signatures). */
  ageSeconds?: number;
  /** Sent instead of the signed body (tampering). */
  tamper?: (body: string) => string;
  omitSignature?: boolean;
}

const stripeSdk = new Stripe("sk_test_unused");

export function signatureHeaders(d: Delivery, opts: SendOptions = {}): Record<string, string> {
  const secret = opts.secret ?? SECRETS[d.provider];
  const ts = Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (d.provider === "stripe") {
    if (!opts.omitSignature)
      headers["stripe-signature"] = stripeSdk.webhooks.generateTestHeaderString({ payload: d.body, secret, timestamp: ts });
  } else if (d.provider === "razorpay") {
    if (!opts.omitSignature) headers["x-razorpay-signature"] = createHmac("sha256", secret).update(d.body).digest("hex");
    if (d.eventId) headers["x-razorpay-event-id"] = d.eventId;
  } else if (!opts.omitSignature) {
    headers["paddle-signature"] = `ts=${ts};h1=${createHmac("sha256", secret).update(`${ts}:${d.body}`).digest("hex")}`;
  }
  return headers;
}

/** POSTs one delivery to /webhooks/<provider>, signed now. */
export async function deliver(baseUrl: string, d: Delivery, opts: SendOptions = {}): Promise<ApiResponse> {
  const headers = signatureHeaders(d, opts);
  const res = await fetch(`${baseUrl}/webhooks/${d.provider}`, {
    method: "POST",
    headers,
    body: opts.tamper ? opts.tamper(d.body) : d.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);
const uniq = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 20)}`;

// ---- Stripe -------------------------------------------------------------------------------------

export function stripeEvent(type: string, object: Record<string, unknown>, opts: { id?: string; created?: Date } = {}): Delivery {
  const body = JSON.stringify({
    id: opts.id ?? uniq("evt"),
    object: "event",
    api_version: "2025-10-29.clover",
    created: unix(opts.created ?? new Date()),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
  return { provider: "stripe", body };
}

export function stripeCheckoutPayment(o: {
  uid?: string;
  sku: string;
  paymentIntent: string;
  amount?: number;
  subtotal?: number;
  paid?: boolean;
  sessionId?: string;
  customer?: string;
}) {
  const amount = o.amount ?? 500;
  return {
    id: o.sessionId ?? uniq("cs"),
    object: "checkout.session",
    mode: "payment",
    payment_status: o.paid === false ? "unpaid" : "paid",
    status: "complete",
    amount_subtotal: o.subtotal ?? amount,
    amount_total: amount,
    total_details: { amount_discount: Math.max(0, (o.subtotal ?? amount) - amount), amount_shipping: 0, amount_tax: 0 },
    currency: "usd",
    customer: o.customer ?? null,
    client_reference_id: o.uid ?? null,
    metadata: { ...(o.uid ? { uid: o.uid } : {}), sku: o.sku },
    payment_intent: o.paymentIntent,
    invoice: null,
    subscription: null,
  };
}

export function stripeCheckoutSubscription(o: {
  uid: string;
  sku: string;
  invoice: string;
  subscription: string;
  amount?: number;
  sessionId?: string;
}) {
  const amount = o.amount ?? catalogPrice(o.sku);
  return {
    id: o.sessionId ?? uniq("cs"),
    object: "checkout.session",
    mode: "subscription",
    payment_status: "paid",
    status: "complete",
    amount_subtotal: amount,
    amount_total: amount,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    currency: "usd",
    customer: "cus_test",
    client_reference_id: o.uid,
    metadata: { uid: o.uid, sku: o.sku },
    payment_intent: null,
    invoice: o.invoice,
    subscription: o.subscription,
  };
}

/** An invoice line of API 2025-03-31 and later: the price under `pricing`, the proration flag under `parent`. */
export function stripeInvoiceLine(o: {
  sku?: string;
  priceId?: string;
  amount: number;
  periodStart: Date;
  periodEnd: Date;
  proration?: boolean;
  metadata?: Record<string, string>;
}) {
  return {
    id: uniq("il"),
    object: "line_item",
    amount: o.amount,
    quantity: 1,
    metadata: o.metadata ?? {},
    pricing: { type: "price_details", price_details: { price: o.priceId ?? priceIdOf("stripe", o.sku), product: "prod_test" } },
    parent: {
      type: "subscription_item_details",
      subscription_item_details: { proration: o.proration ?? false, subscription_item: uniq("si") },
    },
    period: { start: unix(o.periodStart), end: unix(o.periodEnd) },
  };
}

export function stripeInvoice(o: {
  id: string;
  uid?: string;
  sku?: string;
  subscription: string;
  periodStart: Date;
  periodEnd: Date;
  amount?: number;
  paymentIntent?: string;
  /** The price billed, when it is not the sku's (a plan changed in the portal). */
  priceId?: string;
  lines?: ReturnType<typeof stripeInvoiceLine>[];
  billingReason?: string;
}) {
  const metadata: Record<string, string> = o.uid ? { uid: o.uid, ...(o.sku ? { sku: o.sku } : {}) } : {};
  const amount = o.amount ?? (o.sku ? catalogPrice(o.sku) : 1900);
  const lines = o.lines ?? [
    stripeInvoiceLine({ sku: o.sku, priceId: o.priceId, amount, periodStart: o.periodStart, periodEnd: o.periodEnd, metadata }),
  ];
  return {
    id: o.id,
    object: "invoice",
    status: "paid",
    amount_paid: amount,
    subtotal: lines.reduce((sum, l) => sum + l.amount, 0),
    total_discount_amounts: [],
    total_taxes: [],
    currency: "usd",
    customer: "cus_test",
    billing_reason: o.billingReason ?? "subscription_cycle",
    period_start: unix(o.periodStart) - 30 * 86_400,
    period_end: unix(o.periodStart),
    parent: { type: "subscription_details", subscription_details: { subscription: o.subscription, metadata } },
    lines: { object: "list", data: lines },
    payments: { object: "list", data: o.paymentIntent ? [{ payment: { type: "payment_intent", payment_intent: o.paymentIntent } }] : [] },
  };
}

export function stripeSubscription(o: {
  id: string;
  uid: string;
  sku: string;
  status: string;
  periodEnd: Date;
  cancelAtPeriodEnd?: boolean;
  priceId?: string;
}) {
  return {
    id: o.id,
    object: "subscription",
    status: o.status,
    customer: "cus_test",
    cancel_at_period_end: o.cancelAtPeriodEnd ?? false,
    metadata: { uid: o.uid, sku: o.sku },
    items: {
      object: "list",
      data: [{ id: uniq("si"), price: { id: o.priceId ?? priceIdOf("stripe", o.sku) }, current_period_end: unix(o.periodEnd) }],
    },
  };
}

export function stripeChargeRefunded(o: { paymentIntent: string; amount: number; amountRefunded: number; refundId?: string }) {
  return {
    id: uniq("ch"),
    object: "charge",
    amount: o.amount,
    amount_refunded: o.amountRefunded,
    currency: "usd",
    payment_intent: o.paymentIntent,
    refunded: o.amountRefunded >= o.amount,
    refunds: { object: "list", data: [{ id: o.refundId ?? uniq("re"), amount: o.amountRefunded }] },
  };
}

export function stripeDispute(o: { id: string; paymentIntent: string; amount: number }) {
  return {
    id: o.id,
    object: "dispute",
    amount: o.amount,
    currency: "usd",
    charge: uniq("ch"),
    payment_intent: o.paymentIntent,
    status: "needs_response",
  };
}

// ---- Razorpay -----------------------------------------------------------------------------------

export function razorpayEvent(
  event: string,
  payload: Record<string, unknown>,
  opts: { eventId?: string; createdAt?: Date } = {},
): Delivery {
  const body = JSON.stringify({
    entity: "event",
    account_id: "acc_test",
    event,
    contains: Object.keys(payload),
    payload,
    created_at: unix(opts.createdAt ?? new Date()),
  });
  return { provider: "razorpay", body, eventId: opts.eventId ?? uniq("evt") };
}

export function razorpayPayment(o: { id: string; amount?: number; orderId?: string; notes?: Record<string, string>; invoiceId?: string }) {
  return {
    entity: {
      id: o.id,
      entity: "payment",
      amount: o.amount ?? 39_900,
      currency: "INR",
      status: "captured",
      order_id: o.orderId ?? null,
      invoice_id: o.invoiceId ?? null,
      method: "upi",
      amount_refunded: 0,
      captured: true,
      notes: o.notes ?? [],
      created_at: unix(new Date()),
    },
  };
}

export function razorpayOrder(o: { id: string; amount?: number; notes?: Record<string, string> }) {
  return {
    entity: {
      id: o.id,
      entity: "order",
      amount: o.amount ?? 39_900,
      amount_paid: o.amount ?? 39_900,
      currency: "INR",
      status: "paid",
      notes: o.notes ?? [],
    },
  };
}

export function razorpaySubscription(o: {
  id: string;
  status: string;
  notes?: Record<string, string>;
  currentStart?: Date;
  currentEnd?: Date;
  sku?: string;
  planId?: string;
}) {
  return {
    entity: {
      id: o.id,
      entity: "subscription",
      plan_id: o.planId ?? priceIdOf("razorpay", o.sku ?? o.notes?.sku),
      quantity: 1,
      customer_id: "cust_test",
      status: o.status,
      current_start: o.currentStart ? unix(o.currentStart) : null,
      current_end: o.currentEnd ? unix(o.currentEnd) : null,
      notes: o.notes ?? [],
    },
  };
}

// ---- Paddle -------------------------------------------------------------------------------------

export function paddleEvent(
  eventType: string,
  data: Record<string, unknown>,
  opts: { eventId?: string; occurredAt?: Date } = {},
): Delivery {
  const body = JSON.stringify({
    event_id: opts.eventId ?? uniq("evt"),
    event_type: eventType,
    occurred_at: (opts.occurredAt ?? new Date()).toISOString(),
    notification_id: uniq("ntf"),
    data,
  });
  return { provider: "paddle", body };
}

export function paddleTransaction(o: {
  id: string;
  /** custom_data.uid (with `sku`), as Paddle.js lets the browser set it: never trusted. */
  uid?: string;
  /** The sku billed (its price id), and custom_data.sku when `uid` is given. */
  sku?: string;
  /** custom_data exactly (instead of uid + sku). */
  customData?: Record<string, string>;
  total?: number;
  currency?: string;
  subscriptionId?: string;
  periodStart?: Date;
  periodEnd?: Date;
  /** The price billed; defaults to the sku's. */
  priceId?: string;
  /** Items billed instead of one of `priceId` (prorations: a rate of the period, negative quantities for what was removed). */
  items?: { priceId: string; quantity: number; subtotal: number; prorationRate?: string }[];
  discount?: number;
  tax?: number;
}) {
  const currency = o.currency ?? "USD";
  const items = o.items ?? [{ priceId: o.priceId ?? priceIdOf("paddle", o.sku), quantity: 1, subtotal: o.total ?? 500 }];
  const subtotal = items.reduce((sum, i) => sum + i.subtotal, 0);
  const [discount, tax] = [o.discount ?? 0, o.tax ?? 0];
  const total = o.total ?? subtotal - discount + tax;
  const period = o.periodStart ? { starts_at: o.periodStart.toISOString(), ends_at: o.periodEnd!.toISOString() } : null;
  return {
    id: o.id,
    status: "completed",
    customer_id: "ctm_test",
    subscription_id: o.subscriptionId ?? null,
    currency_code: currency,
    origin: o.subscriptionId ? "subscription_recurring" : "web",
    custom_data: o.customData ?? (o.uid ? { uid: o.uid, sku: o.sku } : null),
    billing_period: period,
    items: items.map((i) => ({
      price: { id: i.priceId },
      quantity: i.quantity,
      proration: i.prorationRate ? { rate: i.prorationRate, billing_period: period } : null,
    })),
    payments: [],
    details: {
      totals: {
        subtotal: String(subtotal),
        discount: String(discount),
        tax: String(tax),
        total: String(total),
        credit: "0",
        balance: "0",
        grand_total: String(total),
        currency_code: currency,
      },
      line_items: items.map((i) => ({
        price_id: i.priceId,
        quantity: i.quantity,
        proration: i.prorationRate ? { rate: i.prorationRate } : null,
        totals: { subtotal: String(i.subtotal), discount: "0", tax: "0", total: String(i.subtotal) },
      })),
    },
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
  };
}

export function paddleSubscription(o: {
  id: string;
  uid: string;
  sku: string;
  status: string;
  updatedAt: Date;
  periodEnd?: Date;
  cancelScheduled?: boolean;
  /** subscription.created names the transaction that started it. */
  transactionId?: string;
  priceId?: string;
}) {
  return {
    id: o.id,
    status: o.status,
    customer_id: "ctm_test",
    currency_code: "USD",
    transaction_id: o.transactionId ?? null,
    custom_data: { uid: o.uid, sku: o.sku },
    items: [{ price: { id: o.priceId ?? priceIdOf("paddle", o.sku) }, quantity: 1, status: "active" }],
    current_billing_period: o.periodEnd
      ? { starts_at: new Date(o.periodEnd.getTime() - 30 * 86_400_000).toISOString(), ends_at: o.periodEnd.toISOString() }
      : null,
    scheduled_change: o.cancelScheduled ? { action: "cancel", effective_at: o.periodEnd?.toISOString(), resume_at: null } : null,
    created_at: new Date(o.updatedAt.getTime() - 60_000).toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}

export function paddleAdjustment(o: {
  id: string;
  transactionId: string;
  action: "refund" | "chargeback" | "credit";
  total: number;
  status?: string;
}) {
  return {
    id: o.id,
    action: o.action,
    transaction_id: o.transactionId,
    status: o.status ?? "approved",
    reason: "test",
    currency_code: "USD",
    items: [],
    totals: { subtotal: String(o.total), tax: "0", total: String(o.total), fee: "0", earnings: "0", currency_code: "USD" },
    created_at: new Date().toISOString(),
  };
}

// ---- Reading the ledger -------------------------------------------------------------------------

export async function ledgerOf(db: Db, uid: string) {
  const account = await db.collection("credit_accounts").findOne({ user_id: uid });
  const entries = await db.collection("transactions").find({ user_id: uid }).sort({ created_at: 1, _id: 1 }).toArray();
  return { balance: (account?.balance as number | undefined) ?? 0, flagged: account?.flagged === true, account, entries };
}

/** Unique ids for one test. */
export const ids = {
  uid: () => uniq("uid"),
  of: uniq,
};
