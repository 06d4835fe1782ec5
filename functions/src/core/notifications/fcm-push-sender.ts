import type { Messaging, Message } from "firebase-admin/messaging";
import type { PushMessage, PushOutcome, PushSender } from "./push-sender";

/**
 * FCM error codes (firebase-admin 13 `messaging/*`) that mean the token will never work again: the
 * app was uninstalled or the token expired (UNREGISTERED), it is not a token (INVALID_ARGUMENT: our
 * payloads are built below from a fixed shape and strings only, so the token is what is invalid),
 * or it belongs to another Firebase project (SENDER_ID_MISMATCH).
 */
const DEAD = new Set([
  "messaging/registration-token-not-registered",
  "messaging/invalid-registration-token",
  "messaging/invalid-argument",
  "messaging/mismatched-credential",
]);
/** Transient on FCM's side: the SDK already retried 503s itself; these wait for the next attempt. */
const RETRY = new Set([
  "messaging/message-rate-exceeded",
  "messaging/server-unavailable",
  "messaging/internal-error",
  "messaging/unknown-error",
]);

/** The FCM HTTP v1 message for one device: a visible notification plus the same facts as data. */
export function fcmMessage(token: string, m: PushMessage): Message {
  // apns-collapse-id is limited to 64 bytes; ids here are 24-64 hex characters.
  const collapseId = m.id.slice(0, 64);
  return {
    token,
    notification: { title: m.title, body: m.body },
    data: { notificationId: m.id, type: m.type, category: m.category, ...m.data },
    android: { priority: "high", collapseKey: m.category, notification: { tag: collapseId } },
    apns: { headers: { "apns-collapse-id": collapseId }, payload: { aps: { threadId: m.category } } },
    webpush: { notification: { tag: collapseId } },
  };
}

/**
 * Sends with `send()` per token (HTTP/1.1 through the Admin app's agent), not `sendEach` (HTTP/2
 * to a hard-coded host): one code path, the one tests drive against a loopback FCM. A duplicate
 * delivery after a crash shows once: the collapse id/tag replaces the earlier copy on the device.
 */
export class FcmPushSender implements PushSender {
  constructor(private readonly messaging: () => Promise<Messaging>) {}

  async send(token: string, message: PushMessage): Promise<PushOutcome> {
    try {
      return { kind: "sent", messageId: await (await this.messaging()).send(fcmMessage(token, message)) };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const text = typeof code === "string" ? code : "unknown";
      if (DEAD.has(text)) return { kind: "dead", code: text };
      if (RETRY.has(text)) return { kind: "retry", code: text };
      return { kind: "error", code: text, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
