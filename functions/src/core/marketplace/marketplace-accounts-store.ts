import type { Collection, Db, ObjectId } from "mongodb";
import { HttpError } from "../../platform/http-error";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";
import type { MarketplaceSettings } from "./marketplace-settings";

/** A payee's Stripe Connect account, as last read from Stripe (never from a client). */
export interface ConnectState {
  account_id: string;
  /** The `transfers` capability: payouts are sent only when it is active. */
  transfers: "active" | "pending" | "inactive";
  payouts_enabled: boolean;
  /** Charges on the connected account itself (we only transfer to it: shown, never required). */
  charges_enabled?: boolean;
  details_submitted: boolean;
  disabled_reason: string | null;
  currently_due: string[];
  checked_at: Date;
  /**
   * When Stripe's account was in this state: the `created` of the `account.updated` event, or the
   * moment we read the account. A state older than the recorded one is never written over it.
   */
  status_at?: Date;
}

/** What `recordConnectStatus` did. */
export type ConnectStatusUpdate = "applied" | "stale" | "unknown_account";

/** `marketplace_accounts`: one per user who sells, refers or is paid out. */
export interface MarketplaceAccountDoc {
  _id: ObjectId;
  uid: string;
  /** Admin overrides of the deployment's defaults (null: the default). */
  seller_share_bps: number | null;
  commission_bps: number | null;
  /** Flagged sellers (a takedown, or an admin) are paced like new ones. */
  flagged: boolean;
  flagged_reason: string | null;
  /** Listings approved at least once: a seller with none is new. */
  approved_listings: number;
  submissions_day: string | null;
  submissions_count: number;
  last_submission_at: Date | null;
  connect: ConnectState | null;
  created_at: Date;
  updated_at: Date;
}

/** Established sellers may submit this many listings or revisions a day. */
export const ESTABLISHED_DAILY_CAP = 50;

export interface AccountOverrides {
  sellerShareBps?: number | null;
  commissionBps?: number | null;
  flagged?: boolean;
  flaggedReason?: string | null;
}

export class MarketplaceAccountsStore implements HoldsPersonalData {
  private readonly accounts: Collection<MarketplaceAccountDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.accounts = db.collection<MarketplaceAccountDoc>("marketplace_accounts");
  }

  private static id = (uid: string) => derivedId("marketplace_account", uid);

  get(uid: string): Promise<MarketplaceAccountDoc | null> {
    return this.accounts.findOne({ _id: MarketplaceAccountsStore.id(uid) });
  }

  async ensure(uid: string): Promise<MarketplaceAccountDoc> {
    const now = this.now();
    try {
      await this.accounts.updateOne(
        { _id: MarketplaceAccountsStore.id(uid) },
        {
          $setOnInsert: {
            uid,
            seller_share_bps: null,
            commission_bps: null,
            flagged: false,
            flagged_reason: null,
            approved_listings: 0,
            submissions_day: null,
            submissions_count: 0,
            last_submission_at: null,
            connect: null,
            created_at: now,
            updated_at: now,
          },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await this.get(uid))!;
  }

  async setOverrides(uid: string, o: AccountOverrides): Promise<MarketplaceAccountDoc> {
    await this.ensure(uid);
    const set: Partial<MarketplaceAccountDoc> = { updated_at: this.now() };
    if (o.sellerShareBps !== undefined) set.seller_share_bps = o.sellerShareBps;
    if (o.commissionBps !== undefined) set.commission_bps = o.commissionBps;
    if (o.flagged !== undefined) {
      set.flagged = o.flagged;
      set.flagged_reason = o.flagged ? (o.flaggedReason ?? "flagged by an admin") : null;
    }
    return (await this.accounts.findOneAndUpdate({ _id: MarketplaceAccountsStore.id(uid) }, { $set: set }, { returnDocument: "after" }))!;
  }

  async flag(uid: string, reason: string): Promise<void> {
    await this.ensure(uid);
    await this.accounts.updateOne(
      { _id: MarketplaceAccountsStore.id(uid) },
      { $set: { flagged: true, flagged_reason: reason, updated_at: this.now() } },
    );
  }

  /**
   * Takes one submission slot of the seller's day (UTC) with one conditional update: new and flagged
   * sellers get `newSellerDailyCap` a day and wait `submitCooldownMinutes` between two; established
   * ones get ESTABLISHED_DAILY_CAP. Concurrent submissions can never take more than the cap.
   */
  async takeSubmissionSlot(uid: string, s: Pick<MarketplaceSettings, "newSellerDailyCap" | "submitCooldownMinutes">): Promise<void> {
    const account = await this.ensure(uid);
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    const paced = account.flagged || account.approved_listings === 0;
    const cap = paced ? s.newSellerDailyCap : ESTABLISHED_DAILY_CAP;
    const cooldownMs = paced ? s.submitCooldownMinutes * 60_000 : 0;
    const _id = MarketplaceAccountsStore.id(uid);
    await this.accounts.updateOne({ _id, submissions_day: { $ne: day } }, { $set: { submissions_day: day, submissions_count: 0 } });
    const filter: Record<string, unknown> = { _id, submissions_day: day, submissions_count: { $lt: cap } };
    if (cooldownMs > 0) filter.$or = [{ last_submission_at: null }, { last_submission_at: { $lte: new Date(now.getTime() - cooldownMs) } }];
    const taken = await this.accounts.updateOne(filter, {
      $inc: { submissions_count: 1 },
      $set: { last_submission_at: now, updated_at: now },
    });
    if (taken.matchedCount === 1) return;
    const current = (await this.get(uid))!;
    if (current.submissions_count >= cap) {
      const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      throw new HttpError(429, "submission_limit", `At most ${cap} submissions a day${paced ? " for new or flagged sellers" : ""}`, {
        headers: { "Retry-After": String(Math.ceil((tomorrow - now.getTime()) / 1000)) },
        details: { cap },
      });
    }
    const wait = Math.max(1, Math.ceil(((current.last_submission_at?.getTime() ?? 0) + cooldownMs - now.getTime()) / 1000));
    throw new HttpError(429, "submission_cooldown", `New or flagged sellers wait ${s.submitCooldownMinutes} minutes between submissions`, {
      headers: { "Retry-After": String(wait) },
    });
  }

  /** A listing was approved for the first time: the seller is no longer new. */
  async noteApproved(uid: string): Promise<void> {
    await this.ensure(uid);
    await this.accounts.updateOne(
      { _id: MarketplaceAccountsStore.id(uid) },
      { $inc: { approved_listings: 1 }, $set: { updated_at: this.now() } },
    );
  }

  async setConnect(uid: string, connect: ConnectState): Promise<MarketplaceAccountDoc> {
    await this.ensure(uid);
    return (await this.accounts.findOneAndUpdate(
      { _id: MarketplaceAccountsStore.id(uid) },
      { $set: { connect, updated_at: this.now() } },
      { returnDocument: "after" },
    ))!;
  }

  /**
   * Records the user's connected account once: compare-and-set on `connect: null`, so concurrent
   * onboardings keep the first account recorded. Returns the document as it is afterwards (the
   * winner's account, which the caller must use).
   */
  async attachConnect(uid: string, connect: ConnectState): Promise<MarketplaceAccountDoc> {
    await this.ensure(uid);
    const _id = MarketplaceAccountsStore.id(uid);
    await this.accounts.updateOne({ _id, connect: null }, { $set: { connect, updated_at: this.now() } });
    return (await this.get(uid))!;
  }

  /**
   * A newer status of a connected account we created, found by its id (an id we did not record
   * changes nothing). Compare-and-set on `status_at`: an older status never replaces a newer one,
   * whatever order Stripe's events (or our own reads) arrive in.
   */
  async recordConnectStatus(
    accountId: string,
    status: Omit<ConnectState, "account_id" | "checked_at" | "status_at">,
    at: Date,
  ): Promise<ConnectStatusUpdate> {
    const now = this.now();
    const set: Record<string, unknown> = { "connect.status_at": at, "connect.checked_at": now, updated_at: now };
    for (const [k, v] of Object.entries(status)) set[`connect.${k}`] = v;
    const updated = await this.accounts.updateOne(
      { "connect.account_id": accountId, $or: [{ "connect.status_at": { $lt: at } }, { "connect.status_at": { $exists: false } }] },
      { $set: set },
    );
    if (updated.matchedCount === 1) return "applied";
    return (await this.accounts.countDocuments({ "connect.account_id": accountId }, { limit: 1 })) ? "stale" : "unknown_account";
  }

  /**
   * Payees Stripe accepts transfers for and pays out to their bank, in uid order, `limit` after
   * `afterUid`. Anyone else keeps their earnings available until their account is ready.
   */
  payable(afterUid: string | null, limit: number): Promise<MarketplaceAccountDoc[]> {
    return this.accounts
      .find({ "connect.transfers": "active", "connect.payouts_enabled": true, ...(afterUid ? { uid: { $gt: afterUid } } : {}) })
      .sort({ uid: 1 })
      .limit(limit)
      .toArray();
  }

  /** The account's own document goes with it (the Stripe account stays Stripe's). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.accounts, { ownerField: "uid", onDelete: "delete" })];
  }
}
