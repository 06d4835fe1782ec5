import { ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

/** `partners`: a user who refers others, with their referral code (unique). */
export interface PartnerDoc {
  _id: ObjectId;
  uid: string;
  code: string;
  created_at: Date;
}

/** `referral_clicks`: a visit through a partner's link; its id is what the app hands back at sign-up. */
export interface ReferralClickDoc {
  _id: ObjectId;
  partner_uid: string;
  code: string;
  at: Date;
}

/** `referrals`: who referred a user, recorded once (`_id` derived from the referred uid) and never changed. */
export interface ReferralDoc {
  _id: ObjectId;
  uid: string;
  partner_uid: string;
  click_id: ObjectId;
  clicked_at: Date;
  attributed_at: Date;
  /** The referred user's payments and purchases earn the partner commission until then. */
  commission_until: Date;
}

export const referralIdFor = (uid: string) => derivedId("referral", uid);

/** `partners`, `referral_clicks` and `referrals`: one aggregate (a partner, the visits through their link, the sign-ups attributed to them). */
export class PartnersStore implements HoldsPersonalData {
  private readonly partners: Collection<PartnerDoc>;
  private readonly clicks: Collection<ReferralClickDoc>;
  private readonly referrals: Collection<ReferralDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.partners = db.collection<PartnerDoc>("partners");
    this.clicks = db.collection<ReferralClickDoc>("referral_clicks");
    this.referrals = db.collection<ReferralDoc>("referrals");
  }

  partner(uid: string): Promise<PartnerDoc | null> {
    return this.partners.findOne({ _id: derivedId("partner", uid) });
  }

  byCode(code: string): Promise<PartnerDoc | null> {
    return this.partners.findOne({ code });
  }

  /** Makes the user a partner (once) with a code from `newCode`, drawing again if a code is taken; `created`: by this call. */
  async ensurePartner(uid: string, newCode: () => string): Promise<{ partner: PartnerDoc; created: boolean }> {
    const existing = await this.partner(uid);
    if (existing) return { partner: existing, created: false };
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCode();
      // Unique index on code in MongoDB; checked first here for engines that do not enforce it.
      if (await this.byCode(code)) continue;
      let created = true;
      try {
        await this.partners.insertOne({ _id: derivedId("partner", uid), uid, code, created_at: this.now() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        created = false;
      }
      const mine = await this.partner(uid);
      if (mine) return { partner: mine, created };
    }
    throw new Error("partners: could not draw a free referral code");
  }

  async recordClick(partner: PartnerDoc): Promise<ReferralClickDoc> {
    const click: ReferralClickDoc = { _id: new ObjectId(), partner_uid: partner.uid, code: partner.code, at: this.now() };
    await this.clicks.insertOne(click);
    return click;
  }

  click(id: ObjectId): Promise<ReferralClickDoc | null> {
    return this.clicks.findOne({ _id: id });
  }

  referralOf(uid: string): Promise<ReferralDoc | null> {
    return this.referrals.findOne({ _id: referralIdFor(uid) });
  }

  /** Records the attribution unless the user already has one (the first one stands): the stored one. */
  async attribute(r: Omit<ReferralDoc, "_id">): Promise<{ referral: ReferralDoc; created: boolean }> {
    const _id = referralIdFor(r.uid);
    try {
      await this.referrals.insertOne({ _id, ...r });
      return { referral: { _id, ...r }, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return { referral: (await this.referrals.findOne({ _id }))!, created: false };
    }
  }

  referredCount(partner: string): Promise<number> {
    return this.referrals.countDocuments({ partner_uid: partner });
  }

  clickCount(partner: string): Promise<number> {
    return this.clicks.countDocuments({ partner_uid: partner });
  }

  /** Sign-ups attributed to the partner, by UTC month of attribution. */
  signupsByMonth(partner: string): Promise<{ _id: string; signups: number }[]> {
    return this.referrals
      .aggregate<{ _id: string; signups: number }>([
        { $match: { partner_uid: partner } },
        { $group: { _id: { $dateToString: { format: "%Y-%m", date: "$attributed_at" } }, signups: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
  }

  /**
   * A deleted partner's record goes with the visits through their link; a deleted referred user's
   * attribution goes too (their commissions already earned stay, in the earnings ledger).
   */
  personalData(): PersonalDataSource[] {
    return [
      ownedBy(this.partners, { ownerField: "uid", onDelete: "delete" }),
      ownedBy(this.clicks, { ownerField: "partner_uid", onDelete: "delete" }),
      ownedBy(this.referrals, { ownerField: "uid", onDelete: "delete" }),
    ];
  }
}
