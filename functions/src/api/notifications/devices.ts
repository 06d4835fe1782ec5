import { HttpError, notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { PushDevice } from "../../core/notifications/push-devices-store";
import type { DeviceParams, RegisterPushDeviceInput } from "./notifications.schema";

/** Devices (FCM tokens) one user may register: phones, tablets and browsers. */
export const MAX_DEVICES = 10;

const view = (d: PushDevice & { id: string }) => ({
  id: d.id,
  platform: d.platform,
  addedAt: d.added_at.toISOString(),
  lastSeenAt: d.last_seen_at.toISOString(),
});

export async function listDevices(ctx: OperationContext) {
  const devices = await (await ctx.services.store("pushDevices")).list(ctx.caller.uid);
  return { devices: devices.map(view), limit: MAX_DEVICES };
}

/**
 * Registers the app's FCM token (201), or refreshes one already registered (200): apps call this on
 * every start and when FCM rotates the token. The token is never shown again, only its device id.
 */
export async function registerDevice(ctx: OperationContext<unknown, unknown, RegisterPushDeviceInput>) {
  const devices = await ctx.services.store("pushDevices");
  const result = await devices.register(ctx.caller.uid, ctx.body.token, ctx.body.platform, MAX_DEVICES);
  if (result.outcome === "full") {
    throw new HttpError(403, "limit_reached", `At most ${MAX_DEVICES} devices can receive push notifications; remove one first`, {
      details: { limit: MAX_DEVICES },
    });
  }
  const device = (await devices.list(ctx.caller.uid)).find((d) => d.id === result.id);
  if (!device) throw notFound("Device");
  return new Reply(result.outcome === "added" ? 201 : 200, view(device));
}

export async function unregisterDevice(ctx: OperationContext<DeviceParams>) {
  if (!(await (await ctx.services.store("pushDevices")).unregister(ctx.caller.uid, ctx.params.deviceId))) throw notFound("Device");
  return { id: ctx.params.deviceId, removed: true as const };
}
