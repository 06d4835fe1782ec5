import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { accessTo, mongoTeamRoles } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { Reply, type OperationContext } from "../../platform/operation";
import type { InviteInput } from "./teams.schema";
import { INVITATION_TTL_MS, sha256, teamsOf, type InvitationDoc } from "./teams-store";

/** Invites an email address; the random token is returned once and only its SHA-256 is stored. */
export async function inviteMember(ctx: OperationContext<{ teamId: string }, unknown, InviteInput>) {
  const db = await ctx.services.db();
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(mongoTeamRoles(db), ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const token = randomBytes(32).toString("base64url");
  const now = ctx.services.now();
  const invitation: InvitationDoc = {
    _id: new ObjectId(),
    team_id: teamId,
    email: ctx.body.email.toLowerCase(),
    role: ctx.body.role,
    token_hash: sha256(token),
    state: "pending",
    invited_by: ctx.caller.uid,
    expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
    created_at: now,
  };
  await teamsOf(db).invitations.insertOne(invitation);
  return new Reply(201, {
    id: invitation._id.toHexString(),
    teamId: ctx.params.teamId,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expires_at.toISOString(),
    token,
  });
}
