import { onSchedule, type ScheduleFunction } from "firebase-functions/v2/scheduler";
import type { SecretParam } from "firebase-functions/params";
import type { Services } from "../services";
import { REGION } from "./region";
import { errorFields, log } from "./logger";

export interface ScheduleSpec {
  /** Cron (Cloud Scheduler syntax) in UTC. */
  schedule: string;
  secrets: SecretParam[];
  timeoutSeconds?: number;
  /** The job, imported on its first run (never when index.js loads); it reaches everything through the services. */
  job: () => Promise<(runId: string, services: Services) => Promise<Record<string, unknown>>>;
}

/**
 * A scheduled function: Cloud Scheduler runs it, retries a failed run (up to 3 times with backoff),
 * and every run logs one `schedule_run` line with what it did.
 */
export function defineSchedule(name: string, spec: ScheduleSpec, services: Services): ScheduleFunction {
  return onSchedule(
    {
      schedule: spec.schedule,
      timeZone: "Etc/UTC",
      region: REGION,
      secrets: spec.secrets,
      timeoutSeconds: spec.timeoutSeconds ?? 300,
      memory: "512MiB",
      retryCount: 3,
      minBackoffSeconds: 30,
    },
    async (event) => {
      const started = performance.now();
      const runId = `${name}:${event.scheduleTime}`;
      try {
        const result = await (await spec.job())(runId, services);
        log.info("schedule_run", { schedule: name, runId, ok: true, ms: Math.round(performance.now() - started), ...result });
      } catch (err) {
        log.error("schedule_run", { schedule: name, runId, ok: false, ms: Math.round(performance.now() - started), ...errorFields(err) });
        throw err; // Cloud Scheduler retries the run
      }
    },
  );
}
