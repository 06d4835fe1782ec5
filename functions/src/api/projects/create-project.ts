import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { TierId } from "../../core/billing/catalog";
import { userTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { CreateProjectInput } from "./projects.schema";
import { toProjectView } from "./project-view";

/**
 * Creates a personal project (counted against the caller's tier) or a team project (editors and up;
 * counted against the team owner's tier). The slot is taken before the insert and given back if the
 * insert fails, so concurrent creates never exceed the limit.
 */
export async function createProject(ctx: OperationContext<unknown, unknown, CreateProjectInput>) {
  const [projects, teams] = await Promise.all([ctx.services.store("projects"), ctx.services.store("teams")]);
  const teamId = ctx.body.teamId ? toObjectId(ctx.body.teamId, "Team") : null;
  let tier: TierId;
  if (teamId) {
    (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require("write", "Team");
    const team = await teams.find(teamId);
    if (!team) throw notFound("Team");
    tier = await userTier(ctx.services, team.owner_uid);
  } else {
    tier = await ctx.services.tier(ctx.caller);
  }
  const owner = teamId ? { teamId } : { uid: ctx.caller.uid };
  const scope = teamId ? { kind: "team" as const, teamId } : { kind: "user" as const, uid: ctx.caller.uid };
  await takeTierSlot(ctx.services, "projects", tier, { scope, countExisting: () => projects.count(owner) });
  try {
    return new Reply(201, toProjectView(await projects.create({ name: ctx.body.name, uid: ctx.caller.uid, teamId })));
  } catch (err) {
    await releaseTierSlot(ctx.services, "projects", scope);
    throw err;
  }
}
