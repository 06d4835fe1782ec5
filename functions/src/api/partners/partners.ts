import { becomePartner, recordClick, referralLink } from "../../core/marketplace/referrals";
import { marketplaceSettings } from "../../core/marketplace/marketplace-settings";
import { checkBps } from "../../core/marketplace/money";
import type { PartnerDoc } from "../../core/marketplace/partners-store";
import { HttpError, notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { PartnerParams, PartnerTermsInput, ReferralClickInput } from "./partners.schema";

async function view(ctx: OperationContext, partner: PartnerDoc) {
  const s = marketplaceSettings();
  const account = await (await ctx.services.store("marketplaceAccounts")).get(partner.uid);
  return {
    code: partner.code,
    link: referralLink(partner.code),
    commissionBps: account?.commission_bps ?? s.commissionBps,
    commissionMonths: s.commissionMonths,
    attributionWindowDays: s.attributionWindowDays,
    createdAt: partner.created_at.toISOString(),
  };
}

export async function getPartner(ctx: OperationContext) {
  const partner = await (await ctx.services.store("partners")).partner(ctx.caller.uid);
  if (!partner) throw new HttpError(404, "not_a_partner", "You are not a partner yet: POST /partners/me to get a referral code");
  return view(ctx, partner);
}

/** Idempotent: the first call makes the caller a partner (201), later ones return the same code (200). */
export async function createPartner(ctx: OperationContext) {
  const { partner, created } = await becomePartner(ctx.services, ctx.caller.uid);
  const body = await view(ctx, partner);
  return new Reply(created ? 201 : 200, body);
}

/** Public: a visit through a referral link. No caller; rate-limited per client. */
export async function recordReferralClick(ctx: OperationContext<unknown, unknown, ReferralClickInput>) {
  const { click, expiresAt } = await recordClick(ctx.services, ctx.body.code);
  return new Reply(201, { clickId: click._id.toHexString(), expiresAt: expiresAt.toISOString() });
}

export async function setPartnerTerms(ctx: OperationContext<PartnerParams, unknown, PartnerTermsInput>) {
  const { uid } = ctx.params;
  if (ctx.body.commissionBps !== null) checkBps("commissionBps", ctx.body.commissionBps);
  const partner = await (await ctx.services.store("partners")).partner(uid);
  if (!partner) throw notFound("Partner");
  const accounts = await ctx.services.store("marketplaceAccounts");
  const before = (await accounts.get(uid))?.commission_bps ?? null;
  const account = await accounts.setOverrides(uid, { commissionBps: ctx.body.commissionBps });
  await (
    await ctx.services.store("auditLog")
  ).record({
    action: "partner.terms_set",
    actor_uid: ctx.caller.uid,
    target_uid: uid,
    request_id: ctx.requestId,
    data: { before, after: ctx.body.commissionBps },
    at: ctx.services.now(),
  });
  // Applies to payments and purchases from now on; commissions already earned keep their amount.
  return { uid, commissionBps: account.commission_bps ?? marketplaceSettings().commissionBps };
}
