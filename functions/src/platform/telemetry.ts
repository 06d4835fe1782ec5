import { AsyncLocalStorage } from "node:async_hooks";
import { log } from "./logger";

/**
 * What is known about the request or scheduled run being served, for telemetry: the ids that correlate
 * log lines, and (when this request was sampled for tracing) the spans timed so far. It costs a few
 * object allocations per request and loads no SDK: a sampled trace is handed to Sentry only after the
 * response has been sent (platform/sentry.ts), so tracing never adds to a cold start or a response.
 */
export interface RequestTrace {
  requestId: string;
  functionName: string;
  operationId?: string;
  sampled: boolean;
  spans: TraceSpan[];
}

export interface TraceSpan {
  op: string;
  name: string;
  /** Epoch milliseconds (see epochMs). */
  startMs: number;
  endMs: number;
  ok: boolean;
  data: Record<string, string | number | boolean>;
}

/**
 * Wall-clock epoch milliseconds for telemetry timestamps (Sentry places spans in absolute time). It
 * decides nothing, so it is not the services' clock, which tests move.
 */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** A MongoDB command slower than this is logged (`mongo_slow_command`), sampled or not. */
export const SLOW_DB_COMMAND_MS = 300;
/** Bounds a sampled trace of a request that runs thousands of commands. */
const MAX_SPANS = 250;

const current = new AsyncLocalStorage<RequestTrace>();

export function runInTrace<T>(trace: RequestTrace, fn: () => T): T {
  return current.run(trace, fn);
}

export function currentTrace(): RequestTrace | undefined {
  return current.getStore();
}

/** Times `fn` as a span of the current trace when it is sampled; otherwise just runs it. */
export async function timed<T>(op: string, name: string, fn: () => Promise<T>): Promise<T> {
  const trace = current.getStore();
  if (!trace?.sampled) return fn();
  const startMs = epochMs();
  let ok = false;
  try {
    const result = await fn();
    ok = true;
    return result;
  } finally {
    addSpan(trace, { op, name, startMs, endMs: epochMs(), ok, data: {} });
  }
}

function addSpan(trace: RequestTrace, span: TraceSpan): void {
  if (trace.spans.length < MAX_SPANS) trace.spans.push(span);
}

export interface DbCommand {
  command: string;
  collection?: string;
  database: string;
  durationMs: number;
  ok: boolean;
}

/**
 * One finished MongoDB command (from the driver's command monitoring, platform/mongo.ts): a span of
 * the current trace when sampled, and a `mongo_slow_command` line above the threshold. Only names and
 * durations are kept: never the command's filter or documents.
 */
export function observeDbCommand(command: DbCommand, endMs: number = epochMs()): void {
  const trace = current.getStore();
  const durationMs = Math.round(command.durationMs * 10) / 10;
  if (durationMs >= SLOW_DB_COMMAND_MS) {
    log.warn("mongo_slow_command", {
      command: command.command,
      collection: command.collection,
      database: command.database,
      durationMs,
      ok: command.ok,
      function: trace?.functionName,
      operation: trace?.operationId,
      requestId: trace?.requestId,
    });
  }
  if (!trace?.sampled) return;
  addSpan(trace, {
    op: "db",
    name: command.collection ? `${command.command} ${command.collection}` : command.command,
    startMs: endMs - durationMs,
    endMs,
    ok: command.ok,
    data: {
      "db.system": "mongodb",
      "db.name": command.database,
      "db.operation": command.command,
      ...(command.collection ? { "db.mongodb.collection": command.collection } : {}),
    },
  });
}
