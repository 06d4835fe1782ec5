import type { Role } from "./roles";

/** Who is calling: the verified identity every authenticated operation receives. */
export interface Caller {
  uid: string;
  email?: string;
  emailVerified: boolean;
  roles: Role[];
  /** Seconds since epoch at which the user signed in (from the token). */
  authTime: number;
  /** How the caller proved who they are; absent means a Firebase ID token. */
  authMethod?: "id_token" | "api_key";
  /** An API key's scopes; ID-token callers have every scope and carry none. */
  scopes?: string[];
  /** The API key used, for logs and audit. */
  apiKeyId?: string;
}

/** Verifies a bearer credential and returns the caller, or throws a 401 HttpError. */
export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}
