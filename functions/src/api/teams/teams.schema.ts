import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { MEMBER_ROLES } from "../../core/access/access-policy";
import { DisplayText, Uid, PageCursor } from "../../platform/common-schemas";

export const MemberRole = z.enum(MEMBER_ROLES).meta({ id: "MemberRole" });
const Name = DisplayText(100).pipe(z.string().min(1, "must not be empty"));

export const TeamParams = z.strictObject({ teamId: EntityId });
export const TeamMemberParams = z.strictObject({ teamId: EntityId, uid: Uid });
export const TeamInvitationParams = z.strictObject({ teamId: EntityId, invitationId: EntityId });
export type TeamInvitationParams = z.infer<typeof TeamInvitationParams>;

export const InvitationState = z.enum(["pending", "expired", "accepted", "declined", "revoked"]).meta({ id: "InvitationState" });
export const ListInvitationsQuery = z.strictObject({
  /** `pending` (the default) lists the ones that can still be accepted. */
  state: z.enum([...InvitationState.options, "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: PageCursor.optional(),
});
export type ListInvitationsQuery = z.infer<typeof ListInvitationsQuery>;

export const CreateTeamInput = z.strictObject({ name: Name }).meta({ id: "CreateTeamInput" });
export type CreateTeamInput = z.infer<typeof CreateTeamInput>;

export const InviteInput = z.strictObject({ email: z.email().max(254), role: MemberRole }).meta({ id: "InviteInput" });
export type InviteInput = z.infer<typeof InviteInput>;

export const InvitationResponseInput = z
  .strictObject({
    token: z
      .string()
      .min(20)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/),
    decision: z.enum(["accept", "decline"]),
  })
  .meta({ id: "InvitationResponseInput" });
export type InvitationResponseInput = z.infer<typeof InvitationResponseInput>;

export const UpdateMemberInput = z.strictObject({ role: MemberRole }).meta({ id: "UpdateMemberInput" });
export type UpdateMemberInput = z.infer<typeof UpdateMemberInput>;

export const TransferInput = z.strictObject({ uid: Uid }).meta({ id: "TransferInput" });
export type TransferInput = z.infer<typeof TransferInput>;

/** A member's role in a team, the owner included. */
export const TeamRole = z.enum(["owner", ...MEMBER_ROLES]).meta({ id: "TeamRole" });
export const TeamMemberView = z.object({ uid: z.string(), role: TeamRole, joinedAt: z.iso.datetime() }).meta({ id: "TeamMemberView" });
export const TeamView = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerUid: z.string(),
    yourRole: TeamRole,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "TeamView" });
export const TeamDetail = TeamView.extend({ members: z.array(TeamMemberView) }).meta({ id: "TeamDetail" });
export const TeamList = z.object({ teams: z.array(TeamView) }).meta({ id: "TeamList" });
export const InvitationView = z
  .object({
    id: z.string(),
    teamId: z.string(),
    email: z.string(),
    role: MemberRole,
    expiresAt: z.iso.datetime(),
    /** Shown once, here; only its SHA-256 is stored. */
    token: z.string(),
  })
  .meta({ id: "InvitationView" });
export const InvitationSummary = z
  .object({
    id: z.string(),
    teamId: z.string(),
    email: z.string(),
    role: MemberRole,
    state: InvitationState,
    invitedBy: z.string(),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    respondedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "InvitationSummary" });
export const InvitationList = z
  .object({ invitations: z.array(InvitationSummary), nextCursor: z.string().nullable() })
  .meta({ id: "InvitationList" });
export const InvitationResult = z
  .object({ teamId: z.string(), decision: z.enum(["accept", "decline"]), role: MemberRole })
  .meta({ id: "InvitationResult" });
export const MemberChange = z.object({ teamId: z.string(), uid: z.string(), role: TeamRole.nullable() }).meta({ id: "MemberChange" });
