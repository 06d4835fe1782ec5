import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * scripts/local-secrets.mjs, run by `npm start` and `npm test` on a scratch copy of `functions/`: your
 * `.secret.local` values survive, `.env.local` lines never beat what you exported, and `npm test`
 * puts both files back as it found them. The files are read back with the Firebase CLI's own parser.
 */
const root = path.resolve(__dirname, "../..");
const helper = path.join(root, "scripts/local-secrets.mjs");

const firebaseEnv = require(path.join(root, "node_modules/firebase-tools/lib/functions/env.js")) as {
  parse(text: string): { envs: Record<string, string> };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pf-local-secrets-"));
  mkdirSync(path.join(dir, "src/platform"), { recursive: true });
  writeFileSync(
    path.join(dir, "src/platform/params.ts"),
    [
      'export const LOG_LEVEL = defineString("LOG_LEVEL", { default: "" });',
      'export const LOCAL_LLM_BASE_URL = defineString("LOCAL_LLM_BASE_URL", { default: "" });',
      'export const STRIPE_PRICES = defineString("STRIPE_PRICES", { default: "{}" });',
      'export const MONGODB_URI = defineSecret("MONGODB_URI");',
      'export const STRIPE_SECRET_KEY = defineSecret("STRIPE_SECRET_KEY");',
      'export const OPENAI_API_KEY = defineSecret("OPENAI_API_KEY");',
      'export const ANTHROPIC_API_KEY = defineSecret("ANTHROPIC_API_KEY");',
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, ".secret.local.example"),
    "# demo\nMONGODB_URI=mongodb://127.0.0.1:27027/promptforge\nSTRIPE_SECRET_KEY=sk_test_demo\nVAULT_MASTER_KEY=demo1:AAAA\n",
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `code` (an ES module body with the helper imported as `h`) with exactly `env`. */
function run(code: string, env: Record<string, string> = {}): string {
  const script = `import * as h from ${JSON.stringify(helper)};\nconst dir = ${JSON.stringify(dir)};\n${code}`;
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(res.stderr);
  return res.stdout.trim();
}
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
const parsed = (name: string) => firebaseEnv.parse(read(name)).envs;

describe(".secret.local", () => {
  it("keeps what you put there, adds only the demo values that are missing, and lets npm start set MONGODB_URI", () => {
    writeFileSync(path.join(dir, ".secret.local"), "OPENAI_API_KEY=sk-mine-123\nSTRIPE_SECRET_KEY=sk_test_mine\n");
    run(
      `h.writeLocalSecrets({ MONGODB_URI: "mongodb://127.0.0.1:27027/pf?directConnection=true&serverMonitoringMode=poll" }, { dir, env: process.env });`,
    );
    expect(parsed(".secret.local")).toEqual({
      MONGODB_URI: "mongodb://127.0.0.1:27027/pf?directConnection=true&serverMonitoringMode=poll",
      STRIPE_SECRET_KEY: "sk_test_mine",
      VAULT_MASTER_KEY: "demo1:AAAA",
      OPENAI_API_KEY: "sk-mine-123",
    });
    // Run again: nothing of yours is lost.
    run(`h.writeLocalSecrets({}, { dir, env: process.env });`);
    expect(parsed(".secret.local")).toMatchObject({ OPENAI_API_KEY: "sk-mine-123", STRIPE_SECRET_KEY: "sk_test_mine" });
  });

  it("lets an exported secret win, and writes values with spaces, quotes or # so the Firebase CLI reads them back intact", () => {
    writeFileSync(path.join(dir, ".secret.local"), "STRIPE_SECRET_KEY=sk_test_mine\n");
    const odd = 'a b#c "d" \\e';
    run(`h.writeLocalSecrets({}, { dir, env: process.env });`, {
      STRIPE_SECRET_KEY: "sk_test_exported",
      ANTHROPIC_API_KEY: odd,
      UNRELATED: "x",
    });
    expect(parsed(".secret.local")).toEqual({
      MONGODB_URI: "mongodb://127.0.0.1:27027/promptforge",
      STRIPE_SECRET_KEY: "sk_test_exported",
      VAULT_MASTER_KEY: "demo1:AAAA",
      ANTHROPIC_API_KEY: odd,
    });
  });
});

describe(".env.local", () => {
  it("makes every exported param win over an older line, leaving the other lines and comments alone", () => {
    writeFileSync(path.join(dir, ".env.local"), "# mine\nLOCAL_LLM_BASE_URL=\nLOG_LEVEL=debug\nSTRIPE_PRICES={}\n");
    const changed = run(`console.log(JSON.stringify(h.reconcileEnvLocal({ dir, env: process.env })));`, {
      LOCAL_LLM_BASE_URL: "http://gpu-box:11434/v1",
      STRIPE_PRICES: '{"tier_pro_monthly": "price_1"}',
      PATH_LIKE_UNRELATED: "x",
    });
    expect(JSON.parse(changed).sort()).toEqual(["LOCAL_LLM_BASE_URL", "STRIPE_PRICES"]);
    expect(read(".env.local").startsWith("# mine\n")).toBe(true);
    expect(parsed(".env.local")).toEqual({
      LOCAL_LLM_BASE_URL: "http://gpu-box:11434/v1",
      LOG_LEVEL: "debug",
      STRIPE_PRICES: '{"tier_pro_monthly": "price_1"}',
    });
  });

  it("adds an exported param the file does not have yet (the emulator would otherwise write its default there)", () => {
    expect(run(`console.log(JSON.stringify(h.reconcileEnvLocal({ dir, env: process.env })));`, { LOG_LEVEL: "warn" })).toBe(
      '["LOG_LEVEL"]',
    );
    expect(parsed(".env.local")).toEqual({ LOG_LEVEL: "warn" });
    expect(run(`console.log(JSON.stringify(h.reconcileEnvLocal({ dir, env: process.env })));`, { LOG_LEVEL: "warn" })).toBe("[]");
  });
});

describe("npm test's scratch files", () => {
  it("sets your files aside, and puts them back as they were (also after a crash, on the next run)", () => {
    writeFileSync(path.join(dir, ".secret.local"), "OPENAI_API_KEY=sk-mine\n");
    writeFileSync(path.join(dir, ".env.local"), "LOG_LEVEL=debug\n");
    run(`
      const restore = h.setAsideLocalFiles({ dir });
      h.writeLocalSecrets({ MONGODB_URI: "mongodb://test" }, { dir, env: {} });
      (await import("node:fs")).writeFileSync(dir + "/.env.local", "EMULATOR_WROTE=1\\n");
      restore();
    `);
    expect(read(".secret.local")).toBe("OPENAI_API_KEY=sk-mine\n");
    expect(read(".env.local")).toBe("LOG_LEVEL=debug\n");

    // A run that died after setting them aside: the next one restores them first.
    run(`h.setAsideLocalFiles({ dir }); h.writeLocalSecrets({}, { dir, env: {} });`);
    expect(parsed(".secret.local")).not.toHaveProperty("OPENAI_API_KEY");
    run(`h.restoreSetAsideLocalFiles({ dir });`);
    expect(read(".secret.local")).toBe("OPENAI_API_KEY=sk-mine\n");
    expect(read(".env.local")).toBe("LOG_LEVEL=debug\n");
    expect(existsSync(path.join(dir, ".secret.local.npm-test-backup.local"))).toBe(false);
  });

  it("writes the test run's secrets from the committed demo values only, ignoring what is exported", () => {
    run(`h.setAsideLocalFiles({ dir }); h.writeLocalSecrets({ MONGODB_URI: "mongodb://e2e" }, { dir, env: {} });`, {
      STRIPE_SECRET_KEY: "sk_live_real",
    });
    expect(parsed(".secret.local")).toEqual({
      MONGODB_URI: "mongodb://e2e",
      STRIPE_SECRET_KEY: "sk_test_demo",
      VAULT_MASTER_KEY: "demo1:AAAA",
    });
  });
});
