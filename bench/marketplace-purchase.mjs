// Marketplace purchases on ONE hot listing: many buyers buy the same listing at a fixed concurrency.
// Prints purchase latency p50/p99, purchases per second and MongoDB commands per purchase (the
// driver's command monitoring), then checks exactly-once: each buyer debited once, one active licence
// each, the listing's sales and the earnings lines equal to what was sold.
//
//   node bench/marketplace-purchase.mjs [--buyers 400] [--concurrency 1,10,25] [--price 999]
//
// It drives the service path the buyListing handler calls (core/marketplace/purchase-saga.ts
// `purchase()` → stores → credit ledger), not HTTP: through HTTP each request adds ID-token
// verification against the Auth emulator and the Functions Framework (both measured by
// throughput.mjs), which would hide the saga's own cost. Each concurrency level gets its own listing
// and buyers in a fresh database (CongoDB scans whole collections, so a database that grows between
// levels would skew later ones). Prints figures and asserts nothing (exit 1 if exactly-once fails).
import { checkBuild, cleanupOnExit, median, printTable, reportMachineLoad, requireFromFunctions, startMongoProcess } from "./lib.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const BUYERS = Number(arg("buyers", 400));
const LEVELS = String(arg("concurrency", "1,10,25")).split(",").map(Number);
const PRICE = Number(arg("price", 999));

checkBuild();
process.env.LOG_LEVEL ??= "error";
// Each level stops its database itself; one left behind exits with this process (mongo-process.mjs).
const { cleanup } = cleanupOnExit();
await reportMachineLoad();
const { MongoClient, ObjectId } = requireFromFunctions("mongodb");
const { overrideServicesForTests, services } = requireFromFunctions("./lib/services.js");
const { purchase } = requireFromFunctions("./lib/core/marketplace/purchase-saga.js");
const { migrate } = requireFromFunctions("./lib/platform/migrate.js");

async function level(concurrency) {
  const mongo = await startMongoProcess(`promptforge_bench_mkt_${concurrency}`);
  const client = new MongoClient(mongo.uri, { monitorCommands: true });
  await client.connect();
  const db = client.db();
  await migrate(db);
  const restore = overrideServicesForTests({ db: async () => db });
  try {
    const [listings, ledger] = await Promise.all([services.store("listings"), services.ledger()]);
    const seller = "bench-seller";
    const meta = { title: "Hot prompt", description: "d", category: "creative", tags: [], models: [], price: PRICE, samples: [] };
    const content = { type: "text", template: "secret {{x}}", variables: [{ name: "x", type: "string" }], settings: {} };
    const draft = await listings.create(seller, meta, content, { prompt_id: new ObjectId(), version: 1 });
    await listings.submitDraft(draft, 1);
    await listings.decide(draft, 1, { by: "bench", at: new Date(), decision: "approved", reason_code: null, note: null });
    const buyers = Array.from({ length: BUYERS }, (_, i) => `bench-buyer-${i}`);
    for (const uid of buyers)
      await ledger.purchase({
        uid,
        amount: PRICE * 2,
        idempotencyKey: `seed:${uid}`,
        actor: "bench",
        reason: "seed",
        cause: { kind: "bench", id: "mkt" },
      });
    // Warm-up (not counted): one purchase loads the saga's modules and the stores.
    await ledger.purchase({
      uid: "warm",
      amount: PRICE,
      idempotencyKey: "seed:warm",
      actor: "bench",
      reason: "seed",
      cause: { kind: "bench", id: "mkt" },
    });
    await purchase(services, "warm", { kind: "listing", id: draft._id }, "warm");

    let commands = 0;
    const byName = new Map();
    const count = (e) => {
      commands++;
      byName.set(e.commandName, (byName.get(e.commandName) ?? 0) + 1);
    };
    client.on("commandStarted", count);
    const latencies = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = next++; i < buyers.length; i = next++) {
          const s = performance.now();
          await purchase(services, buyers[i], { kind: "listing", id: draft._id }, `bench-${w}`);
          latencies.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    client.off("commandStarted", count);

    // Exactly once: one debit of the price per buyer, one active licence each, the sales and the lines.
    const debits = await db
      .collection("transactions")
      .countDocuments({ type: "transfer", user_id: { $in: buyers }, delta_available: -PRICE });
    const balances = await db
      .collection("credit_accounts")
      .find({ user_id: { $in: buyers } })
      .toArray();
    const licences = await db.collection("licences").countDocuments({ listing_id: draft._id, state: "active" });
    const listing = await db.collection("listings").findOne({ _id: draft._id });
    const [lines] = await db
      .collection("earnings")
      .aggregate([{ $match: { "source.listing_id": draft._id } }, { $group: { _id: null, sum: { $sum: "$amount" } } }])
      .toArray();
    const sold = BUYERS + 1;
    const ok =
      debits === BUYERS &&
      balances.every((b) => b.balance === PRICE) &&
      licences === sold &&
      listing.sales === sold &&
      lines.sum === sold * PRICE;
    latencies.sort((a, b) => a - b);
    breakdown.set(concurrency, [...byName].map(([name, n]) => `${name} ${(n / BUYERS).toFixed(1)}`).join(", "));
    return [
      String(concurrency),
      String(BUYERS),
      (BUYERS / seconds).toFixed(1),
      median(latencies).toFixed(1),
      latencies[Math.floor(latencies.length * 0.99)].toFixed(1),
      (commands / BUYERS).toFixed(1),
      ok ? "yes" : "NO",
    ];
  } finally {
    restore();
    await client.close();
    await mongo.stop();
  }
}

/** Commands per purchase by name, per concurrency level. */
const breakdown = new Map();
let exitCode = 0;
try {
  const rows = [];
  for (const c of LEVELS) rows.push(await level(c));
  console.log(
    `\npurchases of one listing (${PRICE} credits) by ${BUYERS} buyers, service path (purchase saga → stores → ledger), embedded CongoDB (every query scans its collection)`,
  );
  printTable(["concurrency", "purchases", "purchases/s", "p50 ms", "p99 ms", "MongoDB commands/purchase", "exactly-once"], rows);
  for (const [c, line] of breakdown) console.log(`commands per purchase at concurrency ${c}: ${line}`);
  if (rows.some((r) => r[6] !== "yes")) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
