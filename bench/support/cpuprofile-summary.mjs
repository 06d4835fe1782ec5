// Summarises a V8 .cpuprofile (node --cpu-prof): self time per package / area, highest first.
//   node bench/support/cpuprofile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: cpuprofile-summary.mjs <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const dt = profile.timeDeltas;
// Each sample is attributed the time delta that follows it.
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const us = dt[i + 1] ?? 0;
  selfUs.set(node.id, (selfUs.get(node.id) ?? 0) + us);
}
const area = (frame) => {
  const url = frame.url || "";
  if (!url) return frame.functionName ? `(native: ${frame.functionName})` : "(program/idle/gc)";
  const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  if (url.includes("/functions/lib/")) return "functions/lib (app code)";
  return url;
};
const totals = new Map();
const fns = new Map();
let all = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  const key = area(frame);
  totals.set(key, (totals.get(key) ?? 0) + us);
  const fk = `${key} ${frame.functionName || "(anonymous)"}:${frame.lineNumber + 1}`;
  fns.set(fk, (fns.get(fk) ?? 0) + us);
  all += us;
}
const top = Number(topArg) || 25;
const print = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) => console.log(`${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`));
console.log(`${file}: ${(all / 1000).toFixed(0)} ms sampled\n\nSelf time by package / area:`);
print(totals);
console.log("\nSelf time by function:");
print(fns);
