import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";

/** The payee of the platform's fee lines: never paid out (no connected account), kept so every sale's lines sum to its price. */
export const PLATFORM_PAYEE = "system:platform";

export type EarningKind =
  "sale" | "sale_reversal" | "commission" | "commission_reversal" | "fee" | "fee_reversal" | "payout" | "payout_return";

/**
 * `earnings`: the payees' ledger, append-only. One line per effect (`_id` derived from its key): a
 * sale's share, a commission, their reversals, a payout (negative) and a payout's return. A line is
 * never edited; its state follows from time and payouts:
 * - pending while `available_at` (the end of the refund window) is ahead,
 * - available once it has passed (a payee's available balance nets reversals and payouts, and may be
 *   negative: carried forward, taken from the next earnings),
 * - in payout / paid: what a payout took (its negative line), by the payout's state.
 */
export interface EarningLineDoc {
  _id: ObjectId;
  key: string;
  payee_uid: string;
  kind: EarningKind;
  /** Credits, signed. */
  amount: number;
  available_at: Date;
  /** What caused it; a commission also names the referred user who paid. */
  source: { type: "purchase" | "payment" | "payout"; id: string; listing_id?: ObjectId; referred_uid?: string };
  created_at: Date;
}

export type NewEarningLine = Omit<EarningLineDoc, "_id" | "created_at">;

export interface EarningTotals {
  /** Held (refund window). */
  pending: number;
  /** Matured, net of reversals and of what payouts took. */
  available: number;
}

export const earningIdFor = (key: string) => derivedId("earning", key);

export class EarningsStore implements HoldsPersonalData {
  private readonly lines: Collection<EarningLineDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.lines = db.collection<EarningLineDoc>("earnings");
  }

  /** Appends a line once per key: true when this call wrote it. */
  async record(line: NewEarningLine): Promise<boolean> {
    if (!Number.isSafeInteger(line.amount)) throw new Error(`earnings: ${line.key} has a non-integer amount`);
    try {
      await this.lines.insertOne({ ...line, _id: earningIdFor(line.key), created_at: this.now() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  find(key: string): Promise<EarningLineDoc | null> {
    return this.lines.findOne({ _id: earningIdFor(key) });
  }

  /** Every line of one source (a purchase, a payment), for refunds and checks. */
  ofSource(type: EarningLineDoc["source"]["type"], id: string): Promise<EarningLineDoc[]> {
    return this.lines.find({ "source.type": type, "source.id": id }).toArray();
  }

  /** The payee's balance of lines available at `at` (what a payout at `at` may take). */
  async availableAt(payee: string, at: Date): Promise<number> {
    const [sum] = await this.lines
      .aggregate<{ total: number }>([
        { $match: { payee_uid: payee, available_at: { $lte: at } } },
        { $group: { _id: null, total: { $sum: "$amount" } } },
      ])
      .toArray();
    return sum?.total ?? 0;
  }

  async totals(payee: string, now: Date, kinds?: EarningKind[]): Promise<EarningTotals> {
    const rows = await this.lines
      .aggregate<{ _id: boolean; total: number }>([
        { $match: { payee_uid: payee, ...(kinds ? { kind: { $in: kinds } } : {}) } },
        { $group: { _id: { $gt: ["$available_at", now] }, total: { $sum: "$amount" } } },
      ])
      .toArray();
    return { pending: rows.find((r) => r._id === true)?.total ?? 0, available: rows.find((r) => r._id === false)?.total ?? 0 };
  }

  /** Sale lines (net of reversals) of a seller since `since`, by UTC day. */
  salesByDay(payee: string, since: Date): Promise<{ _id: string; sales: number; credits: number }[]> {
    return this.lines
      .aggregate<{ _id: string; sales: number; credits: number }>([
        { $match: { payee_uid: payee, kind: { $in: ["sale", "sale_reversal"] }, created_at: { $gte: since } } },
        {
          $group: {
            _id: { $dateToString: { format: "%Y-%m-%d", date: "$created_at" } },
            sales: { $sum: { $cond: [{ $eq: ["$kind", "sale"] }, 1, -1] } },
            credits: { $sum: "$amount" },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
  }

  /** A seller's best listings by net earnings. */
  topListings(payee: string, limit: number): Promise<{ _id: ObjectId; sales: number; credits: number }[]> {
    return this.lines
      .aggregate<{ _id: ObjectId; sales: number; credits: number }>([
        { $match: { payee_uid: payee, kind: { $in: ["sale", "sale_reversal"] } } },
        {
          $group: {
            _id: "$source.listing_id",
            sales: { $sum: { $cond: [{ $eq: ["$kind", "sale"] }, 1, -1] } },
            credits: { $sum: "$amount" },
          },
        },
        { $sort: { credits: -1, _id: 1 } },
        { $limit: limit },
      ])
      .toArray();
  }

  /** Referred users who earned a partner at least one commission (conversions). */
  async conversions(payee: string): Promise<number> {
    return (await this.lines.distinct("source.referred_uid", { payee_uid: payee, kind: "commission" })).length;
  }

  /**
   * A partner's commission lines by UTC month of the payment or purchase that earned them: credits
   * earned (net of reversals), still held, and the referred users whose first commission fell in it.
   */
  async commissionsByMonth(payee: string, now: Date): Promise<{ month: string; credits: number; pending: number; conversions: number }[]> {
    const [months, firsts] = await Promise.all([
      this.lines
        .aggregate<{ _id: string; credits: number; pending: number }>([
          { $match: { payee_uid: payee, kind: { $in: ["commission", "commission_reversal"] } } },
          {
            $group: {
              _id: { $dateToString: { format: "%Y-%m", date: "$created_at" } },
              credits: { $sum: "$amount" },
              pending: { $sum: { $cond: [{ $gt: ["$available_at", now] }, "$amount", 0] } },
            },
          },
        ])
        .toArray(),
      this.lines
        .aggregate<{ _id: string; first: Date }>([
          { $match: { payee_uid: payee, kind: "commission" } },
          { $group: { _id: "$source.referred_uid", first: { $min: "$created_at" } } },
        ])
        .toArray(),
    ]);
    const conversions = new Map<string, number>();
    for (const f of firsts) {
      const month = f.first.toISOString().slice(0, 7);
      conversions.set(month, (conversions.get(month) ?? 0) + 1);
    }
    const keys = new Set([...months.map((m) => m._id), ...conversions.keys()]);
    return [...keys].sort().map((month) => {
      const m = months.find((x) => x._id === month);
      return { month, credits: m?.credits ?? 0, pending: m?.pending ?? 0, conversions: conversions.get(month) ?? 0 };
    });
  }

  /** Earnings are accounting records: a deleted payee's lines are kept without their uid. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.lines, { ownerField: "payee_uid", onDelete: "anonymize" })];
  }
}
