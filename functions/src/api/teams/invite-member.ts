import { randomBytes } from "node:crypto";
import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { findTier } from "../../core/billing/catalog";
import { userTier } from "../../core/billing/user-tier";
import { tierLimitReached } from "../../core/limits/tier-limits";
import { HttpError, notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { InviteInput } from "./teams.schema";
import { recordEvent } from "../../core/events/record-event";

/**
 * Invites an email address; the random token is returned once and only its SHA-256 is stored.
 * Refused when the address already belongs to the owner or a member (409), and when the owner's tier
 * has no seat left for it, counting pending invitations (403; accepting takes the seat atomically).
 */
export async function inviteMember(ctx: OperationContext<{ teamId: string }, unknown, InviteInput>) {
  const [teams, invitations] = await Promise.all([ctx.services.store("teams"), ctx.services.store("teamInvitations")]);
  const teamId = toObjectId(ctx.params.teamId, "Team");
  (await accessTo(teams, ctx.caller, { kind: "team", teamId })).require("manage", "Team");
  const team = await teams.find(teamId);
  if (!team) throw notFound("Team");
  const email = ctx.body.email.toLowerCase();
  const invitee = await userByEmail(ctx, email);
  if (invitee && (await teams.roleIn(teamId, invitee)) !== "none") {
    throw new HttpError(409, "already_a_member", "This address belongs to someone who is already in the team");
  }
  const tier = await userTier(ctx.services, team.owner_uid);
  const seats = findTier(tier).limits.teamSeats;
  if (seats !== null) {
    const [memberCount, pending] = await Promise.all([teams.countMembers(teamId), invitations.countPending(teamId, ctx.services.now())]);
    if (1 + memberCount + pending >= seats) throw tierLimitReached("teamSeats", tier, seats);
  }
  // A bearer secret, not an id: 256 random bits, of which only the hash is kept.
  const token = randomBytes(32).toString("base64url");
  const invitation = await invitations.create({ teamId, email, role: ctx.body.role, token, invitedBy: ctx.caller.uid });
  // For the invitee's feed when they already have an account (the token itself never leaves this reply).
  await recordEvent(ctx.services, {
    type: "team.invitation_created",
    dedupeKey: `team:${ctx.params.teamId}:invitation:${invitation._id.toHexString()}`,
    occurredAt: invitation.created_at,
    subject: { ...(invitee ? { uid: invitee } : {}), teamId: ctx.params.teamId },
    data: {
      teamId: ctx.params.teamId,
      invitationId: invitation._id.toHexString(),
      email,
      role: invitation.role,
      invitedBy: ctx.caller.uid,
    },
  });
  return new Reply(201, {
    id: invitation._id.toHexString(),
    teamId: ctx.params.teamId,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expires_at.toISOString(),
    token,
  });
}

/** The uid of the Firebase account with this email, if there is one. */
async function userByEmail(ctx: OperationContext, email: string): Promise<string | null> {
  try {
    return (await (await ctx.services.auth()).getUserByEmail(email)).uid;
  } catch (err) {
    if ((err as { code?: string }).code === "auth/user-not-found") return null;
    throw err;
  }
}
