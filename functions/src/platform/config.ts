import { z } from "zod";
import { HttpError } from "./http-error";
import { isCidr } from "./client-ip";
import { setLogLevel } from "./logger";
import { CORS_ORIGINS, ENVIRONMENT, LOG_LEVEL, MONGODB_DB, REDIS_URL, SENTRY_DSN, SENTRY_RELEASE, TRUSTED_PROXIES } from "./params";

export const Environment = z.enum(["development", "staging", "production"]);
export type Environment = z.infer<typeof Environment>;

const LogLevel = z.enum(["debug", "info", "warn", "error"]);

/** What each environment means, unless a param overrides it. */
const environmentDefaults: Record<
  Environment,
  { corsOrigins: string[]; logLevel: z.infer<typeof LogLevel>; sentrySampleRate: number; sentryTracesSampleRate: number }
> = {
  development: {
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
  },
  staging: {
    corsOrigins: ["https://staging.promptforge.app"],
    logLevel: "info",
    sentrySampleRate: 1,
    sentryTracesSampleRate: 0.2,
  },
  production: {
    corsOrigins: ["https://promptforge.app", "https://www.promptforge.app"],
    logLevel: "info",
    sentrySampleRate: 1,
    sentryTracesSampleRate: 0.02,
  },
};

const Origin = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, "must be scheme://host[:port] with no path");

/** `203.0.113.0/24`, `2001:db8::/32`, or one address (a /32 or /128). */
const Cidr = z.string().refine(isCidr, "must be an IPv4 or IPv6 address or CIDR block, e.g. 203.0.113.0/24");

const RawConfig = z.object({
  environment: Environment,
  corsOrigins: z.array(Origin),
  mongoDbName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, "letters, digits, _ and - only")
    .optional(),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")
    .optional(),
  sentryDsn: z.url().optional(),
  release: z
    .string()
    .regex(/^[\w.@+:/-]{1,200}$/, "letters, digits and . @ + : / - _ only")
    .optional(),
  logLevel: LogLevel,
  trustedProxies: z.array(Cidr).max(50),
});

export type Config = z.infer<typeof RawConfig> & { sentrySampleRate: number; sentryTracesSampleRate: number };

const blankToUndefined = (v: string) => (v.trim() === "" ? undefined : v.trim());

/** Reads the params and validates them; throws a ZodError naming every bad param. */
export function parseConfig(read: (param: { value(): string }) => string = (p) => p.value()): Config {
  const environment = Environment.parse(blankToUndefined(read(ENVIRONMENT)) ?? "development");
  const defaults = environmentDefaults[environment];
  const origins = blankToUndefined(read(CORS_ORIGINS));
  const parsed = RawConfig.parse({
    environment,
    corsOrigins: origins
      ? origins
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean)
      : defaults.corsOrigins,
    mongoDbName: blankToUndefined(read(MONGODB_DB)),
    redisUrl: blankToUndefined(read(REDIS_URL)),
    sentryDsn: blankToUndefined(read(SENTRY_DSN)),
    release: blankToUndefined(read(SENTRY_RELEASE)),
    logLevel: blankToUndefined(read(LOG_LEVEL)) ?? defaults.logLevel,
    trustedProxies: (blankToUndefined(read(TRUSTED_PROXIES)) ?? "")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
  });
  return { ...parsed, sentrySampleRate: defaults.sentrySampleRate, sentryTracesSampleRate: defaults.sentryTracesSampleRate };
}

let cached: Config | undefined;

/**
 * The validated configuration, parsed on first use (never at import: params have no value while the
 * CLI analyses the code at deploy time). A bad value is a deploy mistake, reported as a 500
 * `config_invalid` naming the param in the logs, never to the client.
 */
export function getConfig(): Config {
  if (cached) return cached;
  try {
    cached = parseConfig();
  } catch (err) {
    throw new HttpError(500, "config_invalid", "The service is misconfigured", { cause: err });
  }
  setLogLevel(cached.logLevel);
  return cached;
}

/** Tests change params between cases. */
export function resetConfigForTests(): void {
  cached = undefined;
}
