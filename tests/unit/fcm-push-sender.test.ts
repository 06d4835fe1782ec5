import { FcmPushSender, fcmMessage } from "../../functions/src/core/notifications/fcm-push-sender";
import type { PushMessage } from "../../functions/src/core/notifications/push-sender";

// firebase-admin's types, as the adapter sees them (the package lives in functions/).
type Message = ReturnType<typeof fcmMessage>;
type Messaging = Awaited<ReturnType<ConstructorParameters<typeof FcmPushSender>[0]>>;

/**
 * The FCM adapter: the HTTP v1 message it builds, and how FCM's error codes decide a token's fate.
 * FCM itself cannot be reached from here; `Messaging.send` is the process boundary, replaced by an
 * object that records the message and throws what firebase-admin 13 throws (an error with `code`).
 */
const message: PushMessage = {
  id: "0123456789abcdef01234567",
  type: "credits.purchased",
  category: "credits",
  title: "Credits added",
  body: "5,000 credits were added to your balance ($20.00).",
  data: { credits: "5000", currency: "USD" },
};

function messaging(behaviour: (m: Message) => string): { sent: Message[]; get: () => Promise<Messaging> } {
  const sent: Message[] = [];
  const fake = {
    async send(m: Message) {
      sent.push(m);
      return behaviour(m);
    },
  } as unknown as Messaging;
  return { sent, get: async () => fake };
}

const fcmError = (code: string) => Object.assign(new Error(code), { code });

describe("fcmMessage", () => {
  it("builds a visible notification with the same facts as string data, collapsed per notification", () => {
    const m = fcmMessage("tok", message) as Message & { token: string };
    expect(m).toEqual({
      token: "tok",
      notification: { title: message.title, body: message.body },
      data: { notificationId: message.id, type: "credits.purchased", category: "credits", credits: "5000", currency: "USD" },
      android: { priority: "high", collapseKey: "credits", notification: { tag: message.id } },
      apns: { headers: { "apns-collapse-id": message.id }, payload: { aps: { threadId: "credits" } } },
      webpush: { notification: { tag: message.id } },
    });
    for (const v of Object.values(m.data!)) expect(typeof v).toBe("string");
  });
});

describe("FcmPushSender", () => {
  it("reports a sent message with FCM's message id", async () => {
    const fake = messaging(() => "projects/demo/messages/1");
    expect(await new FcmPushSender(fake.get).send("tok", message)).toEqual({ kind: "sent", messageId: "projects/demo/messages/1" });
    expect(fake.sent).toHaveLength(1);
  });

  it.each([
    "messaging/registration-token-not-registered",
    "messaging/invalid-registration-token",
    "messaging/invalid-argument",
    "messaging/mismatched-credential",
  ])("treats %s as a dead token (removed, never retried)", async (code) => {
    const fake = messaging(() => {
      throw fcmError(code);
    });
    expect(await new FcmPushSender(fake.get).send("tok", message)).toEqual({ kind: "dead", code });
  });

  it.each(["messaging/message-rate-exceeded", "messaging/server-unavailable", "messaging/internal-error"])(
    "retries later on %s",
    async (code) => {
      const fake = messaging(() => {
        throw fcmError(code);
      });
      expect(await new FcmPushSender(fake.get).send("tok", message)).toEqual({ kind: "retry", code });
    },
  );

  it("reports anything else as our error, with its message", async () => {
    const fake = messaging(() => {
      throw fcmError("app/invalid-credential");
    });
    expect(await new FcmPushSender(fake.get).send("tok", message)).toMatchObject({ kind: "error", code: "app/invalid-credential" });
  });
});
