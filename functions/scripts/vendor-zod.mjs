// Runs after `tsc` (npm run build): writes zod as one file, lib/vendor/zod.js, and points every
// `require("zod")` of the compiled code at it.
//
// Why: zod's CommonJS build is 95 files and 1 MB, 420 KB of which are the error messages of 64
// languages that `require("zod")` loads eagerly; we answer in English only. Compiling that code is a
// large part of a function's cold start (see docs/operations.md "Cold starts"). The bundle is the same
// zod release (bundled from node_modules/zod, so its version cannot drift from package.json), with the
// English locale only, whitespace removed and a source map. Types and tests (which run functions/src)
// keep using the package itself.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const functionsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lib = path.join(functionsDir, "lib");
const outfile = path.join(lib, "vendor/zod.js");
const require = createRequire(path.join(functionsDir, "package.json"));
const zodDir = path.dirname(require.resolve("zod/package.json"));
const { version } = JSON.parse(readFileSync(path.join(zodDir, "package.json"), "utf8"));

await build({
  entryPoints: [path.join(zodDir, "index.js")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node24",
  outfile,
  // Names are kept (readable stack traces); only layout and dead branches go.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  legalComments: "eof",
  banner: { js: `// zod ${version} (MIT, https://github.com/colinhacks/zod), English locale only: functions/scripts/vendor-zod.mjs` },
  logLevel: "warning",
  plugins: [
    {
      name: "english-only",
      setup(b) {
        // `z.locales` keeps `en` (the default messages); no other language is bundled.
        b.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, () => ({ path: "zod-locales-en", namespace: "locales" }));
        b.onLoad({ filter: /.*/, namespace: "locales" }, () => ({
          contents: `export { default as en } from ${JSON.stringify(path.join(zodDir, "v4/locales/en.js"))};`,
          resolveDir: zodDir,
        }));
      },
    },
  ],
});

let rewritten = 0;
for (const file of jsFiles(lib)) {
  if (file === outfile) continue;
  const source = readFileSync(file, "utf8");
  if (/require\("zod\//.test(source))
    throw new Error(`${path.relative(functionsDir, file)} imports a zod subpath; vendor-zod.mjs bundles "zod" only`);
  if (!source.includes('require("zod")')) continue;
  const target = path.relative(path.dirname(file), outfile).replace(/\\/g, "/");
  writeFileSync(file, source.replaceAll('require("zod")', `require(${JSON.stringify(target.startsWith(".") ? target : `./${target}`)})`));
  rewritten++;
}
console.log(`vendor-zod: zod ${version} -> ${path.relative(functionsDir, outfile)}, ${rewritten} compiled files point at it`);

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(p);
    else if (entry.name.endsWith(".js")) yield p;
  }
}
