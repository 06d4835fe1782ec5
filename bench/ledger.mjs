// Credit ledger throughput: reserve → settle pairs per second on the embedded database, for one hot
// account (every worker on the same balance: the conditional-update contention case) and for many
// accounts; then checks exactly-once (each account equals the sum of its entries, no key twice).
// Usage: node bench/ledger.mjs [--seconds 10] [--workers 20]
import { checkBuild, cleanupOnExit, median, printTable, reportMachineLoad, requireFromFunctions, startMongoProcess } from "./lib.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 10);
const WORKERS = arg("workers", 20);

checkBuild();
const { cleanups, cleanup } = cleanupOnExit();
await reportMachineLoad();
const mongo = await startMongoProcess("promptforge_bench_ledger");
cleanups.push(mongo.stop);
const { MongoClient } = requireFromFunctions("mongodb");
const { MongoCreditLedger } = requireFromFunctions("./lib/core/credits/ledger.js");
const client = new MongoClient(mongo.uri);
await client.connect();
cleanups.push(() => client.close());
const db = client.db();
const ledger = new MongoCreditLedger(db, () => new Date());
const cause = { kind: "bench", id: "ledger" };

async function scenario(name, accounts) {
  for (const uid of accounts) {
    await ledger.purchase({ uid, amount: 100_000_000, idempotencyKey: `${name}:${uid}:seed`, actor: "bench", reason: "seed", cause });
  }
  const latencies = [];
  let pairs = 0;
  let seq = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      while (Date.now() < deadline) {
        const uid = accounts[(w + seq) % accounts.length];
        const key = `${name}:${w}:${seq++}`;
        const t0 = performance.now();
        const r = await ledger.reserve({ uid, amount: 50, idempotencyKey: key, actor: uid, reason: "bench", cause });
        await ledger.settle(r.id, 30, uid);
        latencies.push(performance.now() - t0);
        pairs++;
      }
    }),
  );
  // Exactly-once check.
  let ok = true;
  for (const uid of accounts) {
    const account = await db.collection("credit_accounts").findOne({ user_id: uid });
    const [sum] = await db
      .collection("transactions")
      .aggregate([
        { $match: { user_id: uid } },
        { $group: { _id: null, a: { $sum: "$delta_available" }, r: { $sum: "$delta_reserved" }, n: { $sum: 1 } } },
      ])
      .toArray();
    const keys = await db.collection("transactions").distinct("idempotency_key", { user_id: uid });
    ok &&= account.balance === sum.a && account.reserved === sum.r && account.reserved === 0 && keys.length === sum.n;
  }
  latencies.sort((a, b) => a - b);
  return [
    name,
    String(accounts.length),
    (pairs / SECONDS).toFixed(0),
    ((pairs * 2) / SECONDS).toFixed(0),
    median(latencies).toFixed(1),
    latencies[Math.floor(latencies.length * 0.99)].toFixed(1),
    ok ? "yes" : "NO",
  ];
}

let exitCode = 0;
try {
  const rows = [];
  rows.push(await scenario("hot", ["hot-account"]));
  rows.push(
    await scenario(
      "spread",
      Array.from({ length: 100 }, (_, i) => `acct-${i}`),
    ),
  );
  console.log(`\nreserve → settle, ${WORKERS} concurrent workers, ${SECONDS} s each (embedded CongoDB: every query scans its collection)`);
  printTable(["scenario", "accounts", "pairs/s", "ledger ops/s", "p50 ms (pair)", "p99 ms (pair)", "exactly-once"], rows);
  if (rows.some((r) => r[6] !== "yes")) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
