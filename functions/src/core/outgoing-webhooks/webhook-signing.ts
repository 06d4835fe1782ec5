import { randomBytes } from "node:crypto";

/** Bytes of a signing secret (Standard Webhooks: 24 to 64). */
const SECRET_BYTES = 32;

/** A new signing secret as customers see it: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): { display: string; key: string } {
  const key = randomBytes(SECRET_BYTES).toString("base64");
  return { display: `whsec_${key}`, key };
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per secret in
 * use, space-separated (during a rotation the new secret's first, then the old one's), signed with
 * the `standardwebhooks` package so that what we send is what its verifier accepts.
 */
export async function signatureHeader(keys: string[], msgId: string, timestamp: Date, body: string): Promise<string> {
  const { Webhook } = await import("standardwebhooks");
  return keys.map((key) => new Webhook(key).sign(msgId, timestamp, body)).join(" ");
}

/** The three Standard Webhooks headers of one attempt (a new timestamp and signature every attempt, the same id). */
export async function standardWebhookHeaders(
  keys: string[],
  msgId: string,
  timestamp: Date,
  body: string,
): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "user-agent": "PromptForge-Webhooks/1.0",
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": await signatureHeader(keys, msgId, timestamp, body),
  };
}
