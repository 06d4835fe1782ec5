import type { OperationContext } from "../../platform/operation";
import type { UpdateMeInput } from "./users.schema";
import { ownProfile, toProfile } from "../../core/users/user-profile";

export async function updateMe(ctx: OperationContext<unknown, unknown, UpdateMeInput>) {
  const now = ctx.services.now();
  await ownProfile(ctx, now);
  const updated = await (await ctx.services.store("users")).update(ctx.caller.uid, ctx.body, now);
  // Deleted between the two steps by a concurrent DELETE: recreate rather than fail.
  return toProfile(updated ?? (await ownProfile(ctx, now)));
}
