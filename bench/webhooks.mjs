// Payment webhook handling: latency (p50/p99) and throughput at fixed offered rates, and the saturation
// throughput, through the deployed stripeWebhook / razorpayWebhook / paddleWebhook functions (Functions
// Framework in a process of its own, embedded MongoDB in another), each run followed by an exactly-once
// check: one credit purchase per distinct paid event, every balance equal to the sum of its entries.
//
//   node bench/webhooks.mjs [--rates 25,50,100] [--duration 10] [--connections 10] [--users 100] [--dup 0.2] [--cold 50] [--cold-only]
//
// Each request is a signed paid event (credit pack) for one of --users users, the three providers in
// turn, signed when it is sent. A share --dup of requests re-sends one of the last 200 events (a
// provider's redelivery), so deduplication runs under load too. Payments are attributed from our
// checkout records only: Stripe and Razorpay events carry the secret-key metadata / order notes our
// checkout sets; every Paddle transaction gets its checkout record before the run (custom_data is
// never trusted).
//
// Cold verification first: for each provider, --cold concurrent first deliveries to a fresh server
// process (nothing loaded, no database connection), once with a wrong signature (the 400 answers as
// soon as the signature is checked: time to verification) and once valid (time to the 200).
//
// Fixed rates are offered open-loop by a paced sender here (request i leaves at t0 + i/rate, whatever
// the earlier ones are doing; latency is also measured from that scheduled time, so queueing is not
// hidden). autocannon's own fixed-rate mode is a per-second quota per connection — every connection
// fires its share at the start of each second — which measures bursts, not a rate; autocannon is used
// for the saturation run (--connections closed-loop connections, no rate).
//
// After each run every distinct event is delivered once more (providers retry until they get a 2xx)
// and the ledger is checked. Each run gets a fresh server and database: CongoDB scans whole
// collections, so a database that grows between runs would skew later ones.
// Prints figures, writes bench/results/webhooks-<time>.json; asserts nothing (exit 1 if exactly-once fails).
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  benchDir,
  checkBuild,
  cleanupOnExit,
  functionEnv,
  printTable,
  reportMachineLoad,
  requireFromFunctions,
  startMongoProcess,
  stopChild,
} from "./lib.mjs";

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const RATES = String(opt("--rates", "25,50,100")).split(",").map(Number);
const DURATION = Number(opt("--duration", 10));
const CONNECTIONS = Number(opt("--connections", 10));
const USERS = Number(opt("--users", 100));
const DUP = Number(opt("--dup", 0.2));
const COLD = Number(opt("--cold", 50));
const COLD_ONLY = argv.includes("--cold-only");
const SECRETS = { stripe: "whsec_bench", razorpay: "rzp_bench_secret", paddle: "pdl_bench_secret" };
const PROVIDERS = ["stripe", "razorpay", "paddle"];
const SKUS = [
  ["credits_1000", 1000, 500, 39_900],
  ["credits_5000", 5000, 2000, 159_900],
];

const Stripe = requireFromFunctions("stripe");
const { cleanup } = cleanupOnExit();

/** Paddle transactions our "checkout" created before the run: their ids, taken one per Paddle event. */
let paddlePool = [];

/**
 * Records the checkouts of `count` Paddle transactions (bench code writes the documents billingCheckout
 * would, in one insertMany, so the run starts with them in place).
 */
async function prepareCheckouts(uri, count) {
  const { MongoClient } = requireFromFunctions("mongodb");
  const client = new MongoClient(uri);
  await client.connect();
  try {
    const now = new Date();
    paddlePool = Array.from({ length: count }, (_, i) => {
      const sku = SKUS[i % SKUS.length];
      return { txn: `txn_${Date.now().toString(36)}_${i}_${randomUUID().slice(0, 8)}`, uid: `bench_user_${i % USERS}`, sku };
    });
    const docs = paddlePool.map((p) => ({
      uid: p.uid,
      idempotency_key: `server:${randomUUID()}`,
      provider: "paddle",
      sku: p.sku[0],
      provider_ids: [p.txn],
      price: { amount: p.sku[2], currency: "USD" },
      result: { provider: "paddle", kind: "paddle_transaction", transactionId: p.txn },
      created_at: now,
    }));
    for (let i = 0; i < docs.length; i += 1000)
      await client
        .db()
        .collection("checkouts")
        .insertMany(docs.slice(i, i + 1000));
  } finally {
    await client.close();
  }
}

/** A distinct paid event: its provider, body, event id (Razorpay: header) and what it must grant. */
function newEvent(seq, forced) {
  let provider = forced ?? PROVIDERS[seq % 3];
  // Out of prepared Paddle checkouts: another provider's event instead.
  if (provider === "paddle" && paddlePool.length === 0) provider = "stripe";
  const paddle = provider === "paddle" ? paddlePool.pop() : undefined;
  const [sku, credits, usd, inr] = paddle?.sku ?? SKUS[seq % SKUS.length];
  const uid = paddle?.uid ?? `bench_user_${seq % USERS}`;
  const n = `${Date.now().toString(36)}${seq}${randomUUID().slice(0, 8)}`;
  const now = Math.floor(Date.now() / 1000);
  let body;
  let eventId = `evt_${n}`;
  if (provider === "stripe") {
    body = JSON.stringify({
      id: eventId,
      object: "event",
      created: now,
      type: "checkout.session.completed",
      data: {
        object: {
          id: `cs_${n}`,
          object: "checkout.session",
          mode: "payment",
          payment_status: "paid",
          amount_subtotal: usd,
          amount_total: usd,
          currency: "usd",
          metadata: { uid, sku },
          payment_intent: `pi_${n}`,
        },
      },
    });
  } else if (provider === "razorpay") {
    body = JSON.stringify({
      entity: "event",
      event: "order.paid",
      created_at: now,
      payload: {
        payment: { entity: { id: `pay_${n}`, amount: inr, currency: "INR", order_id: `order_${n}`, notes: [] } },
        order: { entity: { id: `order_${n}`, amount: inr, currency: "INR", notes: { uid, sku } } },
      },
    });
  } else {
    body = JSON.stringify({
      event_id: eventId,
      event_type: "transaction.completed",
      occurred_at: new Date().toISOString(),
      data: {
        id: paddle.txn,
        status: "completed",
        currency_code: "USD",
        custom_data: { uid, sku },
        items: [],
        payments: [],
        details: {
          totals: { subtotal: String(usd), discount: "0", tax: "0", total: String(usd), grand_total: String(usd), currency_code: "USD" },
        },
      },
    });
  }
  return { provider, body, eventId, uid, credits };
}

function signedHeaders(e, secrets = SECRETS) {
  const ts = Math.floor(Date.now() / 1000);
  const headers = { "content-type": "application/json" };
  if (e.provider === "stripe")
    headers["stripe-signature"] = Stripe.webhooks.generateTestHeaderString({ payload: e.body, secret: secrets.stripe, timestamp: ts });
  else if (e.provider === "razorpay") {
    headers["x-razorpay-signature"] = createHmac("sha256", secrets.razorpay).update(e.body).digest("hex");
    headers["x-razorpay-event-id"] = e.eventId;
  } else headers["paddle-signature"] = `ts=${ts};h1=${createHmac("sha256", secrets.paddle).update(`${ts}:${e.body}`).digest("hex")}`;
  return headers;
}

async function startServer(env) {
  const child = spawn(process.execPath, [path.join(benchDir, "support/webhook-server.cjs")], { stdio: ["ignore", "pipe", "inherit"], env });
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /^PORT (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`webhook server exited with ${code}`)));
  });
  return { child, port, stop: () => stopChild(child) };
}

function cpuSeconds(pid) {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One delivery over a keep-alive agent: status and ms from sending to the whole response. */
function post(agent, port, e, secrets) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "POST", path: `/api/v1/webhooks/${e.provider}`, headers: signedHeaders(e, secrets), agent },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", () => resolve(0));
    req.end(e.body);
  });
}

/** Open loop: request i is sent at t0 + i / rate, whether or not earlier ones have been answered. */
async function paced(port, rate, pick) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const samples = [];
  const pending = [];
  const total = Math.round(rate * DURATION);
  const t0 = performance.now() + 20;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(wait);
    const e = pick();
    const sent = performance.now();
    pending.push(
      post(agent, port, e).then((status) => samples.push({ status, ms: performance.now() - sent, fromSchedule: performance.now() - due })),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { samples, elapsed };
}

/** Closed loop: --connections connections, each sending its next request when the last is answered. */
async function saturate(port, pick) {
  const samples = [];
  const started = performance.now();
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const e = pick();
          return { ...req, path: `/api/v1/webhooks/${e.provider}`, headers: signedHeaders(e), body: e.body };
        },
      },
    ],
  });
  run.on("response", (_client, status, _bytes, ms) => samples.push({ status, ms, fromSchedule: ms }));
  await run;
  return { samples, elapsed: (performance.now() - started) / 1000 };
}

const webhookEnv = (uri) =>
  functionEnv({
    MONGODB_URI: uri,
    STRIPE_WEBHOOK_SECRET: SECRETS.stripe,
    RAZORPAY_WEBHOOK_SECRET: SECRETS.razorpay,
    PADDLE_WEBHOOK_SECRET: SECRETS.paddle,
  });
const WRONG_SECRETS = { stripe: "whsec_wrong", razorpay: "rzp_wrong", paddle: "pdl_wrong" };

/**
 * Time to verification on a cold instance: `COLD` concurrent first deliveries to a fresh server
 * process (the function module, its handler and SDKs not yet loaded, no database connection), per
 * provider. With a wrong signature the 400 is answered right after the check; valid ones go on to
 * the database and answer 200.
 */
async function coldVerification() {
  const mongo = await startMongoProcess("promptforge_bench_wh_cold");
  const rows = [];
  try {
    await prepareCheckouts(mongo.uri, 2 * COLD);
    for (const provider of PROVIDERS) {
      for (const valid of [false, true]) {
        process.stdout.write(`cold ${provider} (${valid ? "valid" : "wrong signature"}) ... `);
        const server = await startServer(webhookEnv(mongo.uri));
        try {
          const events = Array.from({ length: COLD }, (_, i) => newEvent(i, provider));
          const agent = new http.Agent({ keepAlive: true, maxSockets: COLD });
          const samples = await Promise.all(
            events.map(async (e) => {
              const sent = performance.now();
              const status = await post(agent, server.port, e, valid ? SECRETS : WRONG_SECRETS);
              return { status, ms: performance.now() - sent };
            }),
          );
          agent.destroy();
          const statuses = {};
          for (const { status } of samples) statuses[status] = (statuses[status] ?? 0) + 1;
          const ms = samples.map((x) => x.ms);
          rows.push({
            provider,
            signature: valid ? "valid" : "wrong",
            statuses,
            min: percentile(ms, 0),
            p50: percentile(ms, 0.5),
            max: percentile(ms, 1),
          });
          console.log("done");
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await mongo.stop();
  }
  return rows;
}

async function measure(rate) {
  const label = rate ? `${rate} req/s` : `saturation (${CONNECTIONS} connections)`;
  process.stdout.write(`${label}: starting ... `);
  const mongo = await startMongoProcess(`promptforge_bench_wh_${rate || "max"}`);
  const env = webhookEnv(mongo.uri);
  // Enough Paddle checkouts for a third of the requests (a saturated run reaches ~300/s here).
  await prepareCheckouts(mongo.uri, Math.ceil(((rate || 400) * DURATION) / 3) + 20);
  const server = await startServer(env);
  try {
    const sent = [];
    let seq = 0;
    const pick = () => {
      if (sent.length > 0 && Math.random() < DUP) {
        const from = Math.max(0, sent.length - 200);
        return sent[from + Math.floor(Math.random() * (sent.length - from))];
      }
      const e = newEvent(seq++);
      sent.push(e);
      return e;
    };
    // Warm-up: the first request of each function connects to MongoDB and loads its handler and SDK.
    const warmAgent = new http.Agent({ keepAlive: true });
    for (let i = 0; i < 30; i++) await post(warmAgent, server.port, pick());
    warmAgent.destroy();
    process.stdout.write(`measuring ${DURATION} s ... `);
    const cpu0 = { server: cpuSeconds(server.child.pid), mongodb: cpuSeconds(mongo.pid) };
    const { samples, elapsed } = rate ? await paced(server.port, rate, pick) : await saturate(server.port, pick);
    const cpu = Object.fromEntries(
      Object.entries({ server: cpuSeconds(server.child.pid), mongodb: cpuSeconds(mongo.pid) }).map(([k, v]) => [
        k,
        v !== undefined && cpu0[k] !== undefined ? Math.round(((v - cpu0[k]) / elapsed) * 100) : undefined,
      ]),
    );

    // Redeliver every distinct event once (providers retry until a 2xx), then check exactly-once.
    process.stdout.write("redelivering ... ");
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    let notAcked = 0;
    for (let i = 0; i < sent.length; i += 20) {
      await Promise.all(
        sent.slice(i, i + 20).map(async (e) => {
          for (let attempt = 0; attempt < 20; attempt++) {
            const status = await post(agent, server.port, e);
            if (status >= 200 && status < 300) return;
            await sleep(100);
          }
          notAcked++;
        }),
      );
    }
    agent.destroy();
    const check = await exactlyOnce(mongo.uri, sent, notAcked);
    console.log("done");
    const statuses = {};
    for (const { status } of samples) statuses[status] = (statuses[status] ?? 0) + 1;
    const ok = samples.filter((x) => x.status >= 200 && x.status < 300);
    return {
      mode: rate ? "paced" : "saturation",
      rate,
      requests: samples.length,
      reqPerSec: samples.length / elapsed,
      okPerSec: ok.length / elapsed,
      statuses,
      p50: percentile(
        ok.map((x) => x.ms),
        0.5,
      ),
      p99: percentile(
        ok.map((x) => x.ms),
        0.99,
      ),
      max: percentile(
        ok.map((x) => x.ms),
        1,
      ),
      p99FromSchedule: percentile(
        ok.map((x) => x.fromSchedule),
        0.99,
      ),
      cpu,
      check,
    };
  } finally {
    await server.stop();
    await mongo.stop();
  }
}

async function exactlyOnce(uri, sent, notAcked) {
  const { MongoClient } = requireFromFunctions("mongodb");
  const client = new MongoClient(uri);
  await client.connect();
  try {
    const db = client.db();
    const purchases = await db.collection("transactions").countDocuments({ type: "purchase" });
    const keys = (await db.collection("transactions").distinct("idempotency_key", { type: "purchase" })).length;
    const expected = new Map();
    for (const e of sent) expected.set(e.uid, (expected.get(e.uid) ?? 0) + e.credits);
    let balancesOk = true;
    for (const account of await db.collection("credit_accounts").find({}).toArray()) {
      const [sum] = await db
        .collection("transactions")
        .aggregate([{ $match: { user_id: account.user_id } }, { $group: { _id: null, a: { $sum: "$delta_available" } } }])
        .toArray();
      balancesOk &&= account.balance === sum.a && account.balance === expected.get(account.user_id);
    }
    const done = await db.collection("webhook_events").countDocuments({ state: "done" });
    return {
      distinctEvents: sent.length,
      purchases,
      distinctKeys: keys,
      webhookEventsDone: done,
      balancesOk,
      notAcked,
      exactlyOnce: purchases === sent.length && keys === sent.length && done === sent.length && balancesOk && notAcked === 0,
    };
  } finally {
    await client.close();
  }
}

let exitCode = 0;
try {
  checkBuild();
  await reportMachineLoad();
  console.log(
    `Payment webhooks, Node ${process.version}, ${os.cpus().length} CPUs (autocannon, the functions and MongoDB share them), ` +
      `${CONNECTIONS} connections, ${DURATION} s per rate, ${USERS} users, ${Math.round(DUP * 100)}% redeliveries\n`,
  );
  const cold = await coldVerification();
  printTable(
    ["provider", "signature", `${COLD} concurrent first deliveries`, "fastest ms", "p50 ms", "slowest ms"],
    cold.map((r) => [
      r.provider,
      r.signature,
      Object.entries(r.statuses)
        .map(([c, n]) => `${c}:${n}`)
        .join(" "),
      r.min.toFixed(0),
      r.p50.toFixed(0),
      r.max.toFixed(0),
    ]),
  );
  console.log(
    "\nCold: a fresh server process per row, the deliveries sent at once; ms from sending to the whole response. With a\n" +
      "wrong signature the answer follows the check, so the slowest is the worst time to verification (the replay window\n" +
      "is 300 s for Stripe and Paddle; Razorpay signs no time).\n",
  );
  const results = [];
  if (!COLD_ONLY) {
    for (const rate of RATES) results.push(await measure(rate));
    results.push(await measure(0));
  }
  if (results.length)
    printTable(
      [
        "offered",
        "requests",
        "achieved req/s",
        "2xx/s",
        "non-2xx",
        "p50 ms",
        "p99 ms",
        "max ms",
        "p99 from schedule",
        "CPU server/mongo %",
        "events",
        "grants",
        "exactly once",
      ],
      results.map((r) => [
        r.rate ? `${r.rate}/s` : "saturation",
        String(r.requests),
        r.reqPerSec.toFixed(0),
        r.okPerSec.toFixed(0),
        Object.entries(r.statuses)
          .filter(([c]) => !c.startsWith("2"))
          .map(([c, n]) => `${c}:${n}`)
          .join(" ") || "0",
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.max.toFixed(1),
        r.rate ? r.p99FromSchedule.toFixed(1) : "n/a",
        `${r.cpu.server ?? "?"}/${r.cpu.mongodb ?? "?"}`,
        String(r.check.distinctEvents),
        String(r.check.purchases),
        r.check.exactlyOnce ? "yes" : "NO",
      ]),
    );
  console.log(
    '\nLatencies: 2xx responses, request sent → response read ("from schedule": from the time the paced sender was due\n' +
      "to send it, which also counts any lag of the sender). events: distinct paid events sent; grants: purchase entries\n" +
      "in the ledger after every event was delivered once more; exactly once: grants = events = done webhook_events and\n" +
      "each balance = Σ its entries = Σ its events' credits. CPU: % of one core during the measured run.",
  );
  if (results.some((r) => !r.check.exactlyOnce)) exitCode = 1;
  const dir = path.join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `webhooks-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        node: process.version,
        cpus: os.cpus().length,
        duration: DURATION,
        connections: CONNECTIONS,
        users: USERS,
        dup: DUP,
        cold,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`\nRaw figures: ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(err.stack ?? err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
