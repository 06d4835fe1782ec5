import { ObjectId } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { TierId } from "../../core/billing/catalog";
import { userTier } from "../../core/billing/user-tier";
import { releaseTierSlot, takeTierSlot } from "../../core/limits/tier-limits";
import { notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { teamsOf } from "../teams/teams-store";
import type { CreateProjectInput } from "./projects.schema";
import { projectsOf, toProjectView, type ProjectDoc } from "./projects-store";

/**
 * Creates a personal project (counted against the caller's tier) or a team project (editors and up;
 * counted against the team owner's tier). The slot is taken before the insert and given back if the
 * insert fails, so concurrent creates never exceed the limit.
 */
export async function createProject(ctx: OperationContext<unknown, unknown, CreateProjectInput>) {
  const db = await ctx.services.db();
  const projects = projectsOf(db);
  const teamId = ctx.body.teamId ? toObjectId(ctx.body.teamId, "Team") : null;
  let tier: TierId;
  if (teamId) {
    (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("write", "Team");
    const team = await teamsOf(db).teams.findOne({ _id: teamId }, { projection: { owner_uid: 1 } });
    if (!team) throw notFound("Team");
    tier = await userTier(ctx.services, team.owner_uid);
  } else {
    tier = await ctx.services.tier(ctx.caller);
  }
  const scope = teamId ? { kind: "team" as const, teamId } : { kind: "user" as const, uid: ctx.caller.uid };
  await takeTierSlot(ctx.services, "projects", tier, {
    scope,
    countExisting: () => projects.countDocuments(teamId ? { team_id: teamId } : { owner_uid: ctx.caller.uid }),
  });
  const project: ProjectDoc = {
    _id: new ObjectId(),
    name: ctx.body.name,
    owner_uid: teamId ? null : ctx.caller.uid,
    team_id: teamId,
    created_by: ctx.caller.uid,
    created_at: ctx.services.now(),
  };
  try {
    await projects.insertOne(project);
  } catch (err) {
    await releaseTierSlot(ctx.services, "projects", scope);
    throw err;
  }
  return new Reply(201, toProjectView(project));
}
