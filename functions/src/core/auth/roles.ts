import { z } from "zod";

/** Roles granted through the `roles` custom claim. Every signed-in user is implicitly a "user". */
export const Role = z.enum(["admin", "support", "moderator"]);
export type Role = z.infer<typeof Role>;

/** Reads roles from custom claims, ignoring anything unknown (claims are set by admins, but be strict). */
export function rolesFromClaims(claims: Record<string, unknown>): Role[] {
  const raw = claims.roles;
  if (!Array.isArray(raw)) return [];
  return [...new Set(raw.filter((r): r is Role => Role.safeParse(r).success))].sort();
}
