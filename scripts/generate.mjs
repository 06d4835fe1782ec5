// Derives firebase.json's Hosting rewrites, openapi.json, the README's function catalogue and the typed
// client's types (clients/typescript/src/schema.d.ts, by openapi-typescript) from the operation table
// (routes.ts).
// `npm run generate` writes them; `--check` only reports drift (the test suite checks it too).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { build, requireFromFunctions, root } from "./lib.mjs";

export const CLIENT_TYPES = "clients/typescript/src/schema.d.ts";

/** The typed client's types for an OpenAPI document (JSON text). */
export async function clientTypes(openapiJson) {
  const ast = await openapiTS(JSON.parse(openapiJson), { alphabetize: true, silent: true });
  return `// Generated from openapi.json by \`npm run generate\` (openapi-typescript); do not edit.\n${astToString(ast)}`;
}

export async function generated() {
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
  const openapi = JSON.stringify(buildOpenApi(routes, API_VERSION), null, 2) + "\n";
  return {
    [CLIENT_TYPES]: await clientTypes(openapi),
    "README.md": `${readme.slice(0, start + CATALOGUE_START.length)}\n${functionCatalogue(routes)}\n${readme.slice(end)}`,
    "firebase.json": JSON.stringify(firebaseJson, null, 2) + "\n",
    "openapi.json": openapi,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  if (!process.argv.includes("--no-build")) await build();
  let drift = false;
  for (const [file, content] of Object.entries(await generated())) {
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
