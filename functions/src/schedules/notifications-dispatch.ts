import type { Services } from "../services";
import { errorFields, log } from "../platform/logger";
import { fanOutBatch, type FanOutCounts } from "../core/notifications/fan-out";
import { deliverPushBatch, type PushStats } from "../core/notifications/push-dispatch";
import { WebhookDispatcher, DEFAULT_WEBHOOK_LIMITS, type WebhookDispatchLimits } from "../core/outgoing-webhooks/webhook-dispatch";

const LOCK = "notifications-dispatch";
/** Longer than a renewal interval; a run that died frees the lock within it. */
const LOCK_LEASE_MS = 90_000;
const RENEW_EVERY_MS = 20_000;
/** How long one scheduled run keeps working: under the one-minute schedule, so runs do not overlap. */
export const RUN_BUDGET_MS = 50_000;
/** The pause when nothing was due, before looking again. */
const IDLE_MS = 250;

export interface DispatchOptions {
  /** Wall time the run keeps polling for. */
  budgetMs: number;
  /** Stop as soon as a round finds nothing to do (tests, and draining). */
  untilIdle?: boolean;
  webhookLimits?: WebhookDispatchLimits;
}

export interface DispatchResult extends Record<string, unknown> {
  skipped?: boolean;
  fanOut: Omit<FanOutCounts, never>;
  webhooks: { attempts: number; succeeded: number; failed: number; crashed: number };
  push: PushStats;
}

/**
 * The dispatcher: every minute, for up to RUN_BUDGET_MS, turns new events into notifications,
 * deliveries and webhook messages (fan-out), sends due webhook messages (bounded per endpoint) and
 * due push deliveries. One run at a time (a lease in `job_locks`); every item it works on is claimed
 * with a lease of its own, so a run that dies leaves nothing half-done that the next run does not finish.
 */
export async function runNotificationsDispatch(runId: string, services: Services): Promise<Record<string, unknown>> {
  return dispatchNotifications(runId, services, { budgetMs: RUN_BUDGET_MS });
}

export async function dispatchNotifications(runId: string, services: Services, options: DispatchOptions): Promise<DispatchResult> {
  const locks = await services.store("jobLocks");
  const result: DispatchResult = {
    fanOut: { events: 0, notifications: 0, pushes: 0, messages: 0 },
    webhooks: { attempts: 0, succeeded: 0, failed: 0, crashed: 0 },
    push: { deliveries: 0, sent: 0, removed: 0, failed: 0 },
  };
  if (!(await locks.acquire(LOCK, runId, LOCK_LEASE_MS))) return { ...result, skipped: true };
  const started = performance.now();
  let renewed = started;
  const webhooks = new WebhookDispatcher(services, options.webhookLimits ?? DEFAULT_WEBHOOK_LIMITS);
  try {
    while (performance.now() - started < options.budgetMs) {
      if (performance.now() - renewed > RENEW_EVERY_MS) {
        if (!(await locks.acquire(LOCK, runId, LOCK_LEASE_MS))) break;
        renewed = performance.now();
      }
      let work = 0;
      const fan = await guarded("fanout", () => fanOutBatch(services));
      if (fan) {
        for (const k of Object.keys(result.fanOut) as (keyof FanOutCounts)[]) result.fanOut[k] += fan[k];
        work += fan.events;
      }
      work += (await guarded("webhooks", () => webhooks.pump())) ?? 0;
      const push = await guarded("push", () => deliverPushBatch(services));
      if (push) {
        for (const k of Object.keys(result.push) as (keyof PushStats)[]) result.push[k] += push[k];
        work += push.deliveries;
      }
      if (work === 0) {
        if (options.untilIdle && webhooks.busy === 0) break;
        // Wake up when an attempt ends (a slot frees) or after a short pause.
        await Promise.race([webhooks.settleOne(), new Promise((r) => setTimeout(r, IDLE_MS))]);
      }
    }
    await webhooks.drain();
  } finally {
    Object.assign(result.webhooks, webhooks.stats);
    await locks.release(LOCK, runId).catch(() => undefined);
  }
  return result;
}

/** One part's round: a failure is logged and the other parts carry on. */
async function guarded<T>(part: string, round: () => Promise<T>): Promise<T | undefined> {
  try {
    return await round();
  } catch (err) {
    log.error("notifications_dispatch_failed", { part, ...errorFields(err) });
    return undefined;
  }
}
