// The local files the Functions emulator reads its configuration from, in `functions/`:
// - `.secret.local`: values of the secrets (defineSecret). `npm start` keeps what you put there and
//   adds only what is missing (from the committed `.secret.local.example`).
// - `.env.local`: emulator-only values of the string params. The emulator writes the params it had
//   no value for into it, and its values beat the environment, so `npm start` writes the value of every
//   param you exported into it: an exported variable always wins over an old line.
// Precedence (README, "Configuration"): exported variable > .secret.local / .env.local > example or
// `.env` / `.env.<project>` > the param's default. `npm test` sets both files aside and restores them.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { functionsDir } from "./lib.mjs";

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;
const SECRETS = ".secret.local";
const ENV_LOCAL = ".env.local";
const SET_ASIDE = ".npm-test-backup.local";

/** KEY=value lines (values optionally quoted, as the Firebase CLI reads them); comments skipped. */
export function parseDotenv(text) {
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = LINE.exec(line);
    if (m) values[m[1]] = unquote(m[2]);
  }
  return values;
}

function unquote(raw) {
  const quoted = /^(["'])(.*)\1$/s.exec(raw);
  if (!quoted) return raw.split("#")[0].trim();
  if (quoted[1] === "'") return quoted[2];
  const escapes = { n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"' };
  return quoted[2].replace(/\\([nrtv\\'"])/g, (_, c) => escapes[c]);
}

/** A value as a dotenv line reads it back: bare when safe, else double-quoted with escapes. */
export function formatDotenvValue(value) {
  if (/^[^\s#"'\\]*$/.test(value)) return value;
  const escapes = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"' };
  return `"${value.replace(/[\n\r\t\v\\"]/g, (c) => escapes[c])}"`;
}

/** The names of the params and secrets declared in functions/src/platform/params.ts. */
export function declaredParams(dir = functionsDir) {
  const source = readFileSync(path.join(dir, "src/platform/params.ts"), "utf8");
  const strings = [];
  const secrets = [];
  for (const m of source.matchAll(/define(String|Int|Boolean|Secret)\(\s*"([A-Z][A-Z0-9_]*)"/g)) {
    (m[1] === "Secret" ? secrets : strings).push(m[2]);
  }
  return { strings, secrets };
}

const readIfExists = (file) => (existsSync(file) ? readFileSync(file, "utf8") : "");

/**
 * Writes `.secret.local`: the example's demo values for what is missing, what the file already holds
 * (yours: kept), any secret you exported (wins), then `overrides` (npm start's MONGODB_URI).
 */
export function writeLocalSecrets(overrides = {}, { dir = functionsDir, env = process.env } = {}) {
  const example = parseDotenv(readFileSync(path.join(dir, ".secret.local.example"), "utf8"));
  const current = parseDotenv(readIfExists(path.join(dir, SECRETS)));
  const names = new Set([...Object.keys(example), ...Object.keys(current), ...declaredParams(dir).secrets]);
  const values = { ...example, ...current };
  for (const name of names) if (env[name] !== undefined && env[name] !== "") values[name] = env[name];
  Object.assign(values, overrides);
  const body = Object.entries(values)
    .map(([k, v]) => `${k}=${formatDotenvValue(v)}`)
    .join("\n");
  writeFileSync(
    path.join(dir, SECRETS),
    "# Local secrets for the Functions emulator. Your values are kept; scripts/local-secrets.mjs adds the\n" +
      "# demo ones that are missing (from .secret.local.example), and exported variables of the same name win.\n" +
      `${body}\n`,
  );
  return values;
}

/**
 * Makes every string param you exported win in the emulator: `.env.local` (which the emulator reads
 * last, and which beats the environment) gets the exported value, replacing an older line; the other
 * lines are left as they are. Returns the names it changed.
 */
export function reconcileEnvLocal({ dir = functionsDir, env = process.env } = {}) {
  const file = path.join(dir, ENV_LOCAL);
  const text = readIfExists(file);
  const current = parseDotenv(text);
  const wanted = declaredParams(dir).strings.filter((name) => env[name] !== undefined && current[name] !== env[name]);
  if (wanted.length === 0) return [];
  const pending = new Set(wanted);
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const out = lines.map((line) => {
    const m = LINE.exec(line);
    if (!m || !pending.has(m[1]) || /^\s*#/.test(line)) return line;
    pending.delete(m[1]);
    return `${m[1]}=${formatDotenvValue(env[m[1]])}`;
  });
  for (const name of pending) out.push(`${name}=${formatDotenvValue(env[name])}`);
  writeFileSync(file, `${out.join("\n")}\n`);
  return wanted;
}

/**
 * `npm test` runs the emulator on the committed demo values only: your `.secret.local` and
 * `.env.local` are moved aside and put back by the returned function (or, after a crash, by the next
 * `npm start` / `npm test`, through `restoreSetAsideLocalFiles`).
 */
export function setAsideLocalFiles({ dir = functionsDir } = {}) {
  restoreSetAsideLocalFiles({ dir });
  for (const name of [SECRETS, ENV_LOCAL]) {
    const file = path.join(dir, name);
    if (existsSync(file)) renameSync(file, `${file}${SET_ASIDE}`);
  }
  return () => {
    // What the test run wrote goes; yours comes back.
    for (const name of [SECRETS, ENV_LOCAL]) rmSync(path.join(dir, name), { force: true });
    restoreSetAsideLocalFiles({ dir });
  };
}

export function restoreSetAsideLocalFiles({ dir = functionsDir } = {}) {
  for (const name of [SECRETS, ENV_LOCAL]) {
    const file = path.join(dir, name);
    const aside = `${file}${SET_ASIDE}`;
    if (!existsSync(aside)) continue;
    rmSync(file, { force: true });
    renameSync(aside, file);
  }
}
