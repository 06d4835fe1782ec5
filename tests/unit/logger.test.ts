import type * as LoggerModule from "../../functions/src/platform/logger";

/**
 * firebase-functions' logger keeps references to the console methods it found when it loaded, so
 * each test spies on the console first and then loads a fresh copy of the modules.
 */
type Method = "debug" | "info" | "log" | "warn" | "error";
const methods: Method[] = ["debug", "info", "log", "warn", "error"];

function withFreshLogger<T>(env: { LOG_LEVEL?: string }, run: (logger: typeof LoggerModule) => T) {
  const lines: { method: Method; entry: Record<string, unknown> }[] = [];
  const spies = methods.map((method) =>
    jest.spyOn(console, method).mockImplementation((line: unknown) => {
      lines.push({ method, entry: JSON.parse(String(line)) });
    }),
  );
  const saved = process.env.LOG_LEVEL;
  if (env.LOG_LEVEL === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = env.LOG_LEVEL;
  let result!: T;
  try {
    jest.isolateModules(() => {
      result = run(require("../../functions/src/platform/logger"));
    });
  } finally {
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  }
  return {
    result,
    lines,
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

describe("the Cloud Logging sink", () => {
  it("writes one structured JSON line per event, with a Cloud Logging severity, on the matching stream", () => {
    const { lines, restore } = withFreshLogger({ LOG_LEVEL: "debug" }, ({ log }) => {
      log.debug("d_event", { a: 1 });
      log.info("i_event", { b: "two" });
      log.warn("w_event", { c: true });
      log.error("e_event");
    });
    restore();
    expect(lines).toEqual([
      { method: "debug", entry: { severity: "DEBUG", message: "d_event", event: "d_event", a: 1 } },
      { method: "info", entry: { severity: "INFO", message: "i_event", event: "i_event", b: "two" } },
      { method: "warn", entry: { severity: "WARNING", message: "w_event", event: "w_event", c: true } },
      { method: "error", entry: { severity: "ERROR", message: "e_event", event: "e_event" } },
    ]);
  });

  it("never throws for any level (a throwing logger would turn a handled error into a crash)", () => {
    const { restore } = withFreshLogger({ LOG_LEVEL: "debug" }, ({ log }) => {
      for (const level of ["debug", "info", "warn", "error"] as const) expect(() => log[level]("x")).not.toThrow();
    });
    restore();
  });

  it("drops events below the level set at load from LOG_LEVEL", () => {
    const { lines, restore } = withFreshLogger({ LOG_LEVEL: "warn" }, ({ log }) => {
      log.debug("no");
      log.info("no");
      log.warn("yes_warn");
      log.error("yes_error");
    });
    restore();
    expect(lines.map((l) => l.entry.event)).toEqual(["yes_warn", "yes_error"]);
  });

  it("defaults to info when LOG_LEVEL is unset or unknown", () => {
    for (const LOG_LEVEL of [undefined, "loud"]) {
      const { lines, restore } = withFreshLogger({ LOG_LEVEL }, ({ log }) => {
        log.debug("no");
        log.info("yes");
      });
      restore();
      expect(lines.map((l) => l.entry.event)).toEqual(["yes"]);
    }
  });

  it("follows setLogLevel at run time", () => {
    const { lines, restore } = withFreshLogger({ LOG_LEVEL: "error" }, ({ log, setLogLevel }) => {
      log.info("dropped");
      setLogLevel("debug");
      log.debug("kept");
    });
    restore();
    expect(lines.map((l) => l.entry.event)).toEqual(["kept"]);
  });

  it("goes back to the Cloud Logging sink after a test sink is removed", () => {
    const captured: string[] = [];
    const { lines, restore } = withFreshLogger({ LOG_LEVEL: "info" }, ({ log, setLogSink }) => {
      setLogSink((_level, event) => captured.push(event));
      log.info("to_test_sink");
      setLogSink(undefined);
      log.info("to_cloud");
    });
    restore();
    expect(captured).toEqual(["to_test_sink"]);
    expect(lines.map((l) => l.entry.event)).toEqual(["to_cloud"]);
  });
});

describe("errorFields", () => {
  it("keeps an Error's name, message and stack", () => {
    const { result, restore } = withFreshLogger({}, ({ errorFields }) => {
      const err = new TypeError("bad thing");
      return { fields: errorFields(err), stack: err.stack };
    });
    restore();
    expect(result.fields).toEqual({ errorName: "TypeError", errorMessage: "bad thing", stack: result.stack });
  });

  it("stringifies anything else", () => {
    const { result, restore } = withFreshLogger({}, ({ errorFields }) => [errorFields("plain"), errorFields(42), errorFields(undefined)]);
    restore();
    expect(result).toEqual([{ errorMessage: "plain" }, { errorMessage: "42" }, { errorMessage: "undefined" }]);
  });
});

describe("warn-level logging in the request pipeline", () => {
  it("answers the JSON 500 when error reporting fails, logging the failure as a WARNING", async () => {
    const lines: { method: Method; entry: Record<string, unknown> }[] = [];
    const spies = methods.map((method) =>
      jest.spyOn(console, method).mockImplementation((line: unknown) => {
        lines.push({ method, entry: JSON.parse(String(line)) });
      }),
    );
    try {
      let modules!: {
        define: typeof import("../../functions/src/platform/define-endpoint");
        logger: typeof LoggerModule;
        operation: typeof import("../../functions/src/platform/operation");
        limiter: typeof import("../../functions/src/core/rate-limit/rate-limiter");
        zod: typeof import("zod");
        rlf: typeof import("rate-limiter-flexible");
        server: typeof import("../support/api-server");
      };
      jest.isolateModules(() => {
        modules = {
          define: require("../../functions/src/platform/define-endpoint"),
          logger: require("../../functions/src/platform/logger"),
          operation: require("../../functions/src/platform/operation"),
          limiter: require("../../functions/src/core/rate-limit/rate-limiter"),
          zod: require("zod"),
          rlf: require("rate-limiter-flexible"),
          server: require("../support/api-server"),
        };
      });
      const { define, logger, operation, limiter, zod, rlf, server } = modules;
      logger.setLogLevel("info"); // the production default
      const handler = define.createRequestHandler(
        "fails",
        {
          path: "/fails",
          secrets: [],
          operations: {
            GET: operation.operation({
              operationId: "fails",
              summary: "",
              tag: "t",
              auth: "public",
              rateLimit: { points: 10, durationSeconds: 60, store: "local" },
              response: zod.z.object({}),
              handler: async () => async () => {
                throw new Error("boom");
              },
            }),
          },
        },
        {
          config: () => ({
            environment: "production",
            corsOrigins: [],
            logLevel: "info",
            sentrySampleRate: 1,
            sentryTracesSampleRate: 0,
            trustedProxies: [],
          }),
          verifier: async () => ({ verify: () => Promise.reject(new Error("unused")) }),
          rateLimiter: async () => limiter.flexibleRateLimiter((o) => new rlf.RateLimiterMemory(o)),
          requestsPerMinute: async () => 60,
          services: {
            db: () => Promise.reject(new Error("unused")),
            auth: () => Promise.reject(new Error("unused")),
            now: () => new Date(),
          } as never,
          report: () => Promise.reject(new Error("sentry unreachable")),
        },
      );
      const api = await server.serveHandler(handler as never);
      try {
        const res = await fetch(`${api.baseUrl}/fails`);
        expect(res.status).toBe(500);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("internal_error");
      } finally {
        await api.close();
      }
      // The report is handed over after the response: wait (a bounded number of turns) for its failure.
      for (let i = 0; i < 500 && !lines.some((l) => l.entry.event === "error_report_failed"); i++)
        await new Promise((r) => setImmediate(r));
      const warning = lines.find((l) => l.entry.event === "error_report_failed");
      expect(warning).toMatchObject({ method: "warn", entry: { severity: "WARNING", errorMessage: "sentry unreachable" } });
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
