import { onSchedule, type ScheduleFunction } from "firebase-functions/v2/scheduler";
import type { SecretParam } from "firebase-functions/params";
import type { Services } from "../services";
import { getConfig, type Config } from "./config";
import { REGION } from "./region";
import { errorFields, log } from "./logger";
import { runInTrace } from "./telemetry";

export interface ScheduleSpec {
  /** Cron (Cloud Scheduler syntax) in UTC. */
  schedule: string;
  secrets: SecretParam[];
  timeoutSeconds?: number;
  /** The job, imported on its first run (never when index.js loads); it reaches everything through the services. */
  job: () => Promise<(runId: string, services: Services) => Promise<Record<string, unknown>>>;
}

/** Every schedule runs in UTC; its Sentry Cron monitor is told the same zone. */
export const SCHEDULE_TIME_ZONE = "Etc/UTC";
export const DEFAULT_SCHEDULE_TIMEOUT_SECONDS = 300;

/**
 * A scheduled function: Cloud Scheduler runs it, retries a failed run (up to 3 times with backoff),
 * and every run logs one `schedule_run` line with what it did. With Sentry configured, each run is a
 * check-in of the schedule's Cron monitor (missed and overrunning runs alert there).
 */
export function defineSchedule(name: string, spec: ScheduleSpec, services: Services): ScheduleFunction {
  const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_SCHEDULE_TIMEOUT_SECONDS;
  return onSchedule(
    {
      schedule: spec.schedule,
      timeZone: SCHEDULE_TIME_ZONE,
      region: REGION,
      secrets: spec.secrets,
      timeoutSeconds,
      memory: "512MiB",
      retryCount: 3,
      minBackoffSeconds: 30,
    },
    async (event) => {
      const started = performance.now();
      const runId = `${name}:${event.scheduleTime}`;
      const run = async () => (await spec.job())(runId, services);
      try {
        const config = monitoringConfig();
        const result = await runInTrace({ requestId: runId, functionName: name, sampled: false, spans: [] }, () =>
          config?.sentryDsn
            ? import("./sentry").then((m) =>
                m.monitorScheduledRun(config, { name, schedule: spec.schedule, timeZone: SCHEDULE_TIME_ZONE, timeoutSeconds, runId }, run),
              )
            : run(),
        );
        log.info("schedule_run", { schedule: name, runId, ok: true, ms: Math.round(performance.now() - started), ...result });
      } catch (err) {
        log.error("schedule_run", { schedule: name, runId, ok: false, ms: Math.round(performance.now() - started), ...errorFields(err) });
        throw err; // Cloud Scheduler retries the run
      }
    },
  );
}

/** The configuration, if it is valid; a bad param must not stop a job that may not even need it. */
function monitoringConfig(): Config | undefined {
  try {
    return getConfig();
  } catch (err) {
    log.error("schedule_config_invalid", errorFields(err));
    return undefined;
  }
}
