/**
 * What a push notification says: shown by the OS (title, body) and handed to the app as FCM data
 * (`data`: strings only, the notification's id and type first), so an app in the foreground or a
 * mobile client that keeps its feed in sync can act on it without showing anything.
 */
export interface PushMessage {
  /** The feed notification's id when it has one, else the notification key's hash: also the collapse id. */
  id: string;
  type: string;
  category: string;
  title: string;
  body: string;
  data: Record<string, string>;
}

/**
 * What became of one send: delivered; the token is dead (unregistered, invalid, or another project's:
 * remove it now, never retry); worth retrying later; or a failure that is ours (configuration).
 */
export type PushOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "dead"; code: string }
  | { kind: "retry"; code: string; retryAfterMs?: number }
  | { kind: "error"; code: string; message: string };

/** The push channel's role; the adapter is FCM (fcm-push-sender.ts). */
export interface PushSender {
  send(token: string, message: PushMessage): Promise<PushOutcome>;
}
