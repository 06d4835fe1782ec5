// Registry overhead: what our LLM adapter + router (+ the credit ledger) add to one completion, against
// the openai SDK calling the same server directly. The server is a loopback OpenAI-compatible fake in
// this process that answers at once, so the vendor's latency is ~0 and only our code differs.
//
//   node bench/llm-overhead.mjs [--calls 2000] [--warmup 200] [--no-ledger]
//
// Each iteration runs (a), (b) and (c) back to back (in rotating order), so machine drift hits all three alike, and the
// per-call difference pairs each (b)/(c) call with the (a) call of the same iteration:
//   (a) openai SDK → fake (maxRetries 0)
//   (b) OpenAiCompatibleProvider + createLlmRouter → fake (the path of POST /ai/generate's model call)
//   (c) (b) + MongoCreditLedger reserve before and settle after, on embedded CongoDB (own process),
//       with the breaker publisher on (one llm_health write per 30 s, as in production)
// Prints figures and writes bench/results/llm-overhead-<time>.json; asserts nothing. See bench/README.md.
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir, checkBuild, cleanupOnExit, printTable, reportMachineLoad, requireFromFunctions, startMongoProcess } from "./lib.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CALLS = arg("calls", 2_000);
const WARMUP = arg("warmup", 200);
const NO_LEDGER = process.argv.includes("--no-ledger");
process.env.LOG_LEVEL = "error";
process.env.ENVIRONMENT = "production";

checkBuild();
const { cleanups, cleanup } = cleanupOnExit();

/** Chat Completions reply of a fixed size, sent as soon as the request body has arrived. */
function startFake() {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-bench",
          object: "chat.completion",
          created: 1_700_000_000,
          model: body.model,
          choices: [
            { index: 0, message: { role: "assistant", content: "Hello, world", refusal: null }, finish_reason: "stop", logprobs: null },
          ],
          usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
        }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 0.5), p99: pct(s, 0.99), mean: xs.reduce((n, x) => n + x, 0) / xs.length };
};
const ms = (x) => x.toFixed(3);

let exitCode = 0;
try {
  await reportMachineLoad();
  const fake = await startFake();
  cleanups.push(() => new Promise((r) => (fake.closeAllConnections(), fake.close(() => r()))));
  const baseURL = `http://127.0.0.1:${fake.address().port}/v1`;

  const mongo = await startMongoProcess("promptforge_bench_llm");
  cleanups.push(mongo.stop);
  const { MongoClient } = requireFromFunctions("mongodb");
  const client = new MongoClient(mongo.uri);
  await client.connect();
  cleanups.push(() => client.close());
  const db = client.db();

  const { default: OpenAI } = requireFromFunctions("openai");
  const { OpenAiCompatibleProvider } = requireFromFunctions("./lib/core/llm/providers/openai-provider.js");
  const { createLlmRouter, abortableSleep } = requireFromFunctions("./lib/core/llm/llm-router.js");
  const { BreakerRegistry } = requireFromFunctions("./lib/core/llm/circuit-breaker.js");
  const { buildModelCatalog } = requireFromFunctions("./lib/core/llm/model-catalog.js");
  const { costCredits } = requireFromFunctions("./lib/core/llm/llm-router-types.js");
  const { createBreakerPublisher } = requireFromFunctions("./lib/core/llm/breaker-publisher.js");
  const { LlmHealthStore } = requireFromFunctions("./lib/core/llm/llm-health-store.js");
  const { MongoCreditLedger } = requireFromFunctions("./lib/core/credits/ledger.js");

  const messages = [{ role: "user", content: "Say hello to the world in two words." }];
  const sdk = new OpenAI({ apiKey: "bench", baseURL, maxRetries: 0, timeout: 60_000 });
  const direct = () => sdk.chat.completions.create({ model: "llama3.2", messages, max_tokens: 50 });

  const catalog = buildModelCatalog({ environment: "production" });
  const routerWith = (breakers, extra = {}) => {
    const provider = new OpenAiCompatibleProvider({
      id: "local",
      apiKey: "local",
      baseUrl: baseURL,
      timeoutMs: 60_000,
      maxTokensField: "max_tokens",
    });
    return createLlmRouter({
      providers: new Map([["local", provider]]),
      catalog,
      breakers,
      now: Date.now,
      sleep: abortableSleep,
      random: Math.random,
      fallbackChains: {},
      ...extra,
    });
  };
  const route = { modelOrPolicy: "local:llama3.2", tier: "pro", request: { messages, maxOutputTokens: 50 } };
  const routeOptions = () => ({ signal: new AbortController().signal, deadline: Date.now() + 60_000 });
  const plain = routerWith(new BreakerRegistry(Date.now));
  const viaRouter = () => plain.run(route, routeOptions());

  const meteredBreakers = new BreakerRegistry(Date.now);
  const health = new LlmHealthStore(db);
  const publisher = createBreakerPublisher({ breakers: meteredBreakers, store: async () => health, instanceId: "bench", now: Date.now });
  const published = routerWith(meteredBreakers, { afterCall: publisher.notify });
  const ledger = new MongoCreditLedger(db, () => new Date());
  const uid = "bench-llm";
  const cause = { kind: "bench", id: "llm-overhead" };
  await ledger.purchase({ uid, amount: 100_000_000, idempotencyKey: `${uid}:seed`, actor: "bench", reason: "seed", cause });
  const spec = catalog.get("local:llama3.2");
  let seq = 0;
  const viaLedger = async () => {
    const r = await ledger.reserve({ uid, amount: 1, idempotencyKey: `${uid}:${seq++}`, actor: uid, reason: "bench", cause });
    const out = await published.run(route, routeOptions());
    await ledger.settle(r.id, costCredits(spec, out.usage), uid);
    return out;
  };

  const cases = [
    ["(a) openai SDK direct", direct],
    ["(b) adapter + router", viaRouter],
    ...(NO_LEDGER ? [] : [["(c) (b) + ledger reserve/settle", viaLedger]]),
  ];
  const samples = cases.map(() => []);
  for (let i = 0; i < WARMUP + CALLS; i++) {
    // The order rotates so that no case always follows the ledger's database work.
    for (let k = 0; k < cases.length; k++) {
      const c = (i + k) % cases.length;
      const t0 = performance.now();
      await cases[c][1]();
      const dt = performance.now() - t0;
      if (i >= WARMUP) samples[c].push(dt);
    }
  }
  await publisher.idle();

  const rows = [];
  const results = {};
  for (let c = 0; c < cases.length; c++) {
    const s = stats(samples[c]);
    const diff = c === 0 ? null : stats(samples[c].map((x, i) => x - samples[0][i]));
    results[cases[c][0]] = { ...s, diff };
    rows.push([
      cases[c][0],
      ms(s.p50),
      ms(s.p99),
      ms(s.mean),
      diff ? ms(diff.p50) : "-",
      diff ? ms(diff.p99) : "-",
      diff ? ms(s.p50 - results[cases[0][0]].p50) : "-",
    ]);
  }
  console.log(
    `\nRegistry overhead, Node ${process.version}, ${os.cpus().length} CPUs, ${CALLS} sequential completions per case after ${WARMUP} warm-up, loopback fake answering at once`,
  );
  printTable(["case", "p50 ms", "p99 ms", "mean ms", "Δ vs (a) p50", "Δ vs (a) p99", "p50 − p50(a)"], rows);
  const b = results[cases[1][0]].diff;
  console.log(
    `\nGoal without the ledger: Δ p50 ≤ 0.5 ms, Δ p99 ≤ 2 ms → ${b.p50 <= 0.5 && b.p99 <= 2 ? "met" : "NOT met"} (Δ = per-call difference against the (a) call of the same iteration)`,
  );
  mkdirSync(path.join(benchDir, "results"), { recursive: true });
  writeFileSync(
    path.join(benchDir, "results", `llm-overhead-${Date.now().toString(36)}.json`),
    JSON.stringify({ calls: CALLS, warmup: WARMUP, node: process.version, results }, null, 2),
  );
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
