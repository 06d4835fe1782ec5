import { findTier } from "../../core/billing/catalog";
import { recordEvent } from "../../core/events/record-event";
import type { OperationContext } from "../../platform/operation";
import { ownProfile, toProfile } from "../../core/users/user-profile";
import type { GetMeQuery } from "./users.schema";

/**
 * The caller's profile, created on first call, with their spendable credit balance. Free-tier users
 * get the tier's monthly allowance here, once per calendar month (UTC), expiring at the month's end:
 * a new user can try the product at once, and an active one is topped up each month without a job.
 * The first call is the sign-up: a referral click presented then attributes the user to its partner.
 */
export async function getMe(ctx: OperationContext<unknown, GetMeQuery>) {
  const now = ctx.services.now();
  const ledger = await ctx.services.ledger();
  // The profile and the credit account are separate documents keyed by the caller: read together.
  const [doc, first] = await Promise.all([
    ownProfile(ctx, now, { referralClick: ctx.query.referralClick }),
    ledger.account(ctx.caller.uid),
  ]);
  let account = first;
  if (doc.tier === "free") {
    const month = now.toISOString().slice(0, 7);
    const key = `free-allowance:${doc.uid}:${month}`;
    // The account remembers its recent keys: the usual call (allowance already granted) costs no
    // extra query; otherwise the grant itself is idempotent by the key.
    if (!account.applied_keys.includes(key)) {
      const expiresAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
      await ledger.grant({
        uid: doc.uid,
        amount: findTier("free").monthlyCredits,
        idempotencyKey: key,
        actor: "system:free-tier",
        reason: `free monthly allowance ${month}`,
        cause: { kind: "tier_allowance", id: month },
        expiresAt,
      });
      await recordEvent(ctx.services, {
        type: "credits.granted",
        dedupeKey: key,
        occurredAt: now,
        subject: { uid: doc.uid },
        data: { source: "free_allowance", credits: findTier("free").monthlyCredits, expiresAt },
      });
      account = await ledger.account(doc.uid);
    }
  }
  return toProfile(doc, account.balance);
}
