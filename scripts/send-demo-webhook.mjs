// Sends a correctly signed demo "paid" webhook to the running API (npm start), as the provider would:
//
//   npm run webhook:demo -- <stripe|razorpay|paddle> [--sku credits_1000] [--uid <uid>] [--base http://127.0.0.1:5000/api/v1]
//
// Signed with the demo webhook secrets the emulator runs with (functions/.secret.local, else the
// committed .secret.local.example; a same-named environment variable wins, as for `npm start`). The
// uid defaults to the demo user's (demo@promptforge.dev, looked up in the Auth emulator). A credit pack
// sku sends the provider's payment event; a subscription sku (tier_pro_monthly, ...) sends the
// subscription's state and its first paid period. Then check: GET /billing/balance, /billing/ledger.
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
  console.error("usage: npm run webhook:demo -- <stripe|razorpay|paddle> [--sku credits_1000] [--uid <uid>] [--base http://127.0.0.1:5000/api/v1]");
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
  if (!res.ok) throw new Error(`the Auth emulator at ${host} does not know ${demo.email} (is \`npm start\` running?): ${json.error?.message ?? res.status}`);
  return json.localId;
}

const id = (prefix) => `${prefix}_demo_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
const unix = (d) => Math.floor(d.getTime() / 1000);
const price = (currency) => item.prices.find((p) => p.currency === currency)?.unitAmount ?? 0;

/** The deliveries one demo payment consists of, in the order the provider typically sends them. */
function deliveries(uid) {
  const now = new Date();
  const end = new Date(now.getTime() + 30 * 86_400_000);
  const subscription = item.kind === "subscription";
  const meta = { uid, sku };
  if (provider === "stripe") {
    const event = (type, object) => ({ id: id("evt"), object: "event", created: unix(now), type, livemode: false, data: { object } });
    if (!subscription) {
      return [event("checkout.session.completed", {
        id: id("cs"), object: "checkout.session", mode: "payment", payment_status: "paid", amount_total: price("USD"), currency: "usd",
        client_reference_id: uid, metadata: meta, payment_intent: id("pi"),
      })];
    }
    const sub = id("sub");
    return [
      event("customer.subscription.created", {
        id: sub, object: "subscription", status: "active", customer: "cus_demo", cancel_at_period_end: false, metadata: meta,
        items: { data: [{ price: { id: "price_demo" }, current_period_end: unix(end) }] },
      }),
      event("invoice.paid", {
        id: id("in"), object: "invoice", amount_paid: price("USD"), currency: "usd", billing_reason: "subscription_create",
        parent: { subscription_details: { subscription: sub, metadata: meta } },
        lines: { data: [{ metadata: meta, period: { start: unix(now), end: unix(end) } }] },
      }),
    ];
  }
  if (provider === "razorpay") {
    const event = (type, payload) => ({ entity: "event", account_id: "acc_demo", event: type, contains: Object.keys(payload), payload, created_at: unix(now) });
    const payment = { entity: { id: id("pay"), entity: "payment", amount: price("INR"), currency: "INR", status: "captured", notes: [] } };
    if (!subscription) {
      const order = id("order");
      payment.entity.order_id = order;
      return [event("order.paid", { payment, order: { entity: { id: order, entity: "order", amount: price("INR"), currency: "INR", status: "paid", notes: meta } } })];
    }
    payment.entity.invoice_id = id("inv");
    return [event("subscription.charged", {
      subscription: { entity: { id: id("sub"), entity: "subscription", status: "active", current_start: unix(now), current_end: unix(end), notes: meta } },
      payment,
    })];
  }
  const event = (type, data) => ({ event_id: id("evt"), event_type: type, occurred_at: now.toISOString(), notification_id: id("ntf"), data });
  const total = String(price("USD"));
  const transaction = (subscriptionId) => ({
    id: id("txn"), status: "completed", currency_code: "USD", custom_data: meta, subscription_id: subscriptionId ?? null,
    billing_period: subscriptionId ? { starts_at: now.toISOString(), ends_at: end.toISOString() } : null,
    items: [], payments: [], details: { totals: { total, grand_total: total, currency_code: "USD" } },
  });
  if (!subscription) return [event("transaction.completed", transaction())];
  const sub = id("sub");
  return [
    event("subscription.created", {
      id: sub, status: "active", custom_data: meta, items: [], updated_at: now.toISOString(),
      current_billing_period: { starts_at: now.toISOString(), ends_at: end.toISOString() }, scheduled_change: null,
    }),
    event("transaction.completed", transaction(sub)),
  ];
}

/** Signs the exact bytes sent, at send time (Paddle refuses signatures older than 5 s). */
function signed(body, headers = {}) {
  const ts = Math.floor(Date.now() / 1000);
  if (provider === "stripe") {
    const Stripe = requireFromFunctions("stripe");
    return { ...headers, "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload: body, secret: secret("STRIPE_WEBHOOK_SECRET"), timestamp: ts }) };
  }
  if (provider === "razorpay") {
    return { ...headers, "x-razorpay-signature": createHmac("sha256", secret("RAZORPAY_WEBHOOK_SECRET")).update(body).digest("hex"), "x-razorpay-event-id": id("evt") };
  }
  return { ...headers, "paddle-signature": `ts=${ts};h1=${createHmac("sha256", secret("PADDLE_WEBHOOK_SECRET")).update(`${ts}:${body}`).digest("hex")}` };
}

try {
  const uid = opt("--uid") ?? (await demoUid());
  for (const payload of deliveries(uid)) {
    const body = JSON.stringify(payload);
    const type = payload.type ?? payload.event ?? payload.event_type;
    const res = await fetch(`${base}/webhooks/${provider}`, { method: "POST", headers: signed(body, { "content-type": "application/json" }), body });
    console.log(`${provider} ${type} for ${uid} (${sku}) → ${res.status} ${await res.text()}`);
    if (!res.ok) process.exitCode = 1;
  }
  if (!process.exitCode) {
    console.log(`\n${item.kind === "subscription" ? `Granted ${item.credits} credits for the period and set tier ${item.tier}` : `Purchased ${item.credits} credits`}. See:`);
    console.log(`  curl -H "Authorization: Bearer $(npm run -s token)" ${base}/billing/balance`);
  }
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
}
