import { MONGODB_URI } from "../../platform/params";
import {
  CreateTeamInput,
  InvitationList,
  InvitationResponseInput,
  InvitationResult,
  InvitationSummary,
  InvitationView,
  InviteInput,
  ListInvitationsQuery,
  MemberChange,
  TeamDetail,
  TeamInvitationParams,
  TeamList,
  TeamMemberParams,
  TeamParams,
  TeamView,
  TransferInput,
  UpdateMemberInput,
} from "./teams.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The teams module's functions (composed into the whole API by routes.ts). */
export const teamsRoutes = moduleRoutes(
  { tag: "teams", secrets: [MONGODB_URI] },
  {
    // Teams, projects and prompts: every access decision goes through core/access/access-policy.ts
    // (a resource the caller cannot see is a 404, one they may not change a 403).
    teams: {
      path: "/teams",
      operations: {
        POST: operation({
          operationId: "createTeam",
          summary: "Create a team owned by the caller",
          auth: "user",
          rateLimit: perMinute(10),
          body: CreateTeamInput,
          response: TeamView,
          status: 201,
          handler: () => import("./create-team").then((m) => m.createTeam),
        }),
        GET: operation({
          operationId: "listTeams",
          summary: "The teams the caller owns or belongs to, with their role",
          auth: "user",
          rateLimit: perMinute(120),
          response: TeamList,
          handler: () => import("./list-teams").then((m) => m.listTeams),
        }),
      },
    },
    team: {
      path: "/teams/{teamId}",
      operations: {
        GET: operation({
          operationId: "getTeam",
          summary: "A team and its members (any member)",
          auth: "user",
          rateLimit: perMinute(120),
          params: TeamParams,
          response: TeamDetail,
          errors: [404],
          handler: () => import("./get-team").then((m) => m.getTeam),
        }),
      },
    },
    teamInvitations: {
      path: "/teams/{teamId}/invitations",
      operations: {
        POST: operation({
          operationId: "inviteTeamMember",
          summary:
            "Invite an email address with a role (admins); the token is shown once and expires in 7 days; 409 if it is already a member's, 403 tier_limit_reached without a free seat",
          auth: "user",
          rateLimit: perMinute(20),
          params: TeamParams,
          body: InviteInput,
          response: InvitationView,
          status: 201,
          errors: [403, 404, 409],
          handler: () => import("./invite-member").then((m) => m.inviteMember),
        }),
        GET: operation({
          operationId: "listTeamInvitations",
          summary: "A team's invitations, newest first (admins; cursor-paginated; pending by default, filter by state); never their tokens",
          auth: "user",
          rateLimit: perMinute(60),
          params: TeamParams,
          query: ListInvitationsQuery,
          response: InvitationList,
          errors: [403, 404],
          handler: () => import("./list-invitations").then((m) => m.listInvitations),
        }),
      },
    },
    teamInvitation: {
      path: "/teams/{teamId}/invitations/{invitationId}",
      operations: {
        DELETE: operation({
          operationId: "revokeTeamInvitation",
          summary: "Revoke a pending invitation (admins): its token stops working at once; 409 if it was already answered",
          auth: "user",
          rateLimit: perMinute(30),
          params: TeamInvitationParams,
          response: InvitationSummary,
          errors: [403, 404, 409],
          handler: () => import("./revoke-invitation").then((m) => m.revokeInvitation),
        }),
      },
    },
    teamInvitationResponse: {
      path: "/team-invitations/respond",
      operations: {
        POST: operation({
          operationId: "respondTeamInvitation",
          summary:
            "Accept or decline an invitation by its token (the caller's verified email must be the invited one); accepting takes a seat of the owner's tier",
          auth: "user",
          rateLimit: perMinute(20),
          body: InvitationResponseInput,
          response: InvitationResult,
          errors: [403, 404, 409],
          handler: () => import("./respond-invitation").then((m) => m.respondInvitation),
        }),
      },
    },
    teamMember: {
      path: "/teams/{teamId}/members/{uid}",
      operations: {
        PATCH: operation({
          operationId: "updateTeamMember",
          summary: "Change a member's role (admins; the owner's role changes only by transfer)",
          auth: "user",
          rateLimit: perMinute(30),
          params: TeamMemberParams,
          body: UpdateMemberInput,
          response: MemberChange,
          errors: [403, 404],
          handler: () => import("./update-member").then((m) => m.updateMember),
        }),
        DELETE: operation({
          operationId: "removeTeamMember",
          summary:
            "Remove a member (admins), or leave the team with your own uid (the owner must transfer first); their pending invitations are revoked",
          auth: "user",
          rateLimit: perMinute(30),
          params: TeamMemberParams,
          response: MemberChange,
          errors: [403, 404, 409],
          handler: () => import("./remove-member").then((m) => m.removeMember),
        }),
      },
    },
    teamTransfer: {
      path: "/teams/{teamId}/transfer",
      operations: {
        POST: operation({
          operationId: "transferTeamOwnership",
          summary: "Make a member the owner (owner only); the previous owner stays as an admin",
          auth: "user",
          rateLimit: perMinute(10),
          params: TeamParams,
          body: TransferInput,
          response: MemberChange,
          errors: [403, 404, 409],
          handler: () => import("./transfer-ownership").then((m) => m.transferOwnership),
        }),
      },
    },
  },
);
