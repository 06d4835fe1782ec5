// Derives firebase.json's Hosting rewrites, openapi.json and the README's function catalogue from the
// operation table (routes.ts).
// `npm run generate` writes them; `--check` only reports drift (the test suite checks it too).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, requireFromFunctions, root } from "./lib.mjs";

export function generated() {
  const { routes } = requireFromFunctions("./lib/routes.js");
  const { hostingRewrites } = requireFromFunctions("./lib/platform/hosting-rewrites.js");
  const { buildOpenApi } = requireFromFunctions("./lib/platform/openapi.js");
  const { API_VERSION } = requireFromFunctions("./lib/api/meta/get-openapi.js");
  const { functionCatalogue, CATALOGUE_START, CATALOGUE_END } = requireFromFunctions("./lib/platform/function-catalogue.js");
  const firebaseJson = JSON.parse(readFileSync(path.join(root, "firebase.json"), "utf8"));
  firebaseJson.hosting.rewrites = hostingRewrites(routes);
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) throw new Error("README.md lacks the function catalogue markers");
  return {
    "README.md": `${readme.slice(0, start + CATALOGUE_START.length)}\n${functionCatalogue(routes)}\n${readme.slice(end)}`,
    "firebase.json": JSON.stringify(firebaseJson, null, 2) + "\n",
    "openapi.json": JSON.stringify(buildOpenApi(routes, API_VERSION), null, 2) + "\n",
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  if (!process.argv.includes("--no-build")) await build();
  let drift = false;
  for (const [file, content] of Object.entries(generated())) {
    const target = path.join(root, file);
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      /* a missing file is drift */
    }
    if (current === content) continue;
    drift = true;
    if (check) console.error(`${file} is out of date: run npm run generate`);
    else {
      writeFileSync(target, content);
      console.log(`wrote ${file}`);
    }
  }
  if (check && drift) process.exit(1);
}
