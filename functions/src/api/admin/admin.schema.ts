import { z } from "zod";
import { Role } from "../../core/auth/roles";
import { DisplayText, Uid } from "../../platform/common-schemas";
import { LedgerEntryView } from "../../core/credits/ledger-entry.schema";
import { UserProfile } from "../../core/users/user-profile.schema";

export const UidParams = z.strictObject({ uid: Uid });
export type UidParams = z.infer<typeof UidParams>;

export const AuthAccount = z
  .object({
    uid: z.string(),
    email: z.string().nullable(),
    emailVerified: z.boolean(),
    disabled: z.boolean(),
    roles: z.array(Role),
    createdAt: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
  })
  .meta({ id: "AuthAccount" });

export const AdminUserView = z
  .object({
    uid: z.string(),
    auth: AuthAccount.nullable(),
    profile: UserProfile.nullable(),
  })
  .meta({ id: "AdminUserView" });

export const SetRolesInput = z
  .strictObject({
    roles: z
      .array(Role)
      .max(Role.options.length)
      .refine((r) => new Set(r).size === r.length, "roles must be unique"),
    reason: DisplayText(500).pipe(z.string().min(3, "say why (at least 3 characters)")),
  })
  .meta({ id: "SetRolesInput" });
export type SetRolesInput = z.infer<typeof SetRolesInput>;

export const SetRolesResponse = z
  .object({
    uid: z.string(),
    roles: z.array(Role),
    /** True when roles were removed: the user's sessions were revoked so the old claims stop working now. */
    sessionsRevoked: z.boolean(),
  })
  .meta({ id: "SetRolesResponse" });

export const AdminCreditsInput = z
  .strictObject({
    type: z.enum(["grant", "adjust"]),
    /** grant: > 0; adjust: ≠ 0 (negative cannot take the balance below zero). */
    amount: z.number().int().min(-10_000_000).max(10_000_000),
    reason: DisplayText(500).pipe(z.string().min(3, "say why (at least 3 characters)")),
    /** Only for grants: when the granted credits expire (a future time, within 2 years). */
    expiresAt: z.iso.datetime().optional(),
    /** Makes a retried request (e.g. a double click) apply once. */
    idempotencyKey: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .refine((v) => v.amount !== 0, { path: ["amount"], message: "must not be zero" })
  .refine((v) => v.type === "adjust" || v.amount > 0, { path: ["amount"], message: "a grant must be positive" })
  .refine((v) => v.type === "grant" || v.expiresAt === undefined, { path: ["expiresAt"], message: "only grants expire" })
  .meta({ id: "AdminCreditsInput" });
export type AdminCreditsInput = z.infer<typeof AdminCreditsInput>;

export const AdminCreditsResponse = z
  .object({
    uid: z.string(),
    entry: LedgerEntryView,
    duplicate: z.boolean(),
    credits: z.number().int(),
    reserved: z.number().int(),
  })
  .meta({ id: "AdminCreditsResponse" });
