import * as index from "../../functions/src/index";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { defineSchedule, SCHEDULE_TIME_ZONE } from "../../functions/src/platform/define-schedule";
import { hashUid, monitorSlug } from "../../functions/src/platform/sentry";
import { schedules } from "../../functions/src/schedules";
import { services } from "../../functions/src/services";
import { useTestDatabase } from "../support/db";
import { startSentryIngest, type SentryIngest } from "../support/fakes/sentry-ingest";

/**
 * Every scheduled function checks in with its Sentry Cron monitor (real SDK, loopback ingest): the
 * monitor's schedule is the one the function is deployed with, so Sentry alerts on a missed run, and
 * its max runtime is the function's timeout, so it alerts on a run that never finished.
 */
useTestDatabase("sentry_crons");
let ingest: SentryIngest;

type Scheduled = { run(event: { scheduleTime: string; jobName: string }): Promise<unknown> };
const runOnce = (fn: unknown, scheduleTime = "2026-12-01T03:05:00.000Z") => (fn as Scheduled).run({ scheduleTime, jobName: "test" });

beforeAll(async () => {
  ingest = await startSentryIngest();
  process.env.SENTRY_DSN = ingest.dsn;
  resetConfigForTests();
});

afterAll(async () => {
  process.env.SENTRY_DSN = "";
  resetConfigForTests();
  await ingest.close();
});

beforeEach(() => ingest.clear());

it.each(Object.keys(schedules))(
  "%s checks in (in progress, then ok) with its deployed schedule, zone and timeout",
  async (name) => {
    const spec = schedules[name as keyof typeof schedules];
    await runOnce((index as Record<string, unknown>)[name]);
    const checkIns = (await ingest.waitFor("check_in", 2)).map((i) => i.payload);
    expect(checkIns.map((c) => [c.monitor_slug, c.status])).toEqual([
      [monitorSlug(name), "in_progress"],
      [monitorSlug(name), "ok"],
    ]);
    expect(checkIns[0].monitor_config).toEqual({
      schedule: { type: "crontab", value: spec.schedule },
      timezone: SCHEDULE_TIME_ZONE,
      checkin_margin: 5,
      max_runtime: Math.ceil(("timeoutSeconds" in spec ? spec.timeoutSeconds : 300) / 60),
      failure_issue_threshold: 2,
      recovery_threshold: 1,
    });
    expect(checkIns[1].check_in_id).toBe(checkIns[0].check_in_id);
    expect(checkIns[1].duration).toBeGreaterThanOrEqual(0);
    expect(checkIns[0].environment).toBe("development");
    // notificationsDispatch keeps polling for its whole run budget (50 s), as it does every minute in production.
  },
  120_000,
);

it("reports a failed run as an error check-in and the error itself, and still fails the run for Cloud Scheduler to retry", async () => {
  const failing = defineSchedule(
    "nightlyRollup",
    {
      schedule: "5 0 * * *",
      secrets: [],
      timeoutSeconds: 600,
      job: async () => async () => {
        throw new Error("rollup failed for user u-123@example.com");
      },
    },
    services,
  );
  await expect(runOnce(failing)).rejects.toThrow("rollup failed");
  const checkIns = (await ingest.waitFor("check_in", 2)).map((i) => i.payload);
  expect(checkIns.map((c) => [c.monitor_slug, c.status])).toEqual([
    ["nightly-rollup", "in_progress"],
    ["nightly-rollup", "error"],
  ]);
  expect(checkIns[0].monitor_config).toMatchObject({ schedule: { value: "5 0 * * *" }, max_runtime: 10 });
  const [event] = (await ingest.waitFor("event")).map((i) => i.payload);
  expect(event.exception.values[0].value).toBe("rollup failed for user [email]");
  expect(event.tags).toEqual({ function: "nightlyRollup", schedule: "nightly-rollup", run_id: "nightlyRollup:2026-12-01T03:05:00.000Z" });
  expect(hashUid("x")).toHaveLength(20);
});

it("runs the job unmonitored, and successfully, when Sentry is unreachable", async () => {
  ingest.mode = "reset";
  let ran = 0;
  const job = defineSchedule(
    "quietJob",
    { schedule: "*/10 * * * *", secrets: [], job: async () => async () => ({ ran: ++ran }) },
    services,
  );
  await expect(runOnce(job)).resolves.toBeUndefined();
  expect(ran).toBe(1);
  ingest.mode = "ok";
});
