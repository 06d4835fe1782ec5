import { randomInt } from "node:crypto";
import { ObjectId } from "mongodb";
import { notFound } from "../../platform/http-error";
import { log } from "../../platform/logger";
import type { Services } from "../../services";
import type { Caller } from "../auth/caller";
import { addMonths } from "../payments/payment-effects";
import { DAY_MS, marketplaceSettings } from "./marketplace-settings";
import type { PartnerDoc, ReferralClickDoc, ReferralDoc } from "./partners-store";

/** Referral codes: 8 characters without look-alikes (no 0/O, 1/I/L), ~1.1e12 codes. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const REFERRAL_CODE = /^[2-9A-HJKMNP-Z]{8}$/;

export const newReferralCode = (): string => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

/** Makes the caller a partner (once: a repeat returns the same code). */
export async function becomePartner(services: Services, uid: string): Promise<{ partner: PartnerDoc; created: boolean }> {
  return (await services.store("partners")).ensurePartner(uid, newReferralCode);
}

export const referralLink = (code: string): string => `${marketplaceSettings().partnerLinkBase}${code}`;

/** A visit through a partner's link: recorded by our server, its id is what the app presents at sign-up. */
export async function recordClick(services: Services, code: string): Promise<{ click: ReferralClickDoc; expiresAt: Date }> {
  const partners = await services.store("partners");
  const partner = await partners.byCode(code);
  if (!partner) throw notFound("Referral code");
  const click = await partners.recordClick(partner);
  return { click, expiresAt: new Date(click.at.getTime() + marketplaceSettings().attributionWindowDays * DAY_MS) };
}

export type AttributionOutcome =
  | { attributed: true; referral: ReferralDoc }
  | { attributed: false; reason: "unknown_click" | "expired" | "self_uid" | "self_email" | "self_customer" | "already_attributed" };

const normalizedEmail = (email: string | undefined | null) => email?.trim().toLowerCase() || null;

/**
 * Attributes a new user to the partner whose link they followed, at sign-up (the profile's first
 * call), from the click id the app presents. The click id is client input: it only counts when it
 * names a click our server recorded, within the attribution window, for a partner who is not the
 * user themselves — same uid, same email (Firebase Auth's record of the partner against the
 * caller's token, verified or not), or a payment customer in common. The first attribution stands: the
 * referral's `_id` derives from the referred uid, so nothing can replace it later.
 */
export async function attributeSignUp(services: Services, caller: Caller, clickId: string): Promise<AttributionOutcome> {
  const partners = await services.store("partners");
  const now = services.now();
  const s = marketplaceSettings();
  const outcome = await decide();
  log.info("referral_attribution", {
    uid: caller.uid,
    clickId,
    attributed: outcome.attributed,
    ...(outcome.attributed ? { partner: outcome.referral.partner_uid } : { reason: outcome.reason }),
  });
  return outcome;

  async function decide(): Promise<AttributionOutcome> {
    const click = ObjectId.isValid(clickId) ? await partners.click(new ObjectId(clickId)) : null;
    if (!click) return { attributed: false, reason: "unknown_click" };
    if (click.at > now || now.getTime() - click.at.getTime() > s.attributionWindowDays * DAY_MS)
      return { attributed: false, reason: "expired" };
    const partner = await partners.partner(click.partner_uid);
    if (!partner) return { attributed: false, reason: "unknown_click" };
    if (partner.uid === caller.uid) return { attributed: false, reason: "self_uid" };
    const partnerUser = await (await services.auth()).getUser(partner.uid).catch(() => null);
    if (!partnerUser) return { attributed: false, reason: "unknown_click" };
    // Compared whether or not either side is verified: a match only ever refuses.
    const mine = normalizedEmail(caller.email);
    if (mine && mine === normalizedEmail(partnerUser.email)) return { attributed: false, reason: "self_email" };
    if (await sharesCustomer(services, caller.uid, partner.uid)) return { attributed: false, reason: "self_customer" };
    const { referral, created } = await partners.attribute({
      uid: caller.uid,
      partner_uid: partner.uid,
      click_id: click._id,
      clicked_at: click.at,
      attributed_at: now,
      commission_until: addMonths(now, s.commissionMonths),
    });
    return created ? { attributed: true, referral } : { attributed: false, reason: "already_attributed" };
  }
}

/** The provider customers a user is known as (created for them, or who paid for them). */
export async function customersOf(services: Services, uid: string): Promise<Set<string>> {
  const [billing, payments] = await Promise.all([services.store("billingCustomers"), services.store("payments")]);
  const [created, paid] = await Promise.all([billing.allOf(uid), payments.customersOf(uid)]);
  return new Set([...created, ...paid]);
}

async function sharesCustomer(services: Services, a: string, b: string): Promise<boolean> {
  const [ours, theirs] = await Promise.all([customersOf(services, a), customersOf(services, b)]);
  return [...ours].some((c) => theirs.has(c));
}
