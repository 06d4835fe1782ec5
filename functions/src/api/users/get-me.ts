import type { OperationContext } from "../../platform/operation";
import { toProfile, UsersStore } from "./users-store";

/** The caller's profile, created on first call, with their spendable credit balance. */
export async function getMe(ctx: OperationContext) {
  const db = await ctx.services.db();
  const [doc, account] = await Promise.all([
    new UsersStore(db).getOrCreate(ctx.caller, ctx.services.now()),
    db.collection<{ user_id: string; balance: number }>("credit_accounts").findOne({ user_id: ctx.caller.uid }, { projection: { balance: 1 } }),
  ]);
  return toProfile(doc, account?.balance ?? 0);
}
