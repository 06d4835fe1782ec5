import type { Collection, Db, Filter, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import type { Claims, ProviderName } from "./payment-event";

/** The money side: what the provider did with the payment. */
export type PaymentStatus = "paid" | "partially_refunded" | "refunded" | "disputed";

/**
 * The credit side: `granted` (its credits were applied), `held` (nothing granted: it could not be
 * attributed or priced; an admin grants or dismisses it), `dismissed` (an admin decided it grants
 * nothing). Documents written before holds existed have no state and count as granted.
 */
export type PaymentState = "granted" | "held" | "dismissed";

/** Where the beneficiary of a granted payment came from. */
export type AttributedBy = "checkout" | "subscription" | "metadata" | "admin";

/** A reversal of credits being applied: recorded before the ledger call, cleared after it. */
export interface PendingReversal {
  key: string;
  kind: "refund" | "chargeback";
  amount: number;
  /** false: a chargeback that must not flag the account before an admin looks (payer not the beneficiary). */
  flag?: boolean;
}

/** An admin's decision on a held payment, recorded before it is carried out (finished by a retry). */
export interface PaymentResolution {
  action: "grant" | "dismiss";
  uid?: string;
  sku?: string;
  credits?: number;
  actor: string;
  reason: string;
  request_id: string;
  at: Date;
}

/** Something about a granted payment an admin must look at (a chargeback whose payer may not be the beneficiary). */
export interface PaymentReview {
  reason: string;
  at: Date;
  closed_at?: Date;
  closed_by?: string;
  note?: string;
}

/** One `payments` document per provider payment (unique `(provider, payment_id)`). */
export interface PaymentDoc {
  _id?: ObjectId;
  provider: ProviderName;
  payment_id: string;
  /** Other ids later events may use for this payment (Stripe: an invoice's payment intent). */
  aliases: string[];
  /** The beneficiary; null while a held payment names nobody we can trust. */
  uid: string | null;
  sku: string | null;
  /** Credits this payment bought or granted (0 while held): what refunds and chargebacks reverse, proportionally. */
  credits: number;
  state?: PaymentState;
  hold_reason?: string;
  /** What fields a buyer's browser can set claimed (Razorpay payment notes, Paddle custom_data): for admins only. */
  claimed?: Claims;
  attributed_by?: AttributedBy;
  /**
   * Whether the payer is taken to be the beneficiary: false after an admin granted a held payment
   * to someone, or when the provider customer who paid is not the one our checkout was for. A
   * chargeback then takes the credits back without flagging the account, and asks for a review.
   */
  payer_is_beneficiary?: boolean;
  /** The provider customer who paid, when the provider has customers. */
  customer_id?: string;
  /** A subscription payment's period end: when its grant expires. */
  period_end?: Date;
  resolution?: PaymentResolution | null;
  review?: PaymentReview | null;
  in_review?: boolean;
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

export type NewPayment = Pick<PaymentDoc, "provider" | "payment_id" | "uid" | "sku" | "credits" | "amount" | "currency"> &
  Partial<
    Pick<
      PaymentDoc,
      "state" | "hold_reason" | "claimed" | "attributed_by" | "payer_is_beneficiary" | "customer_id" | "period_end" | "subscription_id"
    >
  > & {
    aliases?: string[];
  };

/** The admin's queues: payments held, chargebacks awaiting review, and held payments dismissed. */
export type PaymentQueue = "held" | "review" | "dismissed";

export class PaymentsStore {
  private readonly payments: Collection<PaymentDoc>;

  constructor(db: Db) {
    this.payments = db.collection<PaymentDoc>("payments");
  }

  /**
   * Records a payment once: the first event about it decides who and what it was for (and whether
   * it is held); later ones only add aliases. Returns the stored document.
   */
  async record(payment: NewPayment, now: Date): Promise<PaymentDoc> {
    const { aliases = [], ...given } = payment;
    const fields = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    const filter = { provider: payment.provider, payment_id: payment.payment_id };
    try {
      const doc = await this.payments.findOneAndUpdate(
        filter,
        {
          $setOnInsert: {
            state: "granted",
            ...fields,
            in_review: false,
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

  /** The provider customers who paid for the user, as `<provider>:<id>` (self-referral checks compare them). */
  async customersOf(uid: string): Promise<string[]> {
    const rows = await this.payments
      .aggregate<{ _id: { provider: string; customer: string } }>([
        { $match: { uid, customer_id: { $exists: true } } },
        { $group: { _id: { provider: "$provider", customer: "$customer_id" } } },
      ])
      .toArray();
    return rows.map((r) => `${r._id.provider}:${r._id.customer}`);
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
    if (status !== current.status)
      await this.payments.updateOne({ _id: doc._id, status: { $ne: "disputed" } }, { $set: { status, updated_at: now } });
    return { ...current, status };
  }

  byId(id: ObjectId): Promise<PaymentDoc | null> {
    return this.payments.findOne({ _id: id });
  }

  /** One page of a queue, newest first, after the (created_at, _id) position of the previous page's last item. */
  list(queue: PaymentQueue, limit: number, after?: { t: Date; id: ObjectId }): Promise<PaymentDoc[]> {
    const filter: Filter<PaymentDoc> = queue === "review" ? { in_review: true } : { state: queue };
    if (after) filter.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.payments.find(filter).sort({ created_at: -1, _id: -1 }).limit(limit).toArray();
  }

  /** Opens a review once (a redelivered chargeback does not reopen a closed one). */
  async openReview(doc: PaymentDoc, reason: string, now: Date): Promise<boolean> {
    const res = await this.payments.updateOne(
      { _id: doc._id, review: null },
      { $set: { review: { reason, at: now }, in_review: true, updated_at: now } },
    );
    return res.modifiedCount === 1;
  }

  async closeReview(doc: PaymentDoc, by: { actor: string; note: string }, now: Date): Promise<boolean> {
    const res = await this.payments.updateOne(
      { _id: doc._id, in_review: true },
      { $set: { in_review: false, "review.closed_at": now, "review.closed_by": by.actor, "review.note": by.note, updated_at: now } },
    );
    return res.modifiedCount === 1;
  }

  /** Records an admin's decision on a held payment, unless one is recorded already. */
  async beginResolution(doc: PaymentDoc, resolution: PaymentResolution, now: Date): Promise<boolean> {
    const res = await this.payments.updateOne({ _id: doc._id, state: "held", resolution: null }, { $set: { resolution, updated_at: now } });
    return res.modifiedCount === 1;
  }

  /** Carries out a recorded grant: the payment now belongs to the admin's choice of user and sku. */
  async finishGrant(
    doc: PaymentDoc,
    fields: Pick<PaymentDoc, "uid" | "sku" | "credits" | "payer_is_beneficiary">,
    now: Date,
  ): Promise<void> {
    await this.payments.updateOne(
      { _id: doc._id, state: "held", "resolution.action": "grant" },
      { $set: { ...fields, state: "granted", attributed_by: "admin", updated_at: now } },
    );
  }

  async finishDismiss(doc: PaymentDoc, now: Date): Promise<void> {
    await this.payments.updateOne(
      { _id: doc._id, state: "held", "resolution.action": "dismiss" },
      { $set: { state: "dismissed", updated_at: now } },
    );
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
