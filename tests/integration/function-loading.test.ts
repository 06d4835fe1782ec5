import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { describeIf } from "../support/describe-if";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { routes } from "../../functions/src/routes";
import { schedules } from "../../functions/src/schedules";

const execFileAsync = promisify(execFile);

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

interface Snapshot {
  own: string[];
  packages: string[];
}
interface ProbeResult {
  kind: string;
  trigger: string[];
  afterIndex: Snapshot;
  afterExport: Snapshot;
  afterHandlers: Snapshot;
}

/** One fresh process per deployed function, as Cloud Functions starts it (FUNCTION_TARGET = its name). */
async function probeFunction(name: string): Promise<ProbeResult> {
  const { stdout } = await execFileAsync(process.execPath, [path.resolve(__dirname, "../support/load-probe.cjs"), functionsDir], {
    cwd: path.resolve(__dirname, "../.."),
    env: { ...process.env, FUNCTION_TARGET: name, ENVIRONMENT: "production", LOG_LEVEL: "error" },
  });
  return JSON.parse(stdout) as ProbeResult;
}

/** The module folder a function's table lives in (api/prompts, webhooks...), from the loaded table. */
const moduleDirOf = (s: Snapshot) => s.own.filter((f) => f.endsWith(".routes.js") && f !== "routes.js").map((f) => path.dirname(f));

/** SDKs a function may import only when it calls them (inside the handler's calls, never at load). */
const LAZY_ONLY = HEAVY.filter((p) => p !== "mongodb");

describeIf(built, "functions/lib is not built (npm test builds it)", "lazy loading of the built functions", () => {
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

describeIf(
  built,
  "functions/lib is not built (npm test builds it)",
  "each deployed function loads only its own module (FUNCTION_TARGET)",
  () => {
    const names = [...Object.keys(routes), ...Object.keys(schedules)];
    const results = new Map<string, ProbeResult>();
    beforeAll(async () => {
      // Four at a time: each is a fresh Node process.
      const queue = [...names];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let name = queue.shift(); name; name = queue.shift()) results.set(name, await probeFunction(name));
        }),
      );
    }, 300_000);

    it("loads nothing but the manifest when index.js is required", () => {
      for (const name of names) {
        expect({ name, own: results.get(name)!.afterIndex.own }).toEqual({ name, own: ["index.js", "lazy-exports.js"] });
        expect(results.get(name)!.afterIndex.packages).toEqual([]);
      }
    });

    it.each(Object.keys(routes))(
      "%s: loads its own module's table and schemas, the platform and the wiring, nothing of other modules and no SDK",
      (name) => {
        const { afterExport, kind } = results.get(name)!;
        expect(kind).toBe("function");
        const [dir, ...others] = moduleDirOf(afterExport);
        expect(others).toEqual([]);
        // Allowed: the manifest, the wiring, the platform, the shared library's definitions (core/, no
        // store), and this module's table and schemas.
        const foreign = afterExport.own.filter(
          (f) =>
            !["index.js", "lazy-exports.js", "services.js", "stores.js", "vendor/zod.js"].includes(f) &&
            !f.startsWith("platform/") &&
            !(f.startsWith("core/") && !f.endsWith("-store.js")) &&
            !(path.dirname(f) === dir && /\.(routes|schema)\.js$/.test(f)),
        );
        expect(foreign).toEqual([]);
        expect(afterExport.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
      },
    );

    it.each(Object.keys(routes))("%s: loads zod as one bundled file with English messages only, never the package's 95 files", (name) => {
      const { afterHandlers } = results.get(name)!;
      expect(afterHandlers.own).toContain("vendor/zod.js");
      expect(afterHandlers.packages).not.toContain("zod");
    });

    it.each(Object.keys(routes))("%s: importing its handlers loads no SDK (they load inside the calls that need them)", (name) => {
      const { afterHandlers } = results.get(name)!;
      const allowed = name === "openapi" ? ["@asteasolutions/zod-to-openapi"] : [];
      expect(afterHandlers.packages.filter((p) => LAZY_ONLY.includes(p) && !allowed.includes(p))).toEqual([]);
      // Other modules' handlers and stores never load with this function's (their schemas may).
      const dir = moduleDirOf(results.get(name)!.afterExport)[0];
      const otherHandlers = afterHandlers.own.filter(
        (f) => (f.startsWith("api/") || f.startsWith("webhooks/")) && !f.startsWith(`${dir}/`) && !f.endsWith(".schema.js"),
      );
      expect({ name, otherHandlers }).toEqual({ name, otherHandlers: [] });
    });

    it.each(Object.keys(schedules))("%s: a scheduled function loads neither the HTTP pipeline nor any SDK at start", (name) => {
      const { afterExport, trigger } = results.get(name)!;
      expect(trigger).toEqual(["scheduleTrigger"]);
      expect(afterExport.own).not.toContain("platform/define-endpoint.js");
      expect(afterExport.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    });
  },
);

describeIf(
  built,
  "functions/lib is not built (npm test builds it)",
  "zod in the built functions (functions/scripts/vendor-zod.mjs)",
  () => {
    // Both loaded in this Jest process by plain require: the built code's bundle and the package it is built from.
    const vendored = require(path.join(functionsDir, "lib/vendor/zod.js")) as typeof import("zod");
    const installed = require(require.resolve("zod", { paths: [functionsDir] })) as typeof import("zod");

    it("is the installed release, with English messages only", () => {
      expect(vendored.core.version).toEqual(installed.core.version);
      expect(Object.keys(vendored.locales)).toEqual(["en"]);
    });

    it("validates and reports exactly as the package does", () => {
      const schemaOf = (z: typeof import("zod")) =>
        z
          .object({ n: z.number().int().min(1), email: z.email(), kind: z.enum(["a", "b"]), tags: z.array(z.string().max(3)).max(2) })
          .strict();
      const inputs = [
        { n: 0.5, email: "x", kind: "c", tags: ["abcd", "a", "b"], extra: 1 },
        { n: 2, email: "a@b.co", kind: "a", tags: [] },
        "nope",
      ];
      for (const input of inputs) expect(schemaOf(vendored).safeParse(input)).toEqual(schemaOf(installed).safeParse(input));
    });

    it("is what every compiled file imports: no compiled file requires the package", () => {
      const lib = path.join(functionsDir, "lib");
      const compiled = readdirSync(lib, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js") && !f.startsWith("vendor"));
      expect(compiled.length).toBeGreaterThan(100);
      expect(compiled.filter((f) => readFileSync(path.join(lib, f), "utf8").includes('require("zod'))).toEqual([]);
    });
  },
);

describeIf(built, "functions/lib is not built (npm test builds it)", "what the Firebase CLI sees at deploy time", () => {
  it("lists every function with its trigger, region, secrets and limits (firebase-functions' own loader)", async () => {
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        "-e",
        `require(${JSON.stringify(path.join(functionsDir, "node_modules/firebase-functions/lib/runtime/loader.js"))}).loadStack(${JSON.stringify(functionsDir)}).then((s) => process.stdout.write(JSON.stringify(s.endpoints)))`,
      ],
      { cwd: functionsDir, env: { ...process.env, LOG_LEVEL: "error" } },
    );
    const endpoints = JSON.parse(stdout) as Record<
      string,
      {
        region: string[];
        secretEnvironmentVariables?: { key: string }[];
        httpsTrigger?: unknown;
        scheduleTrigger?: { schedule: string };
        availableMemoryMb?: number;
        timeoutSeconds?: number;
      }
    >;
    expect(Object.keys(endpoints).sort()).toEqual([...Object.keys(routes), ...Object.keys(schedules)].sort());
    for (const [name, spec] of Object.entries(routes)) {
      expect({
        name,
        trigger: !!endpoints[name].httpsTrigger,
        region: endpoints[name].region,
        secrets: (endpoints[name].secretEnvironmentVariables ?? []).map((s) => s.key).sort(),
        memory: endpoints[name].availableMemoryMb,
        timeout: endpoints[name].timeoutSeconds,
      }).toEqual({
        name,
        trigger: true,
        region: ["us-central1"],
        secrets: spec.secrets.map((s) => s.name).sort(),
        memory: { "256MiB": 256, "512MiB": 512, "1GiB": 1024 }[spec.memory ?? "256MiB"],
        timeout: spec.timeoutSeconds ?? 30,
      });
    }
    for (const [name, spec] of Object.entries(schedules)) {
      expect(endpoints[name].scheduleTrigger?.schedule).toBe(spec.schedule);
      expect((endpoints[name].secretEnvironmentVariables ?? []).map((s) => s.key).sort()).toEqual(spec.secrets.map((s) => s.name).sort());
    }
  });
});
