import type { OperationContext } from "../../platform/operation";
import { toProfile, UsersStore } from "./users-store";

/** The caller's profile, created on first call. */
export async function getMe(ctx: OperationContext) {
  const store = new UsersStore(await ctx.services.db());
  return toProfile(await store.getOrCreate(ctx.caller, ctx.services.now()));
}
