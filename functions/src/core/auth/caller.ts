import type { TierId } from "../billing/catalog";
import type { Role } from "./roles";

/** Who is calling: the verified identity every authenticated operation receives. */
export interface Caller {
  uid: string;
  email?: string;
  emailVerified: boolean;
  roles: Role[];
  /** The `tier` custom claim, set by billing when a subscription starts or ends. */
  tier?: TierId;
  /** Seconds since epoch at which the user signed in (from the token). */
  authTime: number;
}

/** Verifies a bearer credential and returns the caller, or throws a 401 HttpError. */
export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}
