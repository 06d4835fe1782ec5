import type { Filter } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { ListInvitationsQuery } from "./teams.schema";
import { teamsOf, toInvitationSummary, type InvitationDoc } from "./teams-store";

/** A team's invitations, newest first (admins; cursor-paginated; `pending` by default), never their tokens. */
export async function listInvitations(ctx: OperationContext<{ teamId: string }, ListInvitationsQuery>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const now = ctx.services.now();
  const { state, limit, cursor } = ctx.query;
  const clauses: Filter<InvitationDoc>[] = [{ team_id: teamId }];
  if (state === "pending") clauses.push({ state: "pending", expires_at: { $gt: now } });
  else if (state === "expired") clauses.push({ state: "pending", expires_at: { $lte: now } });
  else if (state !== "all") clauses.push({ state });
  if (cursor) {
    const c = decodeTimeCursor(cursor);
    clauses.push({ $or: [{ created_at: { $lt: c.t } }, { created_at: c.t, _id: { $lt: c.id } }] });
  }
  const docs = await teamsOf(db).invitations.find({ $and: clauses }).sort({ created_at: -1, _id: -1 }).limit(limit + 1).toArray();
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    invitations: page.map((i) => toInvitationSummary(i, now)),
    nextCursor: docs.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}
