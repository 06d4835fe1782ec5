import * as functionsLogger from "firebase-functions/logger";

/**
 * Structured logs with stable snake_case event names: `log.info("payment_event_applied", {...})`.
 * Lines go to Cloud Logging through firebase-functions' logger (severity + jsonPayload).
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type LogSink = (level: LogLevel, event: string, fields: LogFields) => void;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The JSON line Cloud Logging receives: `severity` becomes the entry's severity, the rest its
 * `jsonPayload` (query `jsonPayload.event="..."`; monitoring/ filters rely on it). The three names are
 * set last so that no field can change them.
 */
export function cloudEntry(level: LogLevel, event: string, fields: LogFields): functionsLogger.LogEntry {
  return { ...fields, severity: level === "warn" ? "WARNING" : (level.toUpperCase() as "INFO"), message: event, event };
}

const cloudSink: LogSink = (level, event, fields) => {
  functionsLogger.write(cloudEntry(level, event, fields));
};

let sink: LogSink = cloudSink;
let minLevel: LogLevel = (process.env.LOG_LEVEL as LogLevel) in order ? (process.env.LOG_LEVEL as LogLevel) : "info";

function emit(level: LogLevel, event: string, fields: LogFields = {}): void {
  if (order[level] < order[minLevel]) return;
  sink(level, event, fields);
}

export const log = {
  debug: (event: string, fields?: LogFields) => emit("debug", event, fields),
  info: (event: string, fields?: LogFields) => emit("info", event, fields),
  warn: (event: string, fields?: LogFields) => emit("warn", event, fields),
  error: (event: string, fields?: LogFields) => emit("error", event, fields),
};

export function setLogLevel(level: LogLevel): void {
  minLevel = level;
}

/** Tests capture log lines to assert on them; production never calls this. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next ?? cloudSink;
}

/** An error as a log field: name, message and stack for us, never for the client. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { errorName: err.name, errorMessage: err.message, stack: err.stack };
  return { errorMessage: String(err) };
}
