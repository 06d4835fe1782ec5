import type { OperationContext } from "../../platform/operation";
import type { UpdateMeInput } from "./users.schema";
import { toProfile, UsersStore } from "./users-store";

export async function updateMe(ctx: OperationContext<unknown, unknown, UpdateMeInput>) {
  const store = new UsersStore(await ctx.services.db());
  const now = ctx.services.now();
  await store.getOrCreate(ctx.caller, now);
  const updated = await store.update(ctx.caller.uid, ctx.body, now);
  // Deleted between the two steps by a concurrent DELETE: recreate rather than fail.
  return toProfile(updated ?? (await store.getOrCreate(ctx.caller, now)));
}
