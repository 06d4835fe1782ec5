import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { z } from "zod";
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS } from "../../functions/src/core/llm/circuit-breaker";
import { flexibleRateLimiter } from "../../functions/src/core/rate-limit/rate-limiter";
import type { Config } from "../../functions/src/platform/config";
import { createRequestHandler, type PlatformDeps } from "../../functions/src/platform/define-endpoint";
import { cloudEntry, setLogLevel, setLogSink, type LogLevel } from "../../functions/src/platform/logger";
import { operation, type FunctionSpec } from "../../functions/src/platform/operation";
import { routes } from "../../functions/src/routes";
import type { Services } from "../../functions/src/services";
import { serveHandler } from "../support/api-server";

/**
 * monitoring/ (log-based metrics, alert policies, the dashboard; applied by scripts/monitoring-apply.sh)
 * is checked against the log lines the code really writes: the http_request and breaker lines are
 * produced by running the code, the others are read from the `log.<level>("event", {...})` calls in
 * functions/src. A renamed event or field fails here instead of silently flat-lining a chart.
 */
const root = path.join(__dirname, "../..");
const readDir = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ name: path.basename(f, ".json"), json: JSON.parse(fs.readFileSync(path.join(root, dir, f), "utf8")) }));

const metrics = readDir("monitoring/metrics");
const alerts = readDir("monitoring/alerts");
const dashboards = readDir("monitoring/dashboards");
const metricByName = new Map(metrics.map((m) => [m.name, m.json]));

// ---------------------------------------------------------------------------------------------
// Cloud Logging filters, the subset monitoring/ may use: `field op value` terms joined by AND.
// ---------------------------------------------------------------------------------------------

interface LogEntry {
  resource: { type: string };
  severity: string;
  jsonPayload: Record<string, unknown>;
}
const SEVERITIES = ["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];
const TERM = /^([\w.]+)(=|!=|>=|<=|>|<)("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|[A-Z]+)$/;

function parseFilter(filter: string) {
  return filter.split(" AND ").map((term) => {
    const m = TERM.exec(term.trim());
    if (!m) throw new Error(`filter term outside the tested subset: ${term}`);
    const [, field, op, raw] = m;
    const value: string | number | boolean = raw.startsWith('"')
      ? (JSON.parse(raw) as string)
      : raw === "true" || raw === "false"
        ? raw === "true"
        : /^-?\d/.test(raw)
          ? Number(raw)
          : raw;
    return { field, op, value };
  });
}

function matches(filter: string, entry: LogEntry): boolean {
  return parseFilter(filter).every(({ field, op, value }) => {
    let actual: unknown = entry;
    for (const key of field.split(".")) actual = (actual as Record<string, unknown> | undefined)?.[key];
    if (field === "severity") {
      const [a, b] = [SEVERITIES.indexOf(String(actual)), SEVERITIES.indexOf(String(value))];
      return compare(a, op, b);
    }
    if (actual === undefined) return op === "!=";
    if (typeof value === "number") return typeof actual === "number" && compare(actual, op, value);
    return op === "=" ? actual === value : op === "!=" ? actual !== value : false;
  });
}

function compare(a: number, op: string, b: number): boolean {
  return { "=": a === b, "!=": a !== b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b }[op] as boolean;
}

/** `EXTRACT(jsonPayload.x)` → `x`. */
function extracted(extractor: string): string {
  const m = /^EXTRACT\(jsonPayload\.(\w+)\)$/.exec(extractor);
  if (!m) throw new Error(`extractor outside the tested subset: ${extractor}`);
  return m[1];
}

const eventOf = (filter: string) => parseFilter(filter).find((t) => t.field === "jsonPayload.event")?.value as string;
const payloadFields = (filter: string) =>
  parseFilter(filter)
    .filter((t) => t.field.startsWith("jsonPayload.") && t.field !== "jsonPayload.event")
    .map((t) => t.field.slice("jsonPayload.".length));

// ---------------------------------------------------------------------------------------------
// The log calls in functions/src: event name → level and the fields it writes.
// ---------------------------------------------------------------------------------------------

interface LogCall {
  level: LogLevel;
  fields: Set<string>;
  file: string;
}

function logCalls(): Map<string, LogCall[]> {
  const calls = new Map<string, LogCall[]>();
  const walkDir = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? walkDir(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walkDir(path.join(root, "functions/src")).filter((f) => f.endsWith(".ts"))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const literals = new Map<string, ts.ObjectLiteralExpression>();
    const visit = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        literals.set(node.name.text, node.initializer);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ts.isIdentifier(node.expression.expression) &&
        node.expression.expression.text === "log" &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const fields = new Set<string>();
        const collect = (arg: ts.Expression | undefined): void => {
          if (!arg) return;
          if (ts.isIdentifier(arg)) return collect(literals.get(arg.text));
          if (!ts.isObjectLiteralExpression(arg)) return;
          for (const p of arg.properties) {
            if (ts.isSpreadAssignment(p)) collect(p.expression);
            else if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) fields.add(p.name.text);
          }
        };
        collect(node.arguments[1]);
        const event = node.arguments[0].text;
        calls.set(event, [...(calls.get(event) ?? []), { level: node.expression.name.text as LogLevel, fields, file }]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

const calls = logCalls();
const severityOf = (level: LogLevel) => cloudEntry(level, "x", {}).severity as string;

/** A log line as Cloud Logging stores what platform/logger.ts wrote on a 2nd-gen function. */
const asLogged = (level: LogLevel, event: string, fields: Record<string, unknown>): LogEntry => {
  const { severity, ...jsonPayload } = JSON.parse(JSON.stringify(cloudEntry(level, event, fields))) as Record<string, unknown>;
  return { resource: { type: "cloud_run_revision" }, severity: String(severity), jsonPayload };
};

// ---------------------------------------------------------------------------------------------

describe("log-based metrics", () => {
  it.each(metrics.map((m) => [m.name, m.json]))("%s counts a log line the code writes, with the fields it extracts", (name, metric) => {
    expect(name).toMatch(/^[a-z0-9_]+$/);
    expect(metric.description).toEqual(expect.any(String));
    expect(metric.filter).toContain('resource.type="cloud_run_revision"');
    const event = eventOf(metric.filter);
    expect({ name, event, logged: calls.has(event) }).toEqual({ name, event, logged: true });
    const extractedFields = [
      ...Object.values((metric.labelExtractors ?? {}) as Record<string, string>),
      ...(metric.valueExtractor ? [metric.valueExtractor] : []),
    ].map(extracted);
    const labels = (metric.metricDescriptor.labels ?? []).map((l: { key: string }) => l.key).sort();
    expect(Object.keys(metric.labelExtractors ?? {}).sort()).toEqual(labels);
    expect(labels.length).toBeLessThanOrEqual(10);
    for (const field of [...payloadFields(metric.filter), ...extractedFields]) {
      const writers = calls.get(event)!.filter((c) => c.fields.has(field));
      expect({ name, event, field, written: writers.length > 0 }).toEqual({ name, event, field, written: true });
    }
    // Never a per-user or per-request label: a metric's cardinality is its cost.
    for (const field of extractedFields) expect(["uid", "requestId", "path", "eventId", "paymentId"]).not.toContain(field);
    if (metric.metricDescriptor.valueType === "DISTRIBUTION") expect(metric.bucketOptions).toBeDefined();
  });
});

describe("filters against the lines the code writes when it runs", () => {
  const lines: LogEntry[] = [];
  beforeAll(() => {
    setLogLevel("debug");
    setLogSink((level, event, fields) => lines.push(asLogged(level, event, fields)));
  });
  afterAll(() => {
    setLogSink(undefined);
    setLogLevel((process.env.LOG_LEVEL as LogLevel) || "info");
  });

  it("http_request: latency, requests and 5xx by function and operation", async () => {
    const spec: FunctionSpec = {
      path: "/probe/{id}",
      secrets: [],
      operations: {
        GET: operation({
          operationId: "probeGet",
          summary: "answers, or fails for id boom",
          tag: "test",
          auth: "public",
          rateLimit: { points: 100, durationSeconds: 60, store: "local" },
          params: z.strictObject({ id: z.string() }),
          response: z.object({ id: z.string() }),
          handler: async () => async (ctx: { params: { id: string } }) => {
            if (ctx.params.id === "boom") throw new Error("boom");
            return { id: ctx.params.id };
          },
        }),
      },
    };
    const config: Config = {
      environment: "development",
      corsOrigins: [],
      logLevel: "debug",
      sentrySampleRate: 1,
      sentryTracesSampleRate: 0,
      trustedProxies: [],
    };
    const limiter = flexibleRateLimiter((o) => new RateLimiterMemory(o));
    const deps: PlatformDeps = {
      config: () => config,
      verifier: () => Promise.reject(new Error("public only")),
      rateLimiter: async () => limiter,
      requestsPerMinute: async () => 60,
      services: { now: () => new Date() } as Partial<Services> as Services,
      report: async () => undefined,
    };
    const api = await serveHandler(createRequestHandler("probe", spec, deps));
    try {
      expect((await fetch(`${api.baseUrl}/probe/a1`)).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/probe/boom`)).status).toBe(500);
    } finally {
      await api.close();
    }
    const [ok, failed] = lines.filter((l) => l.jsonPayload.event === "http_request");
    expect([ok.jsonPayload.status, failed.jsonPayload.status]).toEqual([200, 500]);

    const latency = metricByName.get("api_latency_ms");
    for (const line of [ok, failed]) {
      expect(matches(latency.filter, line)).toBe(true);
      expect(line.jsonPayload[extracted(latency.valueExtractor)]).toEqual(expect.any(Number));
      expect(line.jsonPayload.function).toBe("probe");
      expect(line.jsonPayload.operation).toBe("probeGet");
      expect(matches(metricByName.get("api_requests").filter, line)).toBe(true);
    }
    expect(matches(metricByName.get("api_5xx").filter, failed)).toBe(true);
    expect(matches(metricByName.get("api_5xx").filter, ok)).toBe(false);
    // A line of another event, or of a 1st-gen function, is not counted.
    expect(matches(latency.filter, { ...ok, jsonPayload: { ...ok.jsonPayload, event: "request_failed" } })).toBe(false);
    expect(matches(latency.filter, { ...ok, resource: { type: "cloud_function" } })).toBe(false);
  });

  it("llm_breaker_state: an opening is counted, a closing is not", () => {
    let now = 0;
    const breaker = new CircuitBreaker("openai:gpt-test", () => now, {
      ...DEFAULT_BREAKER_OPTIONS,
      consecutiveFailures: 2,
      cooldownMs: 10,
    });
    breaker.recordFailure();
    breaker.recordFailure();
    now = 20;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess(5);
    const states = lines.filter((l) => l.jsonPayload.event === "llm_breaker_state");
    expect(states.map((l) => [l.jsonPayload.state, l.severity])).toEqual([
      ["open", "WARNING"],
      ["closed", "INFO"],
    ]);
    const opened = metricByName.get("llm_breaker_opened");
    expect(states.map((l) => matches(opened.filter, l))).toEqual([true, false]);
    expect(states[0].jsonPayload[extracted(opened.labelExtractors.breaker)]).toBe("openai:gpt-test");
  });
});

describe("alert policies and the dashboard", () => {
  const userMetric = /metric\.type="logging\.googleapis\.com\/user\/(\w+)"/g;
  const functionNames = new Set(Object.keys(routes));

  it.each(alerts.map((a) => [a.name, a.json]))(
    "%s refers to defined metrics and labels, logged events, real functions and the runbook",
    (name, policy) => {
      expect(policy.displayName).toMatch(/^PromptForge /);
      expect(["CRITICAL", "ERROR", "WARNING"]).toContain(policy.severity);
      expect(policy.documentation.content).toMatch(/docs\/operations\.md/);
      expect(policy.notificationChannels).toBeUndefined(); // per project, added by scripts/monitoring-apply.sh
      for (const condition of policy.conditions) {
        if (condition.conditionMatchedLog) {
          const event = eventOf(condition.conditionMatchedLog.filter);
          expect(calls.has(event)).toBe(true);
          expect(policy.alertStrategy.notificationRateLimit.period).toMatch(/^\d+s$/);
          for (const extractor of Object.values((condition.conditionMatchedLog.labelExtractors ?? {}) as Record<string, string>)) {
            expect(calls.get(event)!.some((c) => c.fields.has(extracted(extractor)))).toBe(true);
          }
          continue;
        }
        const threshold = condition.conditionThreshold;
        expect(typeof threshold.thresholdValue).toBe("number");
        for (const filter of [threshold.filter, threshold.denominatorFilter].filter(Boolean)) {
          const referenced = [...filter.matchAll(userMetric)].map((m) => m[1]);
          expect(referenced).toHaveLength(1);
          const metric = metricByName.get(referenced[0]);
          expect({ metric: referenced[0], defined: !!metric }).toEqual({ metric: referenced[0], defined: true });
          const labels = new Set((metric.metricDescriptor.labels ?? []).map((l: { key: string }) => l.key));
          for (const [, label] of filter.matchAll(/metric\.label\.(\w+)/g)) expect(labels.has(label)).toBe(true);
          for (const agg of [...threshold.aggregations, ...(threshold.denominatorAggregations ?? [])])
            for (const field of agg.groupByFields) expect(labels.has(field.replace("metric.label.", ""))).toBe(true);
          for (const [, list] of filter.matchAll(/one_of\(([^)]*)\)/g))
            for (const fn of JSON.parse(`[${list}]`) as string[])
              expect({ fn, deployed: functionNames.has(fn) }).toEqual({ fn, deployed: true });
        }
      }
    },
  );

  it("the dashboard charts only defined metrics", () => {
    const referenced = dashboards.flatMap((d) =>
      [...JSON.stringify(d.json).matchAll(/logging\.googleapis\.com\/user\/(\w+)/g)].map((m) => m[1]),
    );
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect({ name, defined: metricByName.has(name) }).toEqual({ name, defined: true });
  });

  it("every metric is alerted on or charted", () => {
    const used = JSON.stringify([...alerts, ...dashboards].map((x) => x.json));
    for (const { name } of metrics) expect({ name, used: used.includes(`user/${name}\\"`) }).toEqual({ name, used: true });
  });

  it("the events an alert watches are logged at the severity the filter expects", () => {
    expect(calls.get("payment_held")!.map((c) => severityOf(c.level))).toEqual(["ERROR"]);
    expect(calls.get("ledger_drift_detected")!.map((c) => severityOf(c.level))).toEqual(["ERROR"]);
  });
});
