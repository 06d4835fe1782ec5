import type { Auth } from "firebase-admin/auth";
import { unauthorized } from "../../platform/bearer-token";
import { HttpError } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { Caller, TokenVerifier } from "./caller";
import { rolesFromClaims } from "./roles";

/** Firebase Auth errors that are the caller's fault (bad, expired, revoked or foreign token). */
const tokenErrors: Record<string, [string, string]> = {
  "auth/id-token-expired": ["token_expired", "The ID token has expired; refresh it and retry"],
  "auth/id-token-revoked": ["token_revoked", "The ID token has been revoked; sign in again"],
  "auth/user-disabled": ["user_disabled", "This account is disabled"],
  "auth/user-not-found": ["invalid_token", "The ID token does not belong to an existing user"],
  "auth/argument-error": ["invalid_token", "The ID token is invalid"],
  "auth/invalid-id-token": ["invalid_token", "The ID token is invalid"],
};

const unavailableCodes = new Set(["app/network-error", "app/network-timeout", "auth/internal-error"]);

/**
 * Verifies Firebase ID tokens with revocation checked (`checkRevoked = true`): a revoked session, a
 * disabled or deleted user is rejected immediately, not when the token expires.
 */
export function firebaseTokenVerifier(getAuth: () => Promise<Auth>): TokenVerifier {
  return {
    async verify(token: string): Promise<Caller> {
      const auth = await getAuth();
      try {
        const decoded = await auth.verifyIdToken(token, true);
        return {
          uid: decoded.uid,
          email: decoded.email,
          emailVerified: decoded.email_verified === true,
          roles: rolesFromClaims(decoded),
          authTime: decoded.auth_time,
        };
      } catch (err) {
        const code = (err as { code?: string }).code ?? "";
        const known = tokenErrors[code];
        if (known) {
          log.info("auth_token_rejected", { reason: code });
          throw unauthorized(known[0], known[1]);
        }
        if (unavailableCodes.has(code)) {
          // The revocation lookup could not reach Firebase Auth: not the caller's fault, retryable.
          throw new HttpError(503, "service_unavailable", "Sign-in verification is temporarily unavailable; retry shortly", {
            headers: { "Retry-After": "5" },
            cause: err,
          });
        }
        throw err;
      }
    },
  };
}
