// Plays a provider's side of a purchase against the running API (npm start):
//
//   npm run webhook:demo -- <stripe|razorpay|paddle> [--sku credits_1000] [--uid <uid>] [--base http://127.0.0.1:5000/api/v1] [--mongodb-uri <uri>]
//
// Payments are attributed only from what our server created, so this first records the checkout the
// way POST /billing/checkout does once the provider created its object (the session, order,
// subscription or transaction ids below), in the database the functions use (--mongodb-uri, else
// MONGODB_URI from the environment or functions/.secret.local). Then it sends the provider's "paid"
// events, signed with the demo webhook secrets the emulator runs with (functions/.secret.local, else
// the committed .secret.local.example; a same-named environment variable wins, as for `npm start`).
// The uid defaults to the demo user's (demo@promptforge.dev, looked up in the Auth emulator). A credit
// pack sku sends the provider's payment event; a subscription sku (tier_pro_monthly, ...) sends the
// subscription's state and its first paid period, on the price STRIPE_PRICES / RAZORPAY_PLANS /
// PADDLE_PRICES map it to (export the same map for the functions and this script; without one a tier
// cannot be sold, and a subscription on an unknown price entitles to nothing).
// Then check: GET /billing/balance, /billing/ledger.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { API_BASE, AUTH_HOST, functionsDir, requireFromFunctions } from "./lib.mjs";
import { DEMO_USERS } from "./seed.mjs";

const PROVIDERS = ["stripe", "razorpay", "paddle"];
const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const provider = argv.find((a) => PROVIDERS.includes(a));
if (!provider || argv.includes("--help")) {
  console.error(
    "usage: npm run webhook:demo -- <stripe|razorpay|paddle> [--sku credits_1000] [--uid <uid>] [--base http://127.0.0.1:5000/api/v1]",
  );
  process.exit(2);
}
const sku = opt("--sku", "credits_1000");
const base = opt("--base", API_BASE).replace(/\/$/, "");

const { findSku } = requireFromFunctions("./lib/core/billing/catalog.js");
const item = findSku(sku);
if (!item) {
  console.error(`Unknown sku ${sku}. Credit packs: credits_1000, credits_5000, credits_20000; tiers: tier_pro_monthly, tier_team_monthly.`);
  process.exit(2);
}

function secret(name) {
  if (process.env[name]) return process.env[name];
  for (const file of [".secret.local", ".secret.local.example"]) {
    const p = path.join(functionsDir, file);
    if (!existsSync(p)) continue;
    const m = new RegExp(`^${name}=(.*)$`, "m").exec(readFileSync(p, "utf8"));
    if (m) return m[1].trim();
  }
  throw new Error(`${name} is in neither the environment nor functions/.secret.local(.example)`);
}

async function demoUid() {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST || AUTH_HOST;
  const demo = DEMO_USERS[0];
  const res = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: demo.email, password: demo.password, returnSecureToken: true }),
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(
      `the Auth emulator at ${host} does not know ${demo.email} (is \`npm start\` running?): ${json.error?.message ?? res.status}`,
    );
  return json.localId;
}

const id = (prefix) => `${prefix}_demo_${randomUUID().replace(/-/g, "").slice(0, 16)}`;

/** The provider's price / plan id for the sku, from the same param the functions read. */
function priceId() {
  const param = { stripe: "STRIPE_PRICES", razorpay: "RAZORPAY_PLANS", paddle: "PADDLE_PRICES" }[provider];
  try {
    return JSON.parse(process.env[param] || "{}")[sku];
  } catch {
    return undefined;
  }
}

/** What billingCheckout would have answered for the checkout (kept on the record for replays). */
function demoResult(objectId) {
  if (provider === "stripe") return { provider, kind: "redirect", id: objectId, url: `https://checkout.stripe.com/c/pay/${objectId}` };
  if (provider === "paddle") return { provider, kind: "paddle_transaction", transactionId: objectId };
  if (item.kind === "subscription")
    return { provider, kind: "razorpay_subscription", subscriptionId: objectId, keyId: secret("RAZORPAY_KEY_ID") };
  return { provider, kind: "razorpay_order", orderId: objectId, keyId: secret("RAZORPAY_KEY_ID"), amount: price("INR"), currency: "INR" };
}

/** Records the checkout billingCheckout would have recorded (the store the webhooks read). */
async function recordCheckout(uid, providerIds) {
  const uri = opt("--mongodb-uri") ?? secret("MONGODB_URI");
  const { MongoClient } = requireFromFunctions("mongodb");
  const { CheckoutsStore } = requireFromFunctions("./lib/core/payments/checkouts-store.js");
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const currency = provider === "razorpay" ? "INR" : "USD";
    await new CheckoutsStore(client.db(process.env.MONGODB_DB || undefined)).save({
      uid,
      idempotency_key: `server:${randomUUID()}`,
      provider,
      sku,
      provider_ids: providerIds,
      price: { amount: price(currency), currency },
      result: demoResult(providerIds[0]),
      created_at: new Date(),
    });
  } finally {
    await client.close();
  }
}
const unix = (d) => Math.floor(d.getTime() / 1000);
const price = (currency) => item.prices.find((p) => p.currency === currency)?.unitAmount ?? 0;

/** The provider objects our checkout would have created, and the deliveries that pay them, in the order the provider typically sends them. */
function purchase(uid) {
  const now = new Date();
  const end = new Date(now.getTime() + 30 * 86_400_000);
  const subscription = item.kind === "subscription";
  const meta = { uid, sku };
  const planPrice = priceId();
  if (subscription && !planPrice) {
    const param = { stripe: "STRIPE_PRICES", razorpay: "RAZORPAY_PLANS", paddle: "PADDLE_PRICES" }[provider];
    throw new Error(
      `${sku} has no ${provider} price id: export ${param}='{"${sku}":"<id>"}' for the functions (before npm start) and for this script`,
    );
  }
  if (provider === "stripe") {
    const event = (type, object) => ({ id: id("evt"), object: "event", created: unix(now), type, livemode: false, data: { object } });
    const session = id("cs");
    const amount = price("USD");
    if (!subscription) {
      return {
        ids: [session],
        deliveries: [
          event("checkout.session.completed", {
            id: session,
            object: "checkout.session",
            mode: "payment",
            payment_status: "paid",
            amount_subtotal: amount,
            amount_total: amount,
            currency: "usd",
            total_details: { amount_discount: 0, amount_tax: 0 },
            client_reference_id: uid,
            metadata: meta,
            payment_intent: id("pi"),
          }),
        ],
      };
    }
    const sub = id("sub");
    return {
      ids: [session, sub],
      deliveries: [
        event("customer.subscription.created", {
          id: sub,
          object: "subscription",
          status: "active",
          customer: "cus_demo",
          cancel_at_period_end: false,
          metadata: meta,
          items: { data: [{ price: { id: planPrice }, current_period_end: unix(end) }] },
        }),
        event("invoice.paid", {
          id: id("in"),
          object: "invoice",
          amount_paid: amount,
          subtotal: amount,
          currency: "usd",
          billing_reason: "subscription_create",
          parent: { subscription_details: { subscription: sub, metadata: meta } },
          lines: {
            data: [
              {
                amount,
                quantity: 1,
                pricing: { price_details: { price: planPrice } },
                metadata: meta,
                period: { start: unix(now), end: unix(end) },
              },
            ],
          },
        }),
      ],
    };
  }
  if (provider === "razorpay") {
    const event = (type, payload) => ({
      entity: "event",
      account_id: "acc_demo",
      event: type,
      contains: Object.keys(payload),
      payload,
      created_at: unix(now),
    });
    const payment = { entity: { id: id("pay"), entity: "payment", amount: price("INR"), currency: "INR", status: "captured", notes: [] } };
    if (!subscription) {
      const order = id("order");
      payment.entity.order_id = order;
      return {
        ids: [order],
        deliveries: [
          event("order.paid", {
            payment,
            order: { entity: { id: order, entity: "order", amount: price("INR"), currency: "INR", status: "paid", notes: meta } },
          }),
        ],
      };
    }
    const sub = id("sub");
    payment.entity.invoice_id = id("inv");
    return {
      ids: [sub],
      deliveries: [
        event("subscription.charged", {
          subscription: {
            entity: {
              id: sub,
              entity: "subscription",
              plan_id: planPrice,
              quantity: 1,
              status: "active",
              current_start: unix(now),
              current_end: unix(end),
              notes: meta,
            },
          },
          payment,
        }),
      ],
    };
  }
  const event = (type, data) => ({
    event_id: id("evt"),
    event_type: type,
    occurred_at: now.toISOString(),
    notification_id: id("ntf"),
    data,
  });
  const total = String(price("USD"));
  const txn = id("txn");
  // Paddle lists the items billed; without a PADDLE_PRICES id for a pack the demo lists none, and our
  // checkout record says what was sold (its price is checked against the totals).
  const items = planPrice ? [{ price: { id: planPrice }, quantity: 1, proration: null }] : [];
  const transaction = (subscriptionId) => ({
    id: txn,
    status: "completed",
    currency_code: "USD",
    custom_data: meta,
    subscription_id: subscriptionId ?? null,
    billing_period: subscriptionId ? { starts_at: now.toISOString(), ends_at: end.toISOString() } : null,
    items,
    payments: [],
    details: { totals: { subtotal: total, discount: "0", tax: "0", total, grand_total: total, currency_code: "USD" }, line_items: [] },
  });
  if (!subscription) return { ids: [txn], deliveries: [event("transaction.completed", transaction())] };
  const sub = id("sub");
  return {
    ids: [txn],
    deliveries: [
      event("subscription.created", {
        id: sub,
        status: "active",
        transaction_id: txn,
        custom_data: meta,
        items,
        updated_at: now.toISOString(),
        current_billing_period: { starts_at: now.toISOString(), ends_at: end.toISOString() },
        scheduled_change: null,
      }),
      event("transaction.completed", transaction(sub)),
    ],
  };
}

/** Signs the exact bytes sent, at send time (Paddle refuses signatures older than 5 s). */
function signed(body, headers = {}) {
  const ts = Math.floor(Date.now() / 1000);
  if (provider === "stripe") {
    const Stripe = requireFromFunctions("stripe");
    return {
      ...headers,
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: secret("STRIPE_WEBHOOK_SECRET"),
        timestamp: ts,
      }),
    };
  }
  if (provider === "razorpay") {
    return {
      ...headers,
      "x-razorpay-signature": createHmac("sha256", secret("RAZORPAY_WEBHOOK_SECRET")).update(body).digest("hex"),
      "x-razorpay-event-id": id("evt"),
    };
  }
  return {
    ...headers,
    "paddle-signature": `ts=${ts};h1=${createHmac("sha256", secret("PADDLE_WEBHOOK_SECRET")).update(`${ts}:${body}`).digest("hex")}`,
  };
}

try {
  const uid = opt("--uid") ?? (await demoUid());
  const { ids, deliveries } = purchase(uid);
  await recordCheckout(uid, ids);
  console.log(`${provider} checkout recorded for ${uid} (${sku}): ${ids.join(", ")}`);
  for (const payload of deliveries) {
    const body = JSON.stringify(payload);
    const type = payload.type ?? payload.event ?? payload.event_type;
    const res = await fetch(`${base}/webhooks/${provider}`, {
      method: "POST",
      headers: signed(body, { "content-type": "application/json" }),
      body,
    });
    console.log(`${provider} ${type} for ${uid} (${sku}) → ${res.status} ${await res.text()}`);
    if (!res.ok) process.exitCode = 1;
  }
  if (!process.exitCode) {
    console.log(
      `\n${item.kind === "subscription" ? `Granted ${item.credits} credits for the period and set tier ${item.tier}` : `Purchased ${item.credits} credits`}. See:`,
    );
    console.log(`  curl -H "Authorization: Bearer $(npm run -s token)" ${base}/billing/balance`);
  }
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
}
