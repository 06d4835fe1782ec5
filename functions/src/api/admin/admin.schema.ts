import { z } from "zod";
import { Role } from "../../core/auth/roles";
import { DisplayText, Uid } from "../../platform/common-schemas";
import { UserProfile } from "../users/users.schema";

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
