// Times prompt list vs search at 1k and 10k prompts on the local engine (CongoDB), calling the compiled
// handlers (functions/lib) directly with the services' database pointed at it (overrideServicesForTests);
// documents are inserted straight into Mongo.
// Figures only. On CongoDB every query scans the collection, so these measure the engine's scan plus our
// pipeline, not MongoDB with indexes (see bench/README.md).
import { requireFromFunctions as requireFn, startEmbeddedMongo } from "../scripts/lib.mjs";

const { MongoClient, ObjectId } = requireFn("mongodb");
const { searchPrompts } = requireFn("./lib/api/search/search-prompts.js");
const { listPrompts } = requireFn("./lib/api/prompts/list-prompts.js");
const { searchTerms } = requireFn("./lib/core/search/search-terms.js");
const { services, overrideServicesForTests } = requireFn("./lib/services.js");

const SIZES = [1_000, 10_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WORDS =
  "deploy release summary writer checklist support email refund billing translate code review agent sql query report marketing tweet story outline persona".split(
    " ",
  );
const uid = "bench-user";

function doc(i, now) {
  const pick = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  const title = `${pick(1)} ${pick(2)} ${i}`;
  const description = `${pick(3)} ${pick(4)} ${pick(5)} prompt`;
  const tags = [pick(6)];
  const template = `You are a ${pick(7)} assistant. ${pick(8)} the {{input}} for ${pick(9)}.`;
  // A third of the prompts belong to another user, so the access filter has something to exclude.
  const mine = i % 3 !== 0;
  return {
    _id: new ObjectId(),
    owner_uid: mine ? uid : "someone-else",
    team_id: null,
    project_id: null,
    title,
    description,
    tags,
    type: i % 4 === 0 ? "chat" : "text",
    next_version: 1,
    labels: { latest: 1 },
    archived: i % 50 === 0,
    forked_from: null,
    search_terms: searchTerms(title, description, ...tags, template),
    created_by: mine ? uid : "someone-else",
    created_at: new Date(now - i * 1000),
    updated_at: new Date(now - i * 1000),
  };
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function time(fn) {
  const times = [];
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { p50: pct(times, 50), p99: pct(times, 99) };
}

const mongo = await startEmbeddedMongo(undefined, "pf_bench_search");
const client = await MongoClient.connect(mongo.uri);
try {
  const db = client.db("pf_bench_search");
  overrideServicesForTests({ db: async () => db });
  const ctx = (query) => ({ caller: { uid }, query, services });
  const cases = {
    "list (updated, 25)": () => listPrompts(ctx({ archived: "false", sort: "updated", limit: 25 })),
    "search q=deploy (exact)": () => searchPrompts(ctx({ q: "deploy", scope: "all", limit: 20 })),
    "search q=sum (prefix)": () => searchPrompts(ctx({ q: "sum", scope: "all", limit: 20 })),
    "search q=release chec (2 terms)": () => searchPrompts(ctx({ q: "release chec", scope: "all", limit: 20 })),
    "search q=deploy tags+type": () => searchPrompts(ctx({ q: "deploy", scope: "mine", tags: "billing", type: "text", limit: 20 })),
  };
  console.log(`runs per case: ${RUNS} (ms)`);
  console.log(["prompts", "case", "p50", "p99"].join("\t"));
  let inserted = 0;
  const now = Date.now();
  for (const size of SIZES) {
    const batch = [];
    for (let i = inserted; i < size; i++) batch.push(doc(i, now));
    for (let i = 0; i < batch.length; i += 1000) await db.collection("prompts").insertMany(batch.slice(i, i + 1000));
    inserted = size;
    for (const [name, fn] of Object.entries(cases)) {
      const { p50, p99 } = await time(fn);
      console.log([size, name, p50.toFixed(1), p99.toFixed(1)].join("\t"));
    }
  }
} finally {
  await client.close();
  await mongo.stop();
}
