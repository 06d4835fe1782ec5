import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { unauthorized } from "../../platform/bearer-token";
import { log } from "../../platform/logger";
import type { ApiKeysStore } from "./api-keys-store";
import type { Caller, TokenVerifier } from "./caller";

/** What an API key may do; operations name the scopes they need (OperationSpec.scopes). */
export const ApiScope = z.enum(["prompts:read", "prompts:write", "ai:run", "vault:read", "vault:write", "analytics:read"]);
export type ApiScope = z.infer<typeof ApiScope>;

export const API_KEY_PREFIX = "pf_live_";
const SECRET_LENGTH = 32;
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const API_KEY_PATTERN = /^pf_live_[A-Za-z0-9]{32}$/;
/** last_used_at is written at most this often per key, so a busy key costs no write per request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** `pf_live_` + 32 base62 characters (~190 random bits), drawn without modulo bias. */
export function generateApiKey(): string {
  let out = "";
  while (out.length < SECRET_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && out.length < SECRET_LENGTH) out += BASE62[byte % 62];
    }
  }
  return API_KEY_PREFIX + out;
}

/**
 * SHA-256 under a fixed domain label. The secret has ~190 random bits, so offline guessing from a
 * leaked hash is hopeless without a secret pepper; a pepper would have to be bound to every function
 * that authenticates, for no gain.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update("promptforge.api_key.v1\0").update(key).digest("hex");
}

/** What is shown in lists: the format prefix and the first 4 secret characters. */
export const displayPrefix = (key: string) => key.slice(0, API_KEY_PREFIX.length + 4);

export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

/** Whether the key owner's Firebase account is usable: a disabled or deleted user's keys stop working. */
export type AccountStatus = (uid: string) => Promise<"active" | "disabled" | "deleted">;

const STATUS_CACHE_MS = 60_000;

/** Account status from Firebase Auth, cached per instance for a minute (one Auth call per user per minute). */
export function firebaseAccountStatus(
  getAuth: () => Promise<{ getUser(uid: string): Promise<{ disabled: boolean }> }>,
  now: () => Date,
): AccountStatus {
  const cache = new Map<string, { status: "active" | "disabled" | "deleted"; at: number }>();
  return async (uid) => {
    const hit = cache.get(uid);
    if (hit && now().getTime() - hit.at < STATUS_CACHE_MS) return hit.status;
    let status: "active" | "disabled" | "deleted";
    try {
      status = (await (await getAuth()).getUser(uid)).disabled ? "disabled" : "active";
    } catch (err) {
      if ((err as { code?: string }).code !== "auth/user-not-found") throw err;
      status = "deleted";
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(uid, { status, at: now().getTime() });
    return status;
  };
}

/**
 * Verifies `pf_live_…` keys by hash lookup. A revoked, rotated-away or expired key is rejected on its
 * next request (no cache); a disabled or deleted owner within a minute (`accountStatus`). The
 * resulting caller has no roles and only the key's scopes.
 */
export function apiKeyVerifier(
  store: () => Promise<Pick<ApiKeysStore, "findByHash" | "markUsed">>,
  now: () => Date,
  accountStatus?: AccountStatus,
): TokenVerifier {
  return {
    async verify(token: string): Promise<Caller> {
      if (!API_KEY_PATTERN.test(token)) throw unauthorized("invalid_token", "The API key is malformed");
      const keys = await store();
      const doc = await keys.findByHash(hashApiKey(token));
      if (!doc) throw unauthorized("invalid_token", "The API key is not valid");
      const at = now();
      if (doc.revoked_at) {
        log.info("auth_token_rejected", { reason: "api_key_revoked", keyId: doc._id.toHexString() });
        throw unauthorized("api_key_revoked", "This API key has been revoked");
      }
      if (doc.expires_at && doc.expires_at <= at) throw unauthorized("api_key_expired", "This API key has expired");
      const status = accountStatus ? await accountStatus(doc.uid) : "active";
      if (status !== "active") {
        log.info("auth_token_rejected", { reason: `api_key_owner_${status}`, keyId: doc._id.toHexString() });
        throw unauthorized("user_disabled", "The account this API key belongs to is disabled");
      }
      await keys.markUsed(doc, at, LAST_USED_GRANULARITY_MS);
      return {
        uid: doc.uid,
        emailVerified: false,
        roles: [],
        authTime: Math.floor(doc.created_at.getTime() / 1000),
        authMethod: "api_key",
        scopes: [...doc.scopes],
        apiKeyId: doc._id.toHexString(),
      };
    },
  };
}

/** Bearer credentials are Firebase ID tokens or, by their prefix, API keys. */
export function idTokenOrApiKeyVerifier(idTokens: TokenVerifier, apiKeys: TokenVerifier): TokenVerifier {
  return { verify: (token) => (isApiKey(token) ? apiKeys : idTokens).verify(token) };
}
