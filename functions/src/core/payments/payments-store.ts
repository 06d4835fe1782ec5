import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { ProviderName } from "./payment-event";

export type PaymentStatus = "paid" | "partially_refunded" | "refunded" | "disputed";

/** A reversal of credits being applied: recorded before the ledger call, cleared after it. */
export interface PendingReversal {
  key: string;
  kind: "refund" | "chargeback";
  amount: number;
}

/** One `payments` document per provider payment (unique `(provider, payment_id)`). */
export interface PaymentDoc {
  _id?: ObjectId;
  provider: ProviderName;
  payment_id: string;
  /** Other ids later events may use for this payment (Stripe: an invoice's payment intent). */
  aliases: string[];
  uid: string;
  sku: string;
  /** Credits this payment bought or granted: what refunds and chargebacks reverse, proportionally. */
  credits: number;
  amount: number;
  currency: string;
  /** Minor units refunded so far (cumulative). */
  refunded_amount: number;
  /** Per-refund providers: the refunds counted in `refunded_amount`, each once. */
  refunds: { id: string; amount: number }[];
  disputes: string[];
  /** Credits already taken back by refunds and chargebacks. */
  credits_reversed: number;
  reversal_pending?: PendingReversal | null;
  status: PaymentStatus;
  subscription_id?: string;
  created_at: Date;
  updated_at: Date;
}

export type NewPayment = Pick<PaymentDoc, "provider" | "payment_id" | "uid" | "sku" | "credits" | "amount" | "currency"> & {
  aliases?: string[];
  subscription_id?: string;
};

export class PaymentsStore {
  private readonly payments: Collection<PaymentDoc>;

  constructor(db: Db) {
    this.payments = db.collection<PaymentDoc>("payments");
  }

  /** Records a payment once; later events for it only add aliases. Returns the stored document. */
  async record(payment: NewPayment, now: Date): Promise<PaymentDoc> {
    const { aliases = [], ...fields } = payment;
    const filter = { provider: payment.provider, payment_id: payment.payment_id };
    try {
      const doc = await this.payments.findOneAndUpdate(
        filter,
        {
          $setOnInsert: {
            ...fields,
            refunded_amount: 0,
            refunds: [],
            disputes: [],
            credits_reversed: 0,
            status: "paid",
            created_at: now,
          },
          $addToSet: { aliases: { $each: aliases } },
          $set: { updated_at: now },
        },
        { upsert: true, returnDocument: "after" },
      );
      if (doc) return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (aliases.length) await this.payments.updateOne(filter, { $addToSet: { aliases: { $each: aliases } } });
    }
    const existing = await this.payments.findOne(filter);
    if (!existing) throw new Error(`payment ${payment.provider}:${payment.payment_id} vanished after being recorded`);
    return existing;
  }

  /** By its own id or one of its aliases. */
  find(provider: ProviderName, id: string): Promise<PaymentDoc | null> {
    return this.payments.findOne({ provider, $or: [{ payment_id: id }, { aliases: id }] });
  }

  /** A cumulative refund total (Stripe): the largest total seen wins, whatever the delivery order. */
  async recordCumulativeRefund(doc: PaymentDoc, total: number, now: Date): Promise<PaymentDoc> {
    await this.payments.updateOne({ _id: doc._id }, { $max: { refunded_amount: total }, $set: { updated_at: now } });
    return this.refreshStatus(doc, now);
  }

  /** One refund of a per-refund provider (Razorpay, Paddle): counted once, by its id. */
  async recordRefund(doc: PaymentDoc, refund: { id: string; amount: number }, now: Date): Promise<PaymentDoc> {
    await this.payments.updateOne(
      { _id: doc._id, "refunds.id": { $ne: refund.id } },
      { $push: { refunds: refund }, $inc: { refunded_amount: refund.amount }, $set: { updated_at: now } },
    );
    return this.refreshStatus(doc, now);
  }

  async recordDispute(doc: PaymentDoc, disputeId: string, now: Date): Promise<PaymentDoc> {
    await this.payments.updateOne({ _id: doc._id }, { $addToSet: { disputes: disputeId }, $set: { status: "disputed", updated_at: now } });
    return (await this.payments.findOne({ _id: doc._id }))!;
  }

  private async refreshStatus(doc: PaymentDoc, now: Date): Promise<PaymentDoc> {
    const current = (await this.payments.findOne({ _id: doc._id }))!;
    if (current.status === "disputed" || current.refunded_amount === 0) return current;
    const status: PaymentStatus = current.refunded_amount >= current.amount ? "refunded" : "partially_refunded";
    if (status !== current.status) await this.payments.updateOne({ _id: doc._id, status: { $ne: "disputed" } }, { $set: { status, updated_at: now } });
    return { ...current, status };
  }

  reload(doc: PaymentDoc): Promise<PaymentDoc | null> {
    return this.payments.findOne({ _id: doc._id });
  }

  /** Records a reversal before it is applied, only if none is pending and nothing moved since `doc` was read. */
  async beginReversal(doc: PaymentDoc, reversal: PendingReversal, now: Date): Promise<boolean> {
    const res = await this.payments.updateOne(
      { _id: doc._id, credits_reversed: doc.credits_reversed, reversal_pending: null },
      { $set: { reversal_pending: reversal, updated_at: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Counts an applied reversal once (whoever finishes it) and clears it. */
  async finishReversal(doc: PaymentDoc, reversal: PendingReversal, now: Date): Promise<void> {
    await this.payments.updateOne(
      { _id: doc._id, "reversal_pending.key": reversal.key },
      { $inc: { credits_reversed: reversal.amount }, $set: { reversal_pending: null, updated_at: now } },
    );
  }
}
