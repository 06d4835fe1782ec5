// MongoDB round trips per representative operation (authenticated read, prompt create, metered
// generate, webhook grant, ledger page), counted with the driver's command monitoring: a figure that
// does not depend on the machine. It runs tests/integration/db-round-trips.test.ts (which also fails
// if a count grows with the data or rises above its recorded figure) and prints what it counted.
//
//   node bench/db-commands.mjs
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const child = spawn("npm", ["test", "--", "tests/integration/db-round-trips.test.ts"], {
  cwd: root,
  env: { ...process.env, TEST_LOGS: "1", FORCE_COLOR: "0" },
  stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
child.stdout.on("data", (c) => (out += c));
child.on("exit", (code) => {
  const blocks = [...out.matchAll(/^\s+((?:GET|POST) [^\n]*): (\d+( \(\d+ in sequence\))?)\n((?:\s{6}\S[^\n]*\n)+)/gm)];
  if (!blocks.length) {
    process.stdout.write(out);
    process.exit(code || 1);
  }
  console.log("MongoDB commands per operation (warm; the same at 10x the data):\n");
  for (const [, op, n, , cmds] of blocks) {
    console.log(`${op}: ${n}`);
    for (const line of cmds.trim().split("\n")) if (!line.includes(" at ")) console.log(`    ${line.trim()}`);
  }
  console.log(
    code === 0
      ? "\nAll within their recorded figures (tests/integration/db-round-trips.test.ts)."
      : "\nSome counts rose: see the test output above.",
  );
  process.exit(code ?? 1);
});
