import type { UserRecord } from "firebase-admin/auth";
import { rolesFromClaims } from "../../core/auth/roles";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toProfile } from "../../core/users/user-profile";
import type { UidParams } from "./admin.schema";

export async function getUser(ctx: OperationContext<UidParams>) {
  const { uid } = ctx.params;
  const [account, doc] = await Promise.all([
    findAuthUser(await ctx.services.auth(), uid),
    ctx.services.store("users").then((users) => users.findByUid(uid)),
  ]);
  if (!account && !doc) throw notFound("User");
  return {
    uid,
    auth: account && {
      uid: account.uid,
      email: account.email ?? null,
      emailVerified: account.emailVerified,
      disabled: account.disabled,
      roles: rolesFromClaims(account.customClaims ?? {}),
      createdAt: toIso(account.metadata.creationTime),
      lastSignInAt: toIso(account.metadata.lastSignInTime),
    },
    profile: doc && toProfile(doc),
  };
}

export async function findAuthUser(auth: { getUser(uid: string): Promise<UserRecord> }, uid: string): Promise<UserRecord | null> {
  try {
    return await auth.getUser(uid);
  } catch (err) {
    if ((err as { code?: string }).code === "auth/user-not-found") return null;
    throw err;
  }
}

const toIso = (v: string | undefined) => (v ? new Date(v).toISOString() : null);
