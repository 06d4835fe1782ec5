import type { ObjectId } from "mongodb";
import { accessTo } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import { checkWebhookUrl, publicUnicastOnly } from "../../core/outgoing-webhooks/address-guard";
import type { EndpointOwner, WebhookEndpointDoc } from "../../core/outgoing-webhooks/webhook-endpoints-store";
import { getConfig } from "../../platform/config";
import { notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { validationError } from "../../platform/request-input";

/** Endpoints one user or one team may have. */
export const MAX_ENDPOINTS = 10;

const PROBLEMS = {
  invalid_url: "must be an absolute URL",
  scheme_not_allowed: "must use https",
  credentials_in_url: "must not contain a user name or password",
  internal_address: "must not point at a loopback, private, link-local or other internal address",
} as const;

/** The URL as given, checked (400 naming body.url otherwise). */
export function checkedUrl(raw: string): string {
  const checked = checkWebhookUrl(raw, { allowHttp: getConfig().environment === "development", policy: publicUnicastOnly });
  if ("problem" in checked) throw validationError([{ field: "body.url", code: checked.problem, message: PROBLEMS[checked.problem] }]);
  return checked.url.toString();
}

/** A personal owner, or a team the caller administers (404 for a team they cannot see, 403 below admin). */
export async function ownerFor(ctx: OperationContext, teamId: string | undefined): Promise<EndpointOwner> {
  if (!teamId) return { kind: "user", uid: ctx.caller.uid };
  const team = { kind: "team" as const, teamId: toObjectId(teamId, "Team") };
  (await accessTo(await ctx.services.store("teams"), ctx.caller, team)).require("manage", "Team");
  return team;
}

export const ownerOfEndpoint = (doc: Pick<WebhookEndpointDoc, "owner_uid" | "team_id">): EndpointOwner =>
  doc.team_id ? { kind: "team", teamId: doc.team_id as ObjectId } : { kind: "user", uid: doc.owner_uid! };

/** The endpoint, if the caller may manage it: its owner, or an admin of its team (404 when they cannot see it). */
export async function endpointFor(ctx: OperationContext, id: string): Promise<WebhookEndpointDoc> {
  const doc = await (await ctx.services.store("webhookEndpoints")).find(toObjectId(id, "Webhook endpoint"));
  if (!doc) throw notFound("Webhook endpoint");
  (await accessTo(await ctx.services.store("teams"), ctx.caller, ownerOfEndpoint(doc))).require("manage", "Webhook endpoint");
  return doc;
}
