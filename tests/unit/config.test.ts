import { ZodError } from "zod";
import { getConfig, parseConfig, resetConfigForTests } from "../../functions/src/platform/config";
import { HttpError } from "../../functions/src/platform/http-error";
import { log, setLogLevel, setLogSink, type LogLevel } from "../../functions/src/platform/logger";

type Values = Partial<
  Record<
    "ENVIRONMENT" | "CORS_ORIGINS" | "MONGODB_DB" | "REDIS_URL" | "SENTRY_DSN" | "SENTRY_RELEASE" | "LOG_LEVEL" | "TRUSTED_PROXIES",
    string
  >
>;

/** parseConfig with params read from a plain map (unset = "", as the runtime reads an unset param). */
const configFrom = (values: Values) => parseConfig((param) => values[(param as unknown as { name: keyof Values }).name] ?? "");

const parseError = (values: Values): ZodError => {
  try {
    configFrom(values);
  } catch (err) {
    expect(err).toBeInstanceOf(ZodError);
    return err as ZodError;
  }
  throw new Error("expected parseConfig to throw");
};

describe("parseConfig defaults per environment", () => {
  it("defaults to development: localhost origins, debug logs, full Sentry sampling, nothing optional", () => {
    expect(configFrom({})).toEqual({
      environment: "development",
      corsOrigins: [
        "http://localhost:3000",
        "http://localhost:5000",
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://127.0.0.1:5000",
        "http://127.0.0.1:5173",
      ],
      logLevel: "debug",
      sentrySampleRate: 1,
      sentryTracesSampleRate: 1,
      trustedProxies: [],
    });
  });

  it("reads TRUSTED_PROXIES as a comma-separated list of IPv4/IPv6 addresses or CIDR blocks", () => {
    expect(configFrom({ TRUSTED_PROXIES: " 203.0.113.0/24, 2001:db8::/32,198.51.100.7 " }).trustedProxies).toEqual([
      "203.0.113.0/24",
      "2001:db8::/32",
      "198.51.100.7",
    ]);
    for (const bad of ["203.0.113.0/33", "example.com", "10.0.0.0/8/1", "2001:db8::/129", "1.2.3.4/x"]) {
      expect(() => configFrom({ TRUSTED_PROXIES: bad })).toThrow();
    }
  });

  it("treats a blank ENVIRONMENT as development", () => {
    expect(configFrom({ ENVIRONMENT: "   " }).environment).toBe("development");
  });

  it("staging: the staging origin only, info logs, 20% traces", () => {
    expect(configFrom({ ENVIRONMENT: "staging" })).toMatchObject({
      environment: "staging",
      corsOrigins: ["https://staging.promptforge.app"],
      logLevel: "info",
      sentrySampleRate: 1,
      sentryTracesSampleRate: 0.2,
    });
  });

  it("production: the production origins only (no localhost), info logs, 2% traces", () => {
    const config = configFrom({ ENVIRONMENT: " production " });
    expect(config).toMatchObject({
      environment: "production",
      corsOrigins: ["https://promptforge.app", "https://www.promptforge.app"],
      logLevel: "info",
      sentrySampleRate: 1,
      sentryTracesSampleRate: 0.02,
    });
    expect(config.corsOrigins.some((o) => o.includes("localhost") || o.startsWith("http:"))).toBe(false);
  });

  it.each(["prod", "Production", "test", "dev"])("rejects ENVIRONMENT=%p", (value) => {
    const err = parseError({ ENVIRONMENT: value });
    expect(err.issues.length).toBeGreaterThan(0);
  });
});

describe("parseConfig overrides and validation", () => {
  it("CORS_ORIGINS replaces the defaults: trimmed, empty entries dropped", () => {
    const config = configFrom({ ENVIRONMENT: "production", CORS_ORIGINS: " https://app.example.com , http://localhost:8080,, " });
    expect(config.corsOrigins).toEqual(["https://app.example.com", "http://localhost:8080"]);
  });

  it("a blank CORS_ORIGINS keeps the environment's defaults", () => {
    expect(configFrom({ ENVIRONMENT: "staging", CORS_ORIGINS: "  " }).corsOrigins).toEqual(["https://staging.promptforge.app"]);
  });

  it.each([
    "https://app.example.com/",
    "https://app.example.com/path",
    "*",
    "app.example.com",
    "ftp://app.example.com",
    "https://app.example.com:123456",
    "https://user@app.example.com",
  ])("rejects the origin %p, naming corsOrigins", (origin) => {
    const err = parseError({ CORS_ORIGINS: `https://ok.example.com,${origin}` });
    expect(err.issues.map((i) => i.path[0])).toContain("corsOrigins");
  });

  it("accepts an explicit LOG_LEVEL over the environment default and rejects an unknown one", () => {
    expect(configFrom({ ENVIRONMENT: "production", LOG_LEVEL: "warn" }).logLevel).toBe("warn");
    expect(configFrom({ LOG_LEVEL: " error " }).logLevel).toBe("error");
    expect(parseError({ LOG_LEVEL: "verbose" }).issues.map((i) => i.path[0])).toContain("logLevel");
  });

  it("accepts a trimmed MONGODB_DB and rejects names with other characters or over 63 chars", () => {
    expect(configFrom({ MONGODB_DB: "  pf_prod-1 " }).mongoDbName).toBe("pf_prod-1");
    expect(configFrom({ MONGODB_DB: "a".repeat(63) }).mongoDbName).toHaveLength(63);
    for (const bad of ["my db", "db.name", "db/x", "$db", "a".repeat(64)]) {
      expect(parseError({ MONGODB_DB: bad }).issues.map((i) => i.path[0])).toContain("mongoDbName");
    }
  });

  it("accepts redis:// and rediss:// URLs and rejects anything else", () => {
    expect(configFrom({ REDIS_URL: "redis://10.0.0.3:6379" }).redisUrl).toBe("redis://10.0.0.3:6379");
    expect(configFrom({ REDIS_URL: "rediss://:secret@cache.example.com:6380/0" }).redisUrl).toBe(
      "rediss://:secret@cache.example.com:6380/0",
    );
    for (const bad of ["http://cache:6379", "cache:6379", "redis://", "redis://has space"]) {
      expect(parseError({ REDIS_URL: bad }).issues.map((i) => i.path[0])).toContain("redisUrl");
    }
  });

  it("accepts a URL as SENTRY_DSN and rejects a non-URL", () => {
    const dsn = "https://public@o123.ingest.sentry.io/456";
    expect(configFrom({ SENTRY_DSN: dsn }).sentryDsn).toBe(dsn);
    expect(parseError({ SENTRY_DSN: "not a dsn" }).issues.map((i) => i.path[0])).toContain("sentryDsn");
  });

  it("takes the release the deploy workflow sets (a commit) and rejects one with spaces or quotes", () => {
    expect(configFrom({ SENTRY_RELEASE: "promptforge@3f2a9c1d0b7e" }).release).toBe("promptforge@3f2a9c1d0b7e");
    expect(configFrom({}).release).toBeUndefined();
    expect(parseError({ SENTRY_RELEASE: 'v1 "x"' }).issues.map((i) => i.path[0])).toContain("release");
  });

  it("names every bad param in one error", () => {
    const err = parseError({ CORS_ORIGINS: "https://x.example/p", REDIS_URL: "nope", SENTRY_DSN: "nope", MONGODB_DB: "a b" });
    expect(new Set(err.issues.map((i) => i.path[0]))).toEqual(new Set(["corsOrigins", "redisUrl", "sentryDsn", "mongoDbName"]));
  });

  it("reads the declared params by name", () => {
    const names: string[] = [];
    parseConfig((param) => {
      names.push((param as unknown as { name: string }).name);
      return "";
    });
    expect(names.sort()).toEqual([
      "CORS_ORIGINS",
      "ENVIRONMENT",
      "LOG_LEVEL",
      "MONGODB_DB",
      "REDIS_URL",
      "SENTRY_DSN",
      "SENTRY_RELEASE",
      "TRUSTED_PROXIES",
    ]);
  });
});

describe("getConfig", () => {
  const keys = ["ENVIRONMENT", "CORS_ORIGINS", "MONGODB_DB", "REDIS_URL", "SENTRY_DSN", "LOG_LEVEL"] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  const initialLevel = (process.env.LOG_LEVEL as LogLevel) || "info";

  afterEach(() => {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetConfigForTests();
    setLogSink(undefined);
    setLogLevel(initialLevel);
  });

  it("reads the params from the environment (the runtime's param values)", () => {
    process.env.ENVIRONMENT = "staging";
    process.env.CORS_ORIGINS = "https://a.example.com";
    process.env.LOG_LEVEL = "warn";
    resetConfigForTests();
    expect(getConfig()).toMatchObject({ environment: "staging", corsOrigins: ["https://a.example.com"], logLevel: "warn" });
  });

  it("parses once and caches until reset", () => {
    process.env.ENVIRONMENT = "staging";
    resetConfigForTests();
    const first = getConfig();
    process.env.ENVIRONMENT = "production";
    expect(getConfig()).toBe(first);
    resetConfigForTests();
    expect(getConfig().environment).toBe("production");
  });

  it("wraps an invalid param as a 500 config_invalid with a generic message and the cause kept", () => {
    process.env.ENVIRONMENT = "prod";
    resetConfigForTests();
    let thrown: unknown;
    try {
      getConfig();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    const err = thrown as HttpError;
    expect([err.status, err.code, err.message]).toEqual([500, "config_invalid", "The service is misconfigured"]);
    expect(err.cause).toBeInstanceOf(ZodError);
    // A failure is not cached: fixing the param fixes the next call.
    process.env.ENVIRONMENT = "development";
    expect(getConfig().environment).toBe("development");
  });

  it("applies the configured log level", () => {
    const lines: string[] = [];
    setLogSink((level, event) => lines.push(`${level}:${event}`));
    process.env.LOG_LEVEL = "debug";
    resetConfigForTests();
    getConfig();
    log.debug("probe_debug");
    process.env.LOG_LEVEL = "warn";
    resetConfigForTests();
    getConfig();
    log.info("probe_info");
    log.warn("probe_warn");
    expect(lines).toEqual(["debug:probe_debug", "warn:probe_warn"]);
  });
});
