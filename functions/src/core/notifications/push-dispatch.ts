import type { Services } from "../../services";
import { errorFields, log } from "../../platform/logger";
import { fault, isInjectedCrash } from "./fan-out";
import type { PushDeliveryDoc } from "./push-deliveries-store";
import type { PushOutcome } from "./push-sender";

export type PushDispatchServices = Pick<Services, "store" | "now" | "newId" | "faults" | "push">;

const LEASE_MS = 120_000;
/** Attempts of a delivery whose devices keep failing transiently, and the waits between them. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
/** Sends to one user's devices at a time. */
const DEVICE_CONCURRENCY = 4;

export interface PushStats {
  deliveries: number;
  sent: number;
  removed: number;
  failed: number;
}

/** One batch of due push deliveries, a few at a time. */
export async function deliverPushBatch(services: PushDispatchServices, limit = 50, concurrency = 8): Promise<PushStats> {
  const store = await services.store("pushDeliveries");
  const stats: PushStats = { deliveries: 0, sent: 0, removed: 0, failed: 0 };
  const queue = await store.due(limit);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const token = services.newId();
      const claimed = await store.claim(next._id, token, LEASE_MS);
      if (!claimed) continue;
      try {
        await deliverPush(services, claimed, token, stats);
        stats.deliveries++;
      } catch (err) {
        if (!isInjectedCrash(err)) log.error("push_delivery_crashed", { deliveryId: claimed._id.toHexString(), ...errorFields(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}

/**
 * Sends one notification to each of the user's devices that does not have it yet. A device FCM
 * reports dead is removed from the user's devices at once (never retried); transient failures are
 * retried a few times over hours; each device's outcome is recorded as soon as it is known.
 */
async function deliverPush(services: PushDispatchServices, delivery: PushDeliveryDoc, token: string, stats: PushStats): Promise<void> {
  const [store, devices] = await Promise.all([services.store("pushDeliveries"), services.store("pushDevices")]);
  await fault(services, "push:claimed");
  const targets = (await devices.list(delivery.uid)).filter((d) => !delivery.devices[d.id] || delivery.devices[d.id] === "failed");
  const sender = await services.push();
  const outcomes: { id: string; outcome: PushOutcome }[] = [];
  for (let i = 0; i < targets.length; i += DEVICE_CONCURRENCY) {
    const slice = targets.slice(i, i + DEVICE_CONCURRENCY);
    outcomes.push(...(await Promise.all(slice.map(async (d) => ({ id: d.id, outcome: await sender.send(d.token, delivery.message) })))));
  }
  await fault(services, "push:sent");
  // INVALID_ARGUMENT is how FCM answers both a malformed token and a malformed message: when every
  // device of a message says so, the message is the likelier culprit, and no device is removed.
  const suspect =
    outcomes.length > 1 && outcomes.every((o) => o.outcome.kind === "dead" && o.outcome.code === "messaging/invalid-argument");
  let failed = 0;
  for (const { id, outcome } of outcomes) {
    if (outcome.kind === "sent") {
      stats.sent++;
      await store.recordDevice(delivery._id, token, id, "sent");
    } else if (outcome.kind === "dead" && !suspect) {
      stats.removed++;
      await devices.unregister(delivery.uid, id);
      await store.recordDevice(delivery._id, token, id, "dead");
      log.info("push_token_removed", { uid: delivery.uid, deviceId: id, code: outcome.code });
    } else {
      failed++;
      stats.failed++;
      await store.recordDevice(delivery._id, token, id, "failed");
      const fields = { uid: delivery.uid, deviceId: id, code: outcome.code, deliveryId: delivery._id.toHexString() };
      if (outcome.kind === "error" || suspect) log.error(suspect ? "push_payload_suspect" : "push_send_error", fields);
      else log.warn("push_send_retry", fields);
    }
  }
  const delay = failed > 0 ? RETRY_DELAYS_MS[delivery.attempts - 1] : undefined;
  await store.finish(
    delivery._id,
    token,
    failed === 0
      ? { state: "done" }
      : delay === undefined
        ? { state: "failed" }
        : { state: "pending", retryAt: new Date(services.now().getTime() + delay) },
    failed ? `${failed} device(s) failed` : null,
  );
}
