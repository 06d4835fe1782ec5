import type { Config } from "./config";

/**
 * Error reporting to Sentry, loaded only when an unexpected error actually happens and SENTRY_DSN is
 * set. Importing @sentry/google-cloud-serverless costs ~270 ms, which every cold start would pay if it
 * were initialised up front; errors are rare, so the first one pays instead (see bench/cold-start).
 * The trade-off: no performance tracing, only error capture.
 */
export interface ErrorContext {
  requestId: string;
  functionName: string;
  operationId?: string;
  uid?: string;
  method: string;
  path: string;
}

type SentryModule = typeof import("@sentry/google-cloud-serverless");
let sentryPromise: Promise<SentryModule> | undefined;

function loadSentry(config: Config): Promise<SentryModule> {
  sentryPromise ??= import("@sentry/google-cloud-serverless").then((Sentry) => {
    Sentry.init({
      dsn: config.sentryDsn,
      environment: config.environment,
      sampleRate: config.sentrySampleRate,
      tracesSampleRate: config.sentryTracesSampleRate,
      // We only report errors; do not add trace headers to calls to Mongo, Stripe, LLM vendors...
      tracePropagationTargets: [],
      sendDefaultPii: false,
    });
    return Sentry;
  });
  return sentryPromise;
}

/** Captures an error with its request context and waits (bounded) until it is sent. */
export async function captureError(config: Config, err: unknown, context: ErrorContext): Promise<void> {
  if (!config.sentryDsn) return;
  const Sentry = await loadSentry(config);
  Sentry.withScope((scope) => {
    scope.setTag("function", context.functionName);
    if (context.operationId) scope.setTag("operation", context.operationId);
    scope.setTag("request_id", context.requestId);
    if (context.uid) scope.setUser({ id: context.uid });
    scope.setContext("request", { method: context.method, path: context.path, requestId: context.requestId });
    Sentry.captureException(err);
  });
  await Sentry.flush(2_000);
}
