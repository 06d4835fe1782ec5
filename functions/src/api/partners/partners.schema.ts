import { z } from "zod";
import { BOUNDS } from "../../core/marketplace/money";
import { IsoDate, Uid } from "../../platform/common-schemas";

/** The caller as a partner: their referral code and link, and the terms their referrals earn on. */
export const PartnerView = z
  .object({
    code: z.string(),
    link: z.string(),
    /** Basis points of a referred user's payments (and of the platform fee of their marketplace purchases). */
    commissionBps: z.number().int(),
    /** Months after a referral's sign-up during which its payments earn commission. */
    commissionMonths: z.number().int(),
    /** Days after a click within which a sign-up is attributed. */
    attributionWindowDays: z.number().int(),
    createdAt: IsoDate,
  })
  .meta({ id: "PartnerView" });

export const ReferralClickInput = z
  .strictObject({ code: z.string().regex(/^[2-9A-HJKMNP-Z]{8}$/, "must be an 8-character referral code") })
  .meta({ id: "ReferralClickInput" });
export type ReferralClickInput = z.infer<typeof ReferralClickInput>;

/** The app keeps `clickId` and presents it on the new user's first GET /users/me (`referralClick`). */
export const ReferralClick = z.object({ clickId: z.string(), expiresAt: IsoDate }).meta({ id: "ReferralClick" });

const Credits = z.number().int();

export const PartnerDashboard = z
  .object({
    clicks: z.number().int(),
    signups: z.number().int(),
    /** Referred users who paid (a credit pack, a subscription or a marketplace purchase that earned a commission). */
    conversions: z.number().int(),
    /** Commission lines, net of reversals: held for the refund window, and matured. */
    commission: z.object({ pending: Credits, available: Credits }),
    /**
     * The payee's whole balance (commissions and, for partners who also sell, sales): pending,
     * available (net of payouts; negative after a clawback), in payout and paid.
     */
    balance: z.object({ pending: Credits, available: Credits, inPayout: Credits, paid: Credits }),
    byMonth: z.array(
      z.object({
        month: z.string(),
        signups: z.number().int(),
        conversions: z.number().int(),
        /** Commission earned in the month, net of reversals recorded in it. */
        commission: Credits,
        /** Of which still held. */
        pending: Credits,
        /** Payouts created in the month: not confirmed sent yet, and sent (net of reversals). */
        inPayout: Credits,
        paid: Credits,
      }),
    ),
  })
  .meta({ id: "PartnerDashboard" });

export const PartnerParams = z.strictObject({ uid: Uid });
export type PartnerParams = z.infer<typeof PartnerParams>;

/** An admin's override of one partner's commission (null: the deployment's default). Outside the bounds: 400, never clamped. */
export const PartnerTermsInput = z
  .strictObject({ commissionBps: z.number().int().nullable().describe(`${BOUNDS.commissionBps.min}–${BOUNDS.commissionBps.max}, or null`) })
  .meta({ id: "PartnerTermsInput" });
export type PartnerTermsInput = z.infer<typeof PartnerTermsInput>;

export const PartnerTerms = z.object({ uid: z.string(), commissionBps: z.number().int() }).meta({ id: "PartnerTerms" });
