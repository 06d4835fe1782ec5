// Outgoing webhooks: throughput of the notifications dispatcher and the delay from a fact being recorded to
// the customer's receiver getting its webhook, at a fixed offered rate of domain events.
//
//   npm run build && node bench/notifications.mjs [--rate 200] [--duration 30] [--endpoints 10] [--sample 20] [--drain 600] [--fan-out-only]
//
// --fan-out-only measures the outbox fan-out alone: `fanOutBatch` is called in a loop while events are
// offered (nothing is sent); the figures are events/s fanned out and the delay from an event's time to its
// webhook message being made.
//
// Real code paths, in this process, as a function instance runs them: the compiled functions/lib
// `recordEvent` (EventsStore: the event document is the outbox entry) and `dispatchNotifications` (the
// schedule's run: fan-out to notifications and webhook messages, then the WebhookDispatcher with its
// default limits of 4 attempts in flight per endpoint and 32 in all, signing with Standard Webhooks and
// sending through HttpWebhookSender). The only test-only setting is the one
// tests/integration/outgoing-webhooks.test.ts uses: the sender resolves `hooks.test` to 127.0.0.1 and its
// address policy admits 127.0.0.1 (production's refuses loopback). Push is replaced by a sender that
// fails if used: the bench users have no devices, so nothing is sent to FCM (and nothing may be).
//
// --endpoints users each own one endpoint subscribed to `credits.purchased`, on one loopback HTTP receiver
// (node:http, answers 200 at once). Events are `payment.succeeded` credit purchases offered open-loop at
// --rate per second for --duration seconds (event i is recorded at t0 + i/rate whatever the earlier ones
// are doing), round-robin over the users: each event makes one in-app notification and one webhook
// message. The event's `occurredAt` is its scheduled time. Delays are measured on the receiver from that
// time (and, second, from when recordEvent returned), so a dispatcher falling behind shows as delay.
//
// The dispatcher runs as one scheduled run (budget --duration + 1 s) while events are offered, then in
// runs that stop when idle until everything has arrived or --drain seconds have passed. Every delivery's
// webhook-id is counted; every --sample-th delivery has its signature verified with the `standardwebhooks`
// package against its endpoint's secret. Every MongoDB command the process sends from the first offered
// event to the last delivery is counted with the driver's command monitoring (the platform client's
// `commandStarted` events, as tests/support/command-counter.ts does, getMore included): printed per event,
// by command and collection. Prints figures, writes bench/results/notifications-<time>.json;
// asserts nothing, but exits 1 if an event was not delivered exactly once (to its own endpoint, under
// one webhook-id) or a sampled signature did not verify.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import {
  benchDir,
  checkBuild,
  cleanupOnExit,
  functionEnv,
  printTable,
  reportMachineLoad,
  requireFromFunctions,
  startMongoProcess,
} from "./lib.mjs";

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const RATE = Number(opt("--rate", 200));
const DURATION = Number(opt("--duration", 30));
const ENDPOINTS = Number(opt("--endpoints", 10));
const SAMPLE = Number(opt("--sample", 20));
const DRAIN_S = Number(opt("--drain", 600));
const TOTAL = Math.round(RATE * DURATION);
const FAN_OUT_ONLY = argv.includes("--fan-out-only");

const { cleanups, cleanup } = cleanupOnExit();

/** The customer's receiver: counts every delivery by webhook-id and notes when it came. */
function startReceiver(onDelivery) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      onDelivery({ at, path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: server.address().port,
        stop: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
      }),
    ),
  );
}

/** user + system CPU ticks of a process (Linux /proc; 0 elsewhere). */
const CLK_TCK = 100;
function cpuTicks(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : "-");

async function main() {
  checkBuild();
  await reportMachineLoad();
  const loadBefore = os.loadavg();
  console.log(
    `Offering ${TOTAL} payment.succeeded events (${RATE}/s for ${DURATION} s) to ${ENDPOINTS} endpoints on a loopback receiver ...\n`,
  );

  const mongo = await startMongoProcess("promptforge_bench_notifications");
  cleanups.push(mongo.stop);
  Object.assign(process.env, functionEnv({ MONGODB_URI: mongo.uri }));

  const { services, overrideServicesForTests } = requireFromFunctions("./lib/services.js");
  const { recordEvent } = requireFromFunctions("./lib/core/events/record-event.js");
  const { dispatchNotifications } = requireFromFunctions("./lib/schedules/notifications-dispatch.js");
  const { HttpWebhookSender } = requireFromFunctions("./lib/core/outgoing-webhooks/webhook-sender.js");
  const { newSigningSecret } = requireFromFunctions("./lib/core/outgoing-webhooks/webhook-signing.js");
  const { newEndpointId } = requireFromFunctions("./lib/core/outgoing-webhooks/webhook-endpoints-store.js");
  const { Webhook } = requireFromFunctions("standardwebhooks");

  // Receipts, per event index: webhook-ids seen (with counts) and the first arrival.
  const scheduledAt = new Float64Array(TOTAL); // epoch ms of the event's occurredAt
  const recordedAt = new Float64Array(TOTAL); // epoch ms when recordEvent returned
  const byEvent = Array.from({ length: TOTAL }, () => null);
  const idCounts = new Map();
  const secrets = new Map(); // path -> whsec_
  let delivered = 0;
  let lastArrival = 0;
  let wrongEndpoint = 0;
  let unknown = 0;
  let verified = 0;
  let badSignatures = 0;
  let seen = 0;
  let resolveAll;
  const allArrived = new Promise((r) => (resolveAll = r));

  const receiver = await startReceiver(({ at, path: p, headers, body }) => {
    seen++;
    const id = headers["webhook-id"];
    idCounts.set(id, (idCounts.get(id) ?? 0) + 1);
    if (seen % SAMPLE === 1 || SAMPLE === 1) {
      try {
        new Webhook(secrets.get(p)).verify(body, headers);
        verified++;
      } catch {
        badSignatures++;
      }
    }
    const m = /^bench-(\d+)$/.exec(JSON.parse(body)?.data?.paymentId ?? "");
    const i = m ? Number(m[1]) : -1;
    if (i < 0 || i >= TOTAL) return void unknown++;
    if (p !== `/ep/${i % ENDPOINTS}`) wrongEndpoint++;
    const got = (byEvent[i] ??= { ids: new Set(), first: at });
    if (got.ids.size === 0 || !got.ids.has(id)) {
      if (got.ids.size === 0) {
        delivered++;
        lastArrival = at;
      }
      got.ids.add(id);
    }
    if (delivered === TOTAL) resolveAll();
  });
  cleanups.push(receiver.stop);

  const restoreServices = overrideServicesForTests({
    webhookSender: async () =>
      new HttpWebhookSender({
        allowHttp: true,
        policy: (address) => address === "127.0.0.1",
        resolve: async (hostname) => (hostname === "hooks.test" ? [{ address: "127.0.0.1", family: 4 }] : []),
      }),
    // Push deliveries are made and processed as in production; with no devices nothing is sent.
    push: async () => ({
      send: async () => {
        throw new Error("bench: no push sender (the bench users have no devices)");
      },
    }),
  });
  cleanups.push(async () => restoreServices());
  cleanups.push(() => requireFromFunctions("./lib/platform/mongo.js").closeMongo());

  // The endpoints, as POST /webhook-endpoints stores them (one per user).
  const endpoints = await services.store("webhookEndpoints");
  const now = new Date();
  for (let k = 0; k < ENDPOINTS; k++) {
    const secret = newSigningSecret();
    secrets.set(`/ep/${k}`, secret.display);
    await endpoints.create({
      _id: newEndpointId(),
      owner_uid: `bench-user-${k}`,
      team_id: null,
      url: `http://hooks.test:${receiver.port}/ep/${k}`,
      event_types: ["credits.purchased"],
      description: "bench",
      enabled: true,
      disabled_reason: null,
      disabled_at: null,
      secrets: [{ id: `sec_${k}`, key: secret.key, created_at: now, expires_at: null }],
      failing_since: null,
      created_by: `bench-user-${k}`,
      created_at: now,
      updated_at: now,
      version: 1,
    });
  }
  // Warm-up: connections, stores, lazy imports (one event, delivered, not counted).
  await recordEvent(services, fact(-1, new Date()));
  await dispatchNotifications("bench-warmup", services, { budgetMs: 10_000, untilIdle: true });
  seen = 0;
  idCounts.clear();
  unknown = 0;

  // Round trips from here to the last delivery, by `<command> <collection>` (heartbeats and handshakes left out).
  const housekeeping = new Set(["hello", "isMaster", "ismaster", "ping", "endSessions", "saslStart", "saslContinue", "buildInfo"]);
  const commands = new Map();
  let counting = true;
  const mongoClient = await requireFromFunctions("./lib/platform/mongo.js").getMongoClient();
  mongoClient.on("commandStarted", (e) => {
    if (!counting || housekeeping.has(e.commandName)) return;
    const target = e.command[e.commandName];
    const key = `${e.commandName} ${typeof target === "string" ? target : (e.command.collection ?? "")}`.trim();
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });

  const cpu0 = process.cpuUsage();
  const mongoCpu0 = cpuTicks(mongo.pid);
  const t0 = Date.now() + 200;
  let recordLagMax = 0;
  let recordFailures = 0;
  let offeredEnd = 0;
  const offering = (async () => {
    const pending = [];
    for (let i = 0; i < TOTAL; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      recordLagMax = Math.max(recordLagMax, Date.now() - due);
      scheduledAt[i] = due;
      pending.push(
        recordEvent(services, fact(i, new Date(due))).then(
          () => (recordedAt[i] = Date.now()),
          () => recordFailures++,
        ),
      );
    }
    await Promise.all(pending);
    offeredEnd = Date.now();
  })();

  const runs = [];
  let timedOut = false;
  if (FAN_OUT_ONLY) {
    const { fanOutBatch } = requireFromFunctions("./lib/core/notifications/fan-out.js");
    const deadline = t0 + (DURATION + DRAIN_S) * 1000;
    for (let fanned = 0; fanned < TOTAL && Date.now() < deadline;) {
      const n = (await fanOutBatch(services)).events;
      fanned += n;
      if (n === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await offering;
  }
  const firstRun = FAN_OUT_ONLY
    ? Promise.resolve()
    : dispatchNotifications("bench-run-0", services, { budgetMs: DURATION * 1000 + 1000 }).then((r) => runs.push(r));
  await Promise.all([offering, firstRun]);
  const drainDeadline = Date.now() + DRAIN_S * 1000;
  while (!FAN_OUT_ONLY && delivered < TOTAL) {
    if (Date.now() > drainDeadline) {
      timedOut = true;
      break;
    }
    runs.push(await dispatchNotifications(`bench-run-${runs.length}`, services, { budgetMs: 5_000, untilIdle: true }));
    if (delivered < TOTAL) await Promise.race([allArrived, new Promise((r) => setTimeout(r, 250))]);
  }
  const end = Date.now();
  counting = false;
  const cpu = process.cpuUsage(cpu0);
  const mongoCpuPct = ((cpuTicks(mongo.pid) - mongoCpu0) * (1000 / CLK_TCK) * 100) / (end - t0);
  // Late duplicates would come within a dispatcher run; one more run proves nothing is left to send.
  if (!FAN_OUT_ONLY) runs.push(await dispatchNotifications("bench-final", services, { budgetMs: 5_000, untilIdle: true }));
  const loadAfter = os.loadavg();

  // Where the delay went: webhook_messages.created_at is when the fan-out made the message.
  const createdAt = new Float64Array(TOTAL);
  const db = await services.db();
  for await (const m of db.collection("webhook_messages").find({}, { projection: { body: 1, created_at: 1 } })) {
    const i = Number(/^bench-(\d+)$/.exec(JSON.parse(m.body)?.data?.paymentId ?? "")?.[1] ?? -1);
    if (i >= 0 && i < TOTAL) createdAt[i] = m.created_at.getTime();
  }
  const lastFanOut = Math.max(...createdAt);
  // Per event: over the events that were fanned out while commands were counted (all of them, unless --drain ran out).
  const fannedOut = createdAt.filter((t) => t > 0).length;
  const toFanOut = [];
  const fanOutToReceived = [];

  const fromScheduled = [];
  const fromRecorded = [];
  let missing = 0;
  let distinctDuplicates = 0;
  for (let i = 0; i < TOTAL; i++) {
    if (createdAt[i]) toFanOut.push(createdAt[i] - scheduledAt[i]);
    const got = byEvent[i];
    if (!got) {
      missing++;
      continue;
    }
    if (got.ids.size > 1) distinctDuplicates++;
    fromScheduled.push(got.first - scheduledAt[i]);
    if (recordedAt[i]) fromRecorded.push(got.first - recordedAt[i]);
    if (createdAt[i]) fanOutToReceived.push(got.first - createdAt[i]);
  }
  fromScheduled.sort((a, b) => a - b);
  fromRecorded.sort((a, b) => a - b);
  toFanOut.sort((a, b) => a - b);
  fanOutToReceived.sort((a, b) => a - b);
  const redeliveries = [...idCounts.values()].reduce((s, n) => s + n - 1, 0);
  const span = (lastArrival - t0) / 1000;
  const sum = (k) => runs.reduce((s, r) => s + (r.webhooks?.[k] ?? 0), 0);

  console.log(`offered events         ${TOTAL} (${RATE}/s for ${DURATION} s; recording fell behind schedule by up to ${recordLagMax} ms)`);
  console.log(
    `delivered              ${delivered}${missing ? `  (${missing} MISSING${timedOut ? `, gave up after --drain ${DRAIN_S} s` : ""})` : ""}`,
  );
  console.log(`distinct duplicates    ${distinctDuplicates} (an event under two webhook-ids; must be 0)`);
  console.log(`redeliveries           ${redeliveries} (same webhook-id again, i.e. retries)`);
  console.log(`wrong endpoint         ${wrongEndpoint}`);
  console.log(`signatures verified    ${verified} sampled (1 in ${SAMPLE}), ${badSignatures} failed`);
  console.log(
    `dispatcher attempts    ${sum("attempts")} (succeeded ${sum("succeeded")}, failed ${sum("failed")}, crashed ${sum("crashed")}) in ${runs.length} runs`,
  );
  const offeredSpan = (offeredEnd - t0) / 1000;
  const fanOutSpan = (lastFanOut - t0) / 1000;
  console.log(`offered rate           ${fmt(TOTAL / offeredSpan)} events/s recorded (${offeredSpan.toFixed(1)} s)`);
  console.log(
    `fan-out throughput     ${fmt(fannedOut / fanOutSpan)} events/s (${fannedOut} events, first offered to last webhook message made: ${fanOutSpan.toFixed(1)} s)`,
  );
  console.log(
    `delivery throughput    ${fmt(delivered / span)} deliveries/s (first offered to last delivered: ${span.toFixed(1)} s; ` +
      `after offering ended: ${((lastArrival - offeredEnd) / 1000).toFixed(1)} s)`,
  );
  const totalCommands = [...commands.values()].reduce((a, b) => a + b, 0);
  console.log(
    `MongoDB round trips    ${totalCommands} = ${(totalCommands / fannedOut).toFixed(2)} per event (over the ${fannedOut} events fanned out; ` +
      `recording, fan-out, sending, push, idle polls; by command below)`,
  );
  console.log(
    `bench process CPU       ${(((cpu.user + cpu.system) / 1000 / (end - t0)) * 100).toFixed(0)}% of a core (recording, dispatcher, receiver)`,
  );
  console.log(`MongoDB process CPU     ${mongoCpuPct.toFixed(0)}% of a core (CongoDB, its own process)`);
  console.log(`1-min loadavg           ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after\n`);
  printTable(
    ["delivery delay, ms", "p50", "p95", "p99", "max"],
    [
      ["from the event's time (scheduled)", ...[50, 95, 99, 100].map((p) => fmt(pct(fromScheduled, p)))],
      ["from recordEvent returned", ...[50, 95, 99, 100].map((p) => fmt(pct(fromRecorded, p)))],
      ["  of which: event time to fan-out (message made)", ...[50, 95, 99, 100].map((p) => fmt(pct(toFanOut, p)))],
      ["  of which: fan-out to received (send queue)", ...[50, 95, 99, 100].map((p) => fmt(pct(fanOutToReceived, p)))],
    ],
  );
  console.log("");
  printTable(
    ["MongoDB commands", "total", "per event"],
    [...commands.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, n, (n / fannedOut).toFixed(2)]),
  );
  if (recordFailures) console.log(`\n${recordFailures} recordEvent calls failed`);

  const dir = path.join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `notifications-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        options: { rate: RATE, duration: DURATION, endpoints: ENDPOINTS, sample: SAMPLE, drain: DRAIN_S },
        machine: { cpus: os.cpus().length, loadavgBefore: loadBefore, loadavgAfter: loadAfter },
        offered: TOTAL,
        delivered,
        missing,
        distinctDuplicates,
        redeliveries,
        wrongEndpoint,
        unknown,
        signatures: { verified, failed: badSignatures },
        recordFailures,
        recordLagMaxMs: recordLagMax,
        throughputPerS: delivered / span,
        offeredPerS: TOTAL / offeredSpan,
        fanOutPerS: fannedOut / fanOutSpan,
        mongoCommands: Object.fromEntries(commands),
        mongoCommandsPerEvent: totalCommands / fannedOut,
        spanS: span,
        drainAfterOfferingS: (lastArrival - offeredEnd) / 1000,
        mongoCpuPctOfCore: mongoCpuPct,
        cpuPctOfCore: ((cpu.user + cpu.system) / 1000 / (end - t0)) * 100,
        runs,
        delayMs: {
          fromScheduled: Object.fromEntries([50, 95, 99, 100].map((p) => [`p${p}`, pct(fromScheduled, p)])),
          fromRecorded: Object.fromEntries([50, 95, 99, 100].map((p) => [`p${p}`, pct(fromRecorded, p)])),
          toFanOut: Object.fromEntries([50, 95, 99, 100].map((p) => [`p${p}`, pct(toFanOut, p)])),
          fanOutToReceived: Object.fromEntries([50, 95, 99, 100].map((p) => [`p${p}`, pct(fanOutToReceived, p)])),
          rawFromScheduled: fromScheduled,
        },
      },
      null,
      1,
    ),
  );
  console.log(`\nRaw figures: ${path.relative(process.cwd(), file)}`);
  if (FAN_OUT_ONLY) {
    console.log(`\n--fan-out-only: ${fannedOut} of ${TOTAL} events fanned out (nothing was sent).`);
    return fannedOut === TOTAL ? 0 : 1;
  }
  const ok = missing === 0 && distinctDuplicates === 0 && wrongEndpoint === 0 && badSignatures === 0 && unknown === 0;
  if (!ok) console.log("\nNOT exactly once (or a signature failed): see above.");
  return ok ? 0 : 1;
}

/** Event i: user (i mod endpoints) bought a credit pack (the fact the payment webhook records). */
function fact(i, occurredAt) {
  const uid = `bench-user-${i < 0 ? 0 : i % ENDPOINTS}`;
  return {
    type: "payment.succeeded",
    dedupeKey: `bench:purchase:${i}`,
    occurredAt,
    subject: { uid },
    data: {
      provider: "stripe",
      paymentId: i < 0 ? "warmup" : `bench-${i}`,
      sku: "credits_1000",
      kind: "credits",
      credits: 1000,
      amount: 500,
      currency: "USD",
    },
  };
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
} finally {
  await cleanup();
}
process.exit(code);
