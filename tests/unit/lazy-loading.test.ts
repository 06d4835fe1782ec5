import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Cold-start guard: loading the deployed index.js must not import any handler, payment/LLM SDK,
 * Sentry or the database driver; a function imports its handler on its first request. Runs the built
 * code (functions/lib, built by `npm test`) in a fresh Node process, as Cloud Functions does.
 */
const functionsDir = path.resolve(__dirname, "../../functions");
const HEAVY = [
  "mongodb",
  "@sentry/google-cloud-serverless",
  "@sentry/node",
  "@asteasolutions/zod-to-openapi",
  "ioredis",
  "stripe",
  "razorpay",
  "@paddle/paddle-node-sdk",
  "openai",
  "@anthropic-ai/sdk",
  "@google/genai",
];

const probe = `
const ff = require("@google-cloud/functions-framework");
const { getTestServer } = require("@google-cloud/functions-framework/testing");
const pkgOf = (p) => { const s = p.split("node_modules/").pop().split("/"); return s[0].startsWith("@") ? s[0] + "/" + s[1] : s[0]; };
const snapshot = () => ({
  packages: [...new Set(Object.keys(require.cache).filter((p) => p.includes("node_modules")).map(pkgOf))],
  limiterFiles: Object.keys(require.cache).filter((p) => p.includes("node_modules/rate-limiter-flexible/")).map((p) => p.split("rate-limiter-flexible/").pop()),
  own: Object.keys(require.cache).filter((p) => p.startsWith(${JSON.stringify(functionsDir + "/lib/")})).map((p) => p.slice(${functionsDir.length + 5})),
});
const index = require(${JSON.stringify(functionsDir + "/lib/index.js")});
const afterLoad = snapshot();
ff.http("health", index.health);
const server = getTestServer("health").listen(0, "127.0.0.1", async () => {
  const res = await fetch("http://127.0.0.1:" + server.address().port + "/api/v1/health");
  const afterHealth = snapshot();
  server.close();
  process.stdout.write(JSON.stringify({ status: res.status, afterLoad, afterHealth }));
});`;

function runProbe() {
  const out = execFileSync(process.execPath, ["-e", probe], {
    cwd: path.resolve(__dirname, "../.."),
    env: { ...process.env, ENVIRONMENT: "production", LOG_LEVEL: "error", NODE_PATH: path.resolve(__dirname, "../../node_modules") },
  });
  return JSON.parse(out.toString()) as {
    status: number;
    afterLoad: { packages: string[]; own: string[]; limiterFiles: string[] };
    afterHealth: { packages: string[]; own: string[]; limiterFiles: string[] };
  };
}

const built = existsSync(path.join(functionsDir, "lib/index.js"));
(built ? describe : describe.skip)("lazy loading of the built functions", () => {
  let result: ReturnType<typeof runProbe>;
  beforeAll(() => {
    result = runProbe();
  });

  it("imports no handler module and no heavy SDK when index.js loads", () => {
    expect(result.afterLoad.own.filter((f) => /^api\/.*\/(get|update|delete|set)-[\w-]+\.js$/.test(f))).toEqual([]);
    expect(result.afterLoad.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(result.afterLoad.limiterFiles).toEqual([]);
  });

  it("checks a Paddle signature before anything heavy: a forged delivery loads neither the Paddle SDK nor the database driver", () => {
    const probe = `
const ff = require("@google-cloud/functions-framework");
const { getTestServer } = require("@google-cloud/functions-framework/testing");
const pkgOf = (p) => { const s = p.split("node_modules/").pop().split("/"); return s[0].startsWith("@") ? s[0] + "/" + s[1] : s[0]; };
const index = require(${JSON.stringify(functionsDir + "/lib/index.js")});
ff.http("paddle", index.paddleWebhook);
const server = getTestServer("paddle").listen(0, "127.0.0.1", async () => {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch("http://127.0.0.1:" + server.address().port + "/api/v1/webhooks/paddle", {
    method: "POST",
    headers: { "content-type": "application/json", "paddle-signature": "ts=" + ts + ";h1=" + "0".repeat(64) },
    body: JSON.stringify({ event_id: "evt_1", event_type: "transaction.completed", occurred_at: new Date().toISOString(), data: {} }),
  });
  const packages = [...new Set(Object.keys(require.cache).filter((p) => p.includes("node_modules")).map(pkgOf))];
  server.close();
  process.stdout.write(JSON.stringify({ status: res.status, code: (await res.json()).error.code, packages }));
});`;
    const out = JSON.parse(
      execFileSync(process.execPath, ["-e", probe], {
        cwd: path.resolve(__dirname, "../.."),
        env: {
          ...process.env,
          ENVIRONMENT: "production",
          LOG_LEVEL: "error",
          PADDLE_WEBHOOK_SECRET: "pdl_probe",
          NODE_PATH: path.resolve(__dirname, "../../node_modules"),
        },
      }).toString(),
    ) as { status: number; code: string; packages: string[] };
    expect({ status: out.status, code: out.code }).toEqual({ status: 400, code: "invalid_signature" });
    expect(out.packages.filter((p) => ["@paddle/paddle-node-sdk", "mongodb"].includes(p))).toEqual([]);
  });

  it("imports a function's handler on its first request, and still no database driver or Sentry for health", () => {
    expect(result.status).toBe(200);
    expect(result.afterHealth.own).toContain("api/health/get-health.js");
    expect(result.afterHealth.own).not.toContain("api/users/get-me.js");
    expect(result.afterHealth.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    // Public operations count in memory: only that limiter's file, not the package's every store.
    expect(
      result.afterHealth.limiterFiles.filter(
        (f) => !/^lib\/(RateLimiterMemory|RateLimiterAbstract|RateLimiterRes|component\/|helper\/|constants)/.test(f),
      ),
    ).toEqual([]);
  });
});
