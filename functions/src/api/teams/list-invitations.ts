import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { ListInvitationsQuery } from "./teams.schema";
import { toInvitationSummary } from "./team-views";

/** A team's invitations, newest first (admins; cursor-paginated; `pending` by default), never their tokens. */
export async function listInvitations(ctx: OperationContext<{ teamId: string }, ListInvitationsQuery>) {
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(await ctx.services.store("teams"), ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const now = ctx.services.now();
  const { state, limit, cursor } = ctx.query;
  const after = cursor ? decodeTimeCursor(cursor) : null;
  const docs = await (await ctx.services.store("teamInvitations")).page(teamId, state, now, after, limit);
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    invitations: page.map((i) => toInvitationSummary(i, now)),
    nextCursor: docs.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}
