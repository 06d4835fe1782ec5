import { HttpError } from "./http-error";

/** A 401 that tells the client how to authenticate. */
export const unauthorized = (code: string, message: string) =>
  new HttpError(401, code, message, { headers: { "WWW-Authenticate": 'Bearer realm="promptforge"' } });

/** The credential of `Authorization: Bearer <token>` (an ID token or an API key), or a 401. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw unauthorized("unauthenticated", "Missing Authorization: Bearer <ID token>");
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,8192})\s*$/i.exec(header);
  if (!match) throw unauthorized("invalid_token", "Authorization must be 'Bearer <ID token>'");
  return match[1];
}
