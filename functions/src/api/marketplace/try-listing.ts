import { toObjectId } from "../../core/access/to-object-id";
import { findTier } from "../../core/billing/catalog";
import { idempotent } from "../../core/idempotency/idempotent-request";
import type { ChatMessage } from "../../core/llm/llm-types";
import { AI_CALL_BUDGET_MS, AI_IDEMPOTENCY_LEASE_MS, meteredCall, reserveCall, runReserved } from "../../core/llm/metered-call";
import type { BuiltRoute } from "../../core/llm/build-route";
import { redactEchoes } from "../../core/marketplace/echo-guard";
import { DAY_MS } from "../../core/marketplace/marketplace-settings";
import { render } from "../../core/prompts/prompt-template";
import { HttpError, notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { OperationContext } from "../../platform/operation";
import type { ListingParams, TryListingInput, TryListingResult } from "./marketplace.schema";

/** Runs per listing, buyer and UTC day (MARKETPLACE_TRY_DAILY_CAP): each run is a chance to coax the template out. */
function dailyCap(): number {
  const n = Number(process.env.MARKETPLACE_TRY_DAILY_CAP ?? 5);
  return Number.isSafeInteger(n) && n >= 0 ? n : 5;
}

/**
 * Try before buying: the listing's approved version rendered on the caller's variables and run
 * through the metered router path (reserve → run → settle the exact cost, a usage record tagged with
 * the listing), paid by the caller like any generate call; an Idempotency-Key replays a run instead of
 * paying twice. The answer holds only the model's text (with echoes of the template redacted) and
 * what it cost: never the template or the rendered prompt.
 */
export async function tryListing(ctx: OperationContext<ListingParams, unknown, TryListingInput>) {
  return idempotent(ctx, "marketplace.try", { leaseMs: AI_IDEMPOTENCY_LEASE_MS }, () => run(ctx));
}

async function run(ctx: OperationContext<ListingParams, unknown, TryListingInput>): Promise<TryListingResult> {
  const [listings, usage] = await Promise.all([ctx.services.store("listings"), ctx.services.store("usage")]);
  const listing = await listings.get(toObjectId(ctx.params.listingId, "Listing"));
  if (!listing || listing.state !== "listed" || listing.live_version === null) throw notFound("Listing");
  const version = await listings.version(listing._id, listing.live_version);
  if (!version) throw notFound("Listing");
  const listingId = listing._id.toHexString();

  const cap = dailyCap();
  const dayStart = new Date(Math.floor(ctx.services.now().getTime() / DAY_MS) * DAY_MS);
  const used = await usage.triesSince(ctx.caller.uid, listingId, dayStart);
  if (used >= cap) {
    throw new HttpError(429, "try_limit_reached", `You can try this listing ${cap} times a day`, {
      headers: { "Retry-After": String(Math.ceil((dayStart.getTime() + DAY_MS - ctx.services.now().getTime()) / 1_000)) },
      details: { limit: cap },
    });
  }

  const tier = await ctx.services.tier(ctx.caller);
  const maxOut = findTier(tier).limits.maxOutputTokens;
  if (ctx.body.maxOutputTokens > maxOut) {
    throw new HttpError(400, "max_tokens_exceeded", `The ${tier} tier allows at most ${maxOut} output tokens per call`, {
      details: { max: maxOut },
    });
  }
  const { content } = version;
  const out = render(content.template, content.variables, ctx.body.variables);
  const rendered = out.messages ?? [{ role: "user" as const, content: out.text ?? "" }];
  const system = rendered.filter((m) => m.role === "system").map((m) => m.content);
  const messages = rendered.filter((m): m is ChatMessage => m.role !== "system");
  if (messages.length === 0) throw new HttpError(409, "listing_not_runnable", "This listing's prompt has no user message to run");
  const built: BuiltRoute = {
    route: {
      modelOrPolicy: ctx.body.model,
      tier,
      request: {
        ...(system.length ? { system: system.join("\n\n") } : {}),
        messages,
        maxOutputTokens: ctx.body.maxOutputTokens,
        ...(content.settings.temperature !== undefined ? { temperature: content.settings.temperature } : {}),
      },
    },
    // Not the caller's prompt: its usage record names the listing instead.
    prompt: null,
  };
  const call = { ...meteredCall(ctx, "marketplace.try", built, AI_CALL_BUDGET_MS), listingId };
  const answer = await runReserved(call, await reserveCall(ctx.services, call));
  // Measured stats: every successful run but the seller's own (sellers could otherwise tune their numbers).
  if (ctx.caller.uid !== listing.seller_uid) {
    await listings.recordRun(listing._id, call.key, { credits: answer.cost.credits, latencyMs: answer.latencyMs, model: answer.model });
  }
  const text = redactEchoes(answer.text, content.template);
  log.info("marketplace_try_run", { listingId, model: answer.model, credits: answer.cost.credits, redacted: text.redacted });
  return {
    text: text.text,
    redacted: text.redacted,
    model: answer.model,
    usage: { inputTokens: answer.usage.inputTokens, outputTokens: answer.usage.outputTokens },
    cost: answer.cost,
    latencyMs: answer.latencyMs,
    runsLeftToday: Math.max(0, cap - used - 1),
  };
}
