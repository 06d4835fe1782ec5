import type { ObjectId } from "mongodb";
import type { Caller } from "../auth/caller";
import { HttpError } from "../../platform/http-error";

/**
 * The one access policy of prompts, projects and teams. A resource belongs to a user or to a team;
 * the caller's effective role on it decides every action. A caller who cannot even read a resource
 * gets the same 404 as for a missing id, so ids cannot be probed; a caller who can read but not do
 * the action gets 403.
 */
export type EffectiveRole = "owner" | "admin" | "editor" | "viewer" | "none";
export type MemberRole = "admin" | "editor" | "viewer";
export const MEMBER_ROLES = ["admin", "editor", "viewer"] as const;

export type ResourceOwner = { kind: "user"; uid: string } | { kind: "team"; teamId: ObjectId };

/** The owner of a document that carries `owner_uid` (personal) or `team_id` (team-owned). */
export const ownerOf = (doc: { owner_uid: string | null; team_id: ObjectId | null }): ResourceOwner =>
  doc.team_id ? { kind: "team", teamId: doc.team_id } : { kind: "user", uid: doc.owner_uid! };

/** read: see it; write: change content; delete: remove it or manage members; own: transfer ownership. */
export type Action = "read" | "write" | "delete" | "manage" | "own";

const RANK: Record<EffectiveRole, number> = { none: 0, viewer: 1, editor: 2, admin: 3, owner: 4 };
const NEEDS: Record<Action, EffectiveRole> = { read: "viewer", write: "editor", delete: "admin", manage: "admin", own: "owner" };

export class Access {
  constructor(readonly role: EffectiveRole) {}

  can(action: Action): boolean {
    return RANK[this.role] >= RANK[NEEDS[action]];
  }

  /** Throws 404 when the caller cannot see the resource, 403 when they can but may not do this. */
  require(action: Action, what: string): this {
    if (!this.can("read")) throw new HttpError(404, "not_found", `${what} not found`);
    if (!this.can(action)) throw new HttpError(403, "forbidden", `Your role (${this.role}) may not ${action} this ${what.toLowerCase()}`);
    return this;
  }
}

/** How the policy learns team roles: implemented by the teams store (core/teams/teams-store.ts). */
export interface TeamRoles {
  roleIn(teamId: ObjectId, uid: string): Promise<EffectiveRole>;
  teamsOf(uid: string): Promise<ObjectId[]>;
}

export async function accessTo(teams: TeamRoles, caller: Pick<Caller, "uid">, owner: ResourceOwner): Promise<Access> {
  if (owner.kind === "user") return new Access(owner.uid === caller.uid ? "owner" : "none");
  return new Access(await teams.roleIn(owner.teamId, caller.uid));
}

/** Which owned resources a listing covers: the caller's personal ones, their teams', or both. */
export type VisibilityScope = "mine" | "team" | "all";
export interface Visibility {
  /** The caller's uid when personal resources are included, else null. */
  ownerUid: string | null;
  teamIds: ObjectId[];
}

export async function visibleTo(teams: TeamRoles, uid: string, scope: VisibilityScope = "all"): Promise<Visibility> {
  return { ownerUid: scope === "team" ? null : uid, teamIds: scope === "mine" ? [] : await teams.teamsOf(uid) };
}

/** The filter over documents that carry `owner_uid` (personal) or `team_id` (team-owned). */
export function visibilityFilter(v: Visibility): { $or: Record<string, unknown>[] } {
  const or: Record<string, unknown>[] = [{ team_id: { $in: v.teamIds } }];
  if (v.ownerUid) or.unshift({ owner_uid: v.ownerUid });
  return { $or: or };
}
