import { newEndpointId, type WebhookEndpointDoc } from "../../core/outgoing-webhooks/webhook-endpoints-store";
import { newSigningSecret } from "../../core/outgoing-webhooks/webhook-signing";
import { HttpError } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import { checkedUrl, endpointFor, MAX_ENDPOINTS, ownerFor, ownerOfEndpoint } from "./endpoint-access";
import { toEndpointView } from "./endpoint-view";
import type {
  CreateWebhookEndpointInput,
  EndpointParams,
  ListEndpointsQuery,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
} from "./webhook-endpoints.schema";

const DEFAULT_OVERLAP_HOURS = 24;
const HOUR_MS = 3_600_000;

const limitReached = () =>
  new HttpError(403, "limit_reached", `At most ${MAX_ENDPOINTS} webhook endpoints per account or team; delete one first`, {
    details: { limit: MAX_ENDPOINTS },
  });

/**
 * Creates an endpoint and returns its signing secret, once. At most MAX_ENDPOINTS per owner however
 * many creates run at once: a slot is taken atomically (usage_counters) before the insert.
 */
export async function createEndpoint(ctx: OperationContext<unknown, unknown, CreateWebhookEndpointInput>) {
  const url = checkedUrl(ctx.body.url);
  const owner = await ownerFor(ctx, ctx.body.teamId);
  const [endpoints, counters] = await Promise.all([ctx.services.store("webhookEndpoints"), ctx.services.store("usageCounters")]);
  const counted = { scope: owner, resource: "webhook_endpoints" as const, countExisting: () => endpoints.countOf(owner) };
  if (!(await counters.take(counted, MAX_ENDPOINTS))) throw limitReached();
  const now = ctx.services.now();
  const secret = newSigningSecret();
  const enabled = ctx.body.enabled ?? true;
  const doc: WebhookEndpointDoc = {
    _id: newEndpointId(),
    owner_uid: owner.kind === "user" ? owner.uid : null,
    team_id: owner.kind === "team" ? owner.teamId : null,
    url,
    event_types: ctx.body.eventTypes,
    description: ctx.body.description ?? "",
    enabled,
    disabled_reason: enabled ? null : "manual",
    disabled_at: enabled ? null : now,
    secrets: [{ id: ctx.services.newId(), key: secret.key, created_at: now, expires_at: null }],
    failing_since: null,
    created_by: ctx.caller.uid,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  try {
    await endpoints.create(doc);
  } catch (err) {
    await counters.release(counted);
    throw err;
  }
  return new Reply(201, { ...toEndpointView(doc, now), secret: secret.display });
}

export async function listEndpoints(ctx: OperationContext<unknown, ListEndpointsQuery>) {
  const owner = await ownerFor(ctx, ctx.query.teamId);
  const docs = await (await ctx.services.store("webhookEndpoints")).listOf(owner);
  const now = ctx.services.now();
  return { endpoints: docs.map((d) => toEndpointView(d, now)), limit: MAX_ENDPOINTS };
}

export async function getEndpoint(ctx: OperationContext<EndpointParams>) {
  return toEndpointView(await endpointFor(ctx, ctx.params.endpointId), ctx.services.now());
}

/** Changes what the body names; enabling clears the dispatcher's disabling and its failing clock. */
export async function updateEndpoint(ctx: OperationContext<EndpointParams, unknown, UpdateWebhookEndpointInput>) {
  const endpoints = await ctx.services.store("webhookEndpoints");
  const url = ctx.body.url === undefined ? undefined : checkedUrl(ctx.body.url);
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await endpointFor(ctx, ctx.params.endpointId);
    const now = ctx.services.now();
    const set: Partial<WebhookEndpointDoc> = {
      ...(url !== undefined ? { url } : {}),
      ...(ctx.body.eventTypes ? { event_types: ctx.body.eventTypes } : {}),
      ...(ctx.body.description !== undefined ? { description: ctx.body.description } : {}),
    };
    if (ctx.body.enabled === true && !doc.enabled)
      Object.assign(set, { enabled: true, disabled_reason: null, disabled_at: null, failing_since: null });
    if (ctx.body.enabled === false && doc.enabled) Object.assign(set, { enabled: false, disabled_reason: "manual", disabled_at: now });
    const updated = await endpoints.update(doc._id, doc.version, set);
    if (updated) {
      if (updated.enabled === false && doc.enabled)
        await (await ctx.services.store("webhookMessages")).failWaiting(doc._id, "endpoint_disabled");
      return toEndpointView(updated, now);
    }
  }
  throw new HttpError(409, "conflict", "The endpoint kept changing while this update was applied; retry");
}

/** Deletes the endpoint, its delivery log, and gives its slot back. */
export async function deleteEndpoint(ctx: OperationContext<EndpointParams>) {
  const doc = await endpointFor(ctx, ctx.params.endpointId);
  const endpoints = await ctx.services.store("webhookEndpoints");
  if (await endpoints.delete(doc._id)) {
    const owner = ownerOfEndpoint(doc);
    await (await ctx.services.store("usageCounters")).release({ scope: owner, resource: "webhook_endpoints" });
  }
  await (await ctx.services.store("webhookMessages")).deleteOfEndpoint(doc._id);
  return { id: doc._id.toHexString(), deleted: true as const };
}

/**
 * A new signing secret, shown once. The previous one keeps signing beside it for `overlapHours`
 * (default 24): every delivery meanwhile carries both signatures, so receivers can switch at leisure.
 */
export async function rotateSecret(ctx: OperationContext<EndpointParams, unknown, RotateWebhookSecretInput>) {
  const endpoints = await ctx.services.store("webhookEndpoints");
  const overlapMs = (ctx.body.overlapHours ?? DEFAULT_OVERLAP_HOURS) * HOUR_MS;
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await endpointFor(ctx, ctx.params.endpointId);
    const now = ctx.services.now();
    const until = new Date(now.getTime() + overlapMs);
    const secret = newSigningSecret();
    // Only the current secret overlaps: older ones stop now (at most two ever sign).
    const [current] = doc.secrets;
    const secrets = [
      { id: ctx.services.newId(), key: secret.key, created_at: now, expires_at: null },
      ...(current && overlapMs > 0 && (current.expires_at === null || current.expires_at > now)
        ? [{ ...current, expires_at: current.expires_at && current.expires_at < until ? current.expires_at : until }]
        : []),
    ];
    const updated = await endpoints.update(doc._id, doc.version, { secrets });
    if (updated) return { secret: secret.display, previousSecretExpiresAt: toPrevious(updated.secrets, now) };
  }
  throw new HttpError(409, "conflict", "The endpoint kept changing while its secret was rotated; retry");
}

const toPrevious = (secrets: WebhookEndpointDoc["secrets"], now: Date) =>
  secrets
    .slice(1)
    .find((s) => s.expires_at !== null && s.expires_at > now)
    ?.expires_at?.toISOString() ?? null;
