import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import { derivedId } from "../../platform/derived-id";
import { CREDITS_PER_CENT } from "./money";

/**
 * created: its amount is fixed and its earnings line written (the money is "in payout");
 * sending: an attempt holds it and may have called Stripe; sent: the transfer exists (paid);
 * failed: Stripe refused it, its credits are back in the available balance.
 */
export type PayoutState = "created" | "sending" | "sent" | "failed";

/** `payouts`: at most one per payee and period (`_id` derived from both). */
export interface PayoutDoc {
  _id: ObjectId;
  payee_uid: string;
  period: string;
  /** What the payout took from the earnings balance (= cents × 10). */
  credits: number;
  amount_cents: number;
  currency: "usd";
  /** The connected account it is sent to, as our records said when it was created. */
  account_id: string;
  state: PayoutState;
  transfer_id: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: number;
  last_error: string | null;
  /** Cents Stripe reported reversed so far (transfer.reversed): each increase returns credits. */
  reversed_cents: number;
  /** Each step of `reversed_cents` (cents from → to), recorded with it: its credits return once per step. */
  reversals?: { from: number; to: number; at: Date }[];
  created_at: Date;
  sending_at: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
}

export const payoutIdFor = (payee: string, period: string) => derivedId("payout", payee, period);

export class PayoutsStore implements HoldsPersonalData {
  private readonly payouts: Collection<PayoutDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.payouts = db.collection<PayoutDoc>("payouts");
  }

  get(id: ObjectId): Promise<PayoutDoc | null> {
    return this.payouts.findOne({ _id: id });
  }

  /** The period's payout: created now, or the one a concurrent or earlier run created (whose amount stands). */
  async createOnce(p: Pick<PayoutDoc, "payee_uid" | "period" | "credits" | "amount_cents" | "account_id">): Promise<PayoutDoc> {
    const _id = payoutIdFor(p.payee_uid, p.period);
    try {
      await this.payouts.insertOne({
        _id,
        ...p,
        currency: "usd",
        state: "created",
        transfer_id: null,
        lease_owner: null,
        lease_until: null,
        attempts: 0,
        last_error: null,
        reversed_cents: 0,
        created_at: this.now(),
        sending_at: null,
        sent_at: null,
        failed_at: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await this.payouts.findOne({ _id }))!;
  }

  /** One attempt takes the payout to send it: a created one, or one whose last attempt's lease ran out. */
  claim(id: ObjectId, owner: string, leaseMs: number): Promise<PayoutDoc | null> {
    const now = this.now();
    return this.payouts.findOneAndUpdate(
      { _id: id, $or: [{ state: "created" }, { state: "sending", lease_until: { $lt: now } }] },
      {
        $set: { state: "sending", lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs), sending_at: now },
        $inc: { attempts: 1 },
      },
      { returnDocument: "after" },
    );
  }

  async markSent(id: ObjectId, transferId: string): Promise<PayoutDoc | null> {
    return this.payouts.findOneAndUpdate(
      { _id: id, state: { $in: ["created", "sending"] } },
      { $set: { state: "sent", transfer_id: transferId, sent_at: this.now(), lease_owner: null, lease_until: null } },
      { returnDocument: "after" },
    );
  }

  async markFailed(id: ObjectId, reason: string): Promise<PayoutDoc | null> {
    return this.payouts.findOneAndUpdate(
      { _id: id, state: { $in: ["created", "sending"] } },
      { $set: { state: "failed", last_error: reason.slice(0, 300), failed_at: this.now(), lease_owner: null, lease_until: null } },
      { returnDocument: "after" },
    );
  }

  /** An attempt that could not tell whether Stripe acted: the payout stays sending; the next run settles it. */
  async noteError(id: ObjectId, owner: string, error: string): Promise<void> {
    await this.payouts.updateOne({ _id: id, lease_owner: owner }, { $set: { last_error: error.slice(0, 300), lease_until: this.now() } });
  }

  /** The payee's payouts still `created` (a run may have died before writing their earnings line). */
  createdOf(payee: string): Promise<PayoutDoc[]> {
    return this.payouts.find({ payee_uid: payee, state: "created" }).toArray();
  }

  /** Payouts a run left unfinished (crashed, or Stripe's answer unknown) whose lease has run out. */
  unfinished(limit: number): Promise<PayoutDoc[]> {
    const now = this.now();
    return this.payouts
      .find({ $or: [{ state: "created" }, { state: "sending", lease_until: { $lt: now } }] })
      .sort({ created_at: 1 })
      .limit(limit)
      .toArray();
  }

  byTransfer(transferId: string): Promise<PayoutDoc | null> {
    return this.payouts.findOne({ transfer_id: transferId });
  }

  /** Moves `reversed_cents` from `from` to `to` only if nothing moved it since: steps never overlap. */
  async advanceReversed(id: ObjectId, from: number, to: number): Promise<boolean> {
    const res = await this.payouts.updateOne(
      { _id: id, reversed_cents: from },
      { $set: { reversed_cents: to }, $push: { reversals: { from, to, at: this.now() } } },
    );
    return res.modifiedCount === 1;
  }

  async noteReversed(id: ObjectId, cents: number): Promise<void> {
    await this.payouts.updateOne({ _id: id }, { $max: { reversed_cents: cents } });
  }

  /** Credits by payout state for one payee (in payout = created + sending; paid = sent, less reversals). */
  async totals(payee: string): Promise<{ inPayout: number; paid: number; reversed: number }> {
    const rows = await this.payouts
      .aggregate<{ _id: PayoutState; credits: number; reversedCents: number }>([
        { $match: { payee_uid: payee } },
        { $group: { _id: "$state", credits: { $sum: "$credits" }, reversedCents: { $sum: "$reversed_cents" } } },
      ])
      .toArray();
    const of = (s: PayoutState) => rows.find((r) => r._id === s);
    const reversed = (of("sent")?.reversedCents ?? 0) * 10;
    return {
      inPayout: (of("created")?.credits ?? 0) + (of("sending")?.credits ?? 0),
      paid: (of("sent")?.credits ?? 0) - reversed,
      reversed,
    };
  }

  /** A payee's payouts by UTC month of creation: in payout (created, sending) and paid (sent, less reversals). */
  async byMonth(payee: string): Promise<{ month: string; inPayout: number; paid: number }[]> {
    const rows = await this.payouts
      .aggregate<{ _id: { month: string; state: PayoutState }; credits: number; reversedCents: number }>([
        { $match: { payee_uid: payee } },
        {
          $group: {
            _id: { month: { $dateToString: { format: "%Y-%m", date: "$created_at" } }, state: "$state" },
            credits: { $sum: "$credits" },
            reversedCents: { $sum: "$reversed_cents" },
          },
        },
      ])
      .toArray();
    const out = new Map<string, { month: string; inPayout: number; paid: number }>();
    for (const r of rows) {
      const m = out.get(r._id.month) ?? { month: r._id.month, inPayout: 0, paid: 0 };
      if (r._id.state === "created" || r._id.state === "sending") m.inPayout += r.credits;
      if (r._id.state === "sent") m.paid += r.credits - r.reversedCents * CREDITS_PER_CENT;
      out.set(r._id.month, m);
    }
    return [...out.values()].sort((a, b) => a.month.localeCompare(b.month));
  }

  recent(payee: string, limit: number): Promise<PayoutDoc[]> {
    return this.payouts.find({ payee_uid: payee }).sort({ created_at: -1, _id: -1 }).limit(limit).toArray();
  }

  /** Payouts are accounting records: a deleted payee's are kept without their uid. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.payouts, { ownerField: "payee_uid", onDelete: "anonymize" })];
  }
}
