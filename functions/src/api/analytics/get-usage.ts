import { ObjectId } from "mongodb";
import { SCOPE_DIMENSIONS } from "../../core/analytics/metrics";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { validationError } from "../../platform/request-input";
import type { AnalyticsUsageQuery } from "./analytics.schema";
import { runSeriesQuery } from "./run-series-query";

/**
 * The caller's own usage series, or a team's for its owner and admins (a team the caller cannot see
 * is a 404, one they only work in a 403). The time zone defaults to the caller's profile.
 */
export async function getUsage(ctx: OperationContext<unknown, AnalyticsUsageQuery>) {
  const { teamId, ...q } = ctx.query;
  const uid = ctx.caller.uid;
  let scope: "user" | "team" = "user";
  let scopeId = uid;
  let dimensions = SCOPE_DIMENSIONS.user;
  if (teamId) {
    const role = await (await ctx.services.store("teams")).roleIn(new ObjectId(teamId), uid);
    if (role === "none") throw notFound("Team");
    if (role !== "owner" && role !== "admin")
      throw new HttpError(403, "team_role_required", "Only the team's owner and admins can read its analytics");
    scope = "team";
    scopeId = teamId;
    dimensions = SCOPE_DIMENSIONS.team;
    if (q.groupBy?.includes("team") || q.team !== undefined) {
      throw validationError([
        { field: "query.groupBy", code: "unsupported_group", message: "a team's series cannot be grouped or filtered by team" },
      ]);
    }
  }
  const timeZone = q.timeZone ?? (await (await ctx.services.store("users")).findByUid(uid))?.timezone ?? "UTC";
  return runSeriesQuery(ctx.services, scope, scopeId, q, timeZone, dimensions);
}
