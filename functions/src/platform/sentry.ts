import { createHash } from "node:crypto";
import type { ErrorEvent, Event, TransactionEvent } from "@sentry/core";
import type { Config } from "./config";
import { errorFields, log } from "./logger";
import { epochMs, type TraceSpan } from "./telemetry";

/**
 * Error reporting, performance traces and cron monitors in Sentry (@sentry/google-cloud-serverless,
 * used as a plain SDK: why not its wrapHttpFunction nor @sentry/node's Firebase integration is in
 * docs/operations.md, "Error reporting and traces").
 *
 * The SDK costs ~270 ms to import, so nothing loads it until there is something to send, and nothing
 * a client waits for ever waits for it: the request pipeline hands a finished request over (an
 * unexpected error, or a trace sampled at the environment's rate) after its response has been sent,
 * and the send is bounded (FLUSH_TIMEOUT_MS) and its failures only logged. Sentry slow, over quota or
 * unreachable costs nothing but the report.
 *
 * What is sent is an allowlist: tags and ids we set (function, operation, method, route template,
 * request id, status, a hash of the uid, release, environment), the exception's type, message and
 * stack, and span names and timings. Never request bodies, headers (tokens), query strings, local
 * variables, breadcrumbs or database commands; and every string the client sent in the body is cut
 * out of exception messages (a vendor's error may quote the prompt it refused).
 */

/** A served request, as the pipeline hands it over once its response is complete. */
export interface RequestReport {
  requestId: string;
  functionName: string;
  operationId?: string;
  method: string;
  /** The function's path template (`/prompts/{id}`), never the path with its ids. */
  route: string;
  status: number;
  uid?: string;
  startMs: number;
  endMs: number;
  /** Sampled for tracing: its spans are sent as a transaction. */
  sampled: boolean;
  spans: TraceSpan[];
  /** An unexpected error: reported as an event. */
  error?: unknown;
  /** Strings the client sent (the body's values), cut out of anything sent; read only if there is an error. */
  clientStrings(): string[];
}

/** How long a report may wait for Sentry to accept it, after the response has gone. */
export const FLUSH_TIMEOUT_MS = 2_000;
/** Envelopes queued while Sentry is slow; beyond that new ones are dropped, never memory grown. */
const MAX_QUEUED_ENVELOPES = 30;

type SentryModule = typeof import("@sentry/google-cloud-serverless");
let sentryPromise: Promise<SentryModule> | undefined;

function loadSentry(config: Config): Promise<SentryModule> {
  sentryPromise ??= import("@sentry/google-cloud-serverless").then((Sentry) => {
    Sentry.init({
      dsn: config.sentryDsn,
      environment: config.environment,
      release: config.release,
      sampleRate: config.sentrySampleRate,
      // The pipeline samples requests itself (config.sentryTracesSampleRate) before anything is loaded;
      // what it hands over is sent.
      tracesSampleRate: 1,
      // No automatic instrumentation: no HTTP or fetch integration (it would record incoming bodies
      // and headers, outgoing URLs with vendor keys, and add trace headers to vendor calls), no
      // local variables, no breadcrumbs, no unhandled-rejection handlers installed mid-life.
      defaultIntegrations: false,
      integrations: [
        Sentry.linkedErrorsIntegration(),
        Sentry.dedupeIntegration(),
        Sentry.functionToStringIntegration(),
        Sentry.nodeContextIntegration(),
        Sentry.contextLinesIntegration(),
      ],
      includeLocalVariables: false,
      sendDefaultPii: false,
      maxBreadcrumbs: 0,
      sendClientReports: false,
      tracePropagationTargets: [],
      transportOptions: { bufferSize: MAX_QUEUED_ENVELOPES },
      beforeSend: (event) => scrubEvent(event),
      beforeSendTransaction: (event) => scrubEvent(event),
    });
    return Sentry;
  });
  return sentryPromise;
}

/** A stable pseudonym of a Firebase uid: the same user's events group together without naming them. */
export function hashUid(uid: string): string {
  return createHash("sha256").update(`promptforge-uid:${uid}`).digest("hex").slice(0, 20);
}

/** Sends what a request left for Sentry (an error, a sampled trace), then waits a bounded time for it to go. */
export async function reportRequest(config: Config, report: RequestReport): Promise<void> {
  if (!config.sentryDsn || (report.error === undefined && !report.sampled)) return;
  const Sentry = await loadSentry(config);
  Sentry.withScope((scope) => {
    scope.setTags({
      function: report.functionName,
      operation: report.operationId ?? "none",
      method: report.method,
      route: report.route,
      request_id: report.requestId,
      status: String(report.status),
    });
    scope.setUser(report.uid ? { id: hashUid(report.uid) } : null);
    scope.setContext("api", {
      requestId: report.requestId,
      function: report.functionName,
      operation: report.operationId,
      method: report.method,
      route: report.route,
      status: report.status,
    });
    const root = report.sampled
      ? Sentry.startInactiveSpan({
          name: `${report.method} ${report.route}`,
          op: "http.server",
          startTime: report.startMs,
          forceTransaction: true,
          attributes: {
            "faas.name": report.functionName,
            "pf.operation": report.operationId ?? "none",
            "http.request.method": report.method,
            "http.route": report.route,
            "http.response.status_code": report.status,
          },
        })
      : undefined;
    for (const span of root ? report.spans : []) {
      const child = Sentry.startInactiveSpan({
        name: span.name,
        op: span.op,
        startTime: span.startMs,
        parentSpan: root,
        attributes: span.data,
      });
      child.setStatus({ code: span.ok ? 1 : 2 });
      child.end(span.endMs);
    }
    if (report.error !== undefined) {
      const secrets = report.clientStrings();
      scope.addEventProcessor((event) => redactClientStrings(event, secrets));
      const capture = () => Sentry.captureException(report.error);
      if (root) Sentry.withActiveSpan(root, capture);
      else capture();
    }
    if (root) {
      root.setStatus(report.status >= 500 ? { code: 2, message: "internal_error" } : { code: 1 });
      root.end(report.endMs);
    }
  });
  await Sentry.flush(FLUSH_TIMEOUT_MS);
}

export interface CronMonitor {
  /** The scheduled function's name; its monitor's slug is derived from it. */
  name: string;
  /** The Cloud Scheduler cron, and its time zone: the same values the function is deployed with. */
  schedule: string;
  timeZone: string;
  timeoutSeconds: number;
  runId: string;
}

/** `creditsSweep` → `credits-sweep`. */
export function monitorSlug(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * Sentry's monitor for a schedule: a run that does not start within the margin is "missed", one still
 * running past the function's timeout (killed, so it never checks in again) is "timed out", and two
 * failed check-ins in a row (Cloud Scheduler retries a failed run) open an issue.
 */
export function cronMonitorConfig(monitor: CronMonitor) {
  return {
    schedule: { type: "crontab" as const, value: monitor.schedule },
    timezone: monitor.timeZone,
    checkinMargin: 5,
    maxRuntime: Math.max(1, Math.ceil(monitor.timeoutSeconds / 60)),
    failureIssueThreshold: 2,
    recoveryThreshold: 1,
  };
}

/**
 * Runs one scheduled job between an in-progress and a closing check-in of its Sentry Cron monitor; a
 * failure is also captured as an error. Monitoring never fails or skips the job: if Sentry cannot be
 * loaded the job runs unmonitored (logged).
 */
export async function monitorScheduledRun<T>(config: Config, monitor: CronMonitor, run: () => Promise<T>): Promise<T> {
  if (!config.sentryDsn) return run();
  let Sentry: SentryModule;
  try {
    Sentry = await loadSentry(config);
  } catch (err) {
    log.warn("error_report_failed", { schedule: monitor.name, ...errorFields(err) });
    return run();
  }
  const slug = monitorSlug(monitor.name);
  const started = epochMs();
  const checkInId = Sentry.captureCheckIn({ monitorSlug: slug, status: "in_progress" }, cronMonitorConfig(monitor));
  const close = (status: "ok" | "error") =>
    Sentry.captureCheckIn({ monitorSlug: slug, status, checkInId, duration: (epochMs() - started) / 1000 });
  try {
    const result = await run();
    close("ok");
    return result;
  } catch (err) {
    Sentry.withScope((scope) => {
      scope.setTags({ function: monitor.name, schedule: slug, run_id: monitor.runId });
      Sentry.captureException(err);
    });
    close("error");
    throw err;
  } finally {
    // No one waits for a scheduled run's response: let the check-in go before the instance idles.
    await Sentry.flush(FLUSH_TIMEOUT_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// What leaves for Sentry
// ---------------------------------------------------------------------------------------------

/** Credentials and personal data that may appear in an error message, whoever wrote it. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, "[jwt]"],
  [/\bBearer\s+\S+/gi, "Bearer [token]"],
  [
    /\b(?:pf_live|sk_live|sk_test|rk_live|rk_test|whsec|pdl_ntfset|pdl_sdbx|pdl_live|rzp_live|rzp_test|sk-ant|sk-proj|sk|gsk|AIza)[\w-]{8,}/g,
    "[key]",
  ],
  [/\bmongodb(?:\+srv)?:\/\/\S+/gi, "mongodb://[uri]"],
  [/[\w.+-]+@[\w-]+\.[\w.-]+/g, "[email]"],
];
/** Client strings shorter than this are too common to cut without destroying the message. */
const MIN_CLIENT_STRING = 6;

export function redactText(text: string, clientStrings: string[] = []): string {
  let out = text;
  for (const s of clientStrings) if (s.length >= MIN_CLIENT_STRING) out = out.split(s).join("[client input]");
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out.length > 2_000 ? `${out.slice(0, 2_000)}…` : out;
}

function redactClientStrings(event: Event, clientStrings: string[]): Event {
  for (const value of event.exception?.values ?? []) if (value.value) value.value = redactText(value.value, clientStrings);
  if (event.message) event.message = redactText(event.message, clientStrings);
  return event;
}

/** The contexts Sentry's own integrations add (runtime, OS, device, trace...) and ours; anything else is dropped. */
const KEPT_CONTEXTS = new Set(["api", "trace", "runtime", "os", "device", "app", "culture", "cloud_resource", "otel"]);
const KEPT_SPAN_DATA =
  /^(sentry\.|db\.(system|name|operation|mongodb\.collection)$|faas\.name$|pf\.operation$|http\.(request\.method|route|response\.status_code)$)/;

/** The last gate before anything is sent (errors and transactions): an allowlist of fields. */
export function scrubEvent<E extends ErrorEvent | TransactionEvent>(event: E): E {
  delete event.request;
  delete event.extra;
  delete event.breadcrumbs;
  event.user = event.user?.id ? { id: String(event.user.id) } : undefined;
  for (const name of Object.keys(event.contexts ?? {})) if (!KEPT_CONTEXTS.has(name)) delete event.contexts![name];
  for (const value of event.exception?.values ?? []) {
    if (value.value) value.value = redactText(value.value);
    for (const frame of value.stacktrace?.frames ?? []) delete frame.vars;
  }
  if (event.message) event.message = redactText(event.message);
  for (const span of event.spans ?? []) {
    if (span.data) for (const key of Object.keys(span.data)) if (!KEPT_SPAN_DATA.test(key)) delete span.data[key];
  }
  const traceData = event.contexts?.trace?.data;
  if (traceData) for (const key of Object.keys(traceData)) if (!KEPT_SPAN_DATA.test(key)) delete traceData[key];
  return event;
}
