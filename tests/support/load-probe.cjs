// Loads the built functions as Cloud Functions does for one deployed function, in a fresh process:
//   FUNCTION_TARGET=<name> node load-probe.cjs <functionsDir>
// It requires index.js, reads the target's export (which builds it), then imports the handler module
// of each of its operations (what its first requests would import), and prints what was loaded at
// each step: our own files (relative to lib/) and the npm packages.
"use strict";
const path = require("node:path");
const lib = path.join(process.argv[2], "lib");
const target = process.env.FUNCTION_TARGET;
const pkgOf = (p) => {
  const s = p.split("node_modules/").pop().split("/");
  return s[0].startsWith("@") ? `${s[0]}/${s[1]}` : s[0];
};
const snapshot = () => ({
  own: Object.keys(require.cache)
    .filter((p) => p.startsWith(lib + "/"))
    .map((p) => p.slice(lib.length + 1))
    .sort(),
  packages: [
    ...new Set(
      Object.keys(require.cache)
        .filter((p) => p.includes("node_modules"))
        .map(pkgOf),
    ),
  ].sort(),
});

(async () => {
  const index = require(path.join(lib, "index.js"));
  const afterIndex = snapshot();
  const fn = index[target];
  const afterExport = snapshot();
  const endpoint = fn && fn.__endpoint;
  // The handler modules its operations import on their first request.
  let afterHandlers = afterExport;
  if (endpoint && endpoint.httpsTrigger) {
    // Its module's table is the one loaded *.routes.js file that declares it (never routes.js, which
    // would load every module).
    const tables = afterExport.own.filter((f) => f.endsWith(".routes.js")).flatMap((f) => Object.values(require(path.join(lib, f))));
    const spec = tables.find((t) => t && typeof t === "object" && Object.hasOwn(t, target))[target];
    for (const op of Object.values(spec.operations)) await op.handler();
    afterHandlers = snapshot();
  }
  process.stdout.write(
    JSON.stringify({
      kind: typeof fn,
      trigger: endpoint ? Object.keys(endpoint).filter((k) => k.endsWith("Trigger")) : [],
      afterIndex,
      afterExport,
      afterHandlers,
    }),
  );
})().catch((err) => {
  process.stderr.write(String(err && err.stack));
  process.exit(1);
});
