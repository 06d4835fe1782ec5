import type { Collection, Db, ObjectId } from "mongodb";
import type { ProviderName } from "../../core/payments/payment-event";
import type { PaymentProvider } from "../../core/payments/payment-provider";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../../core/account/personal-data-source";

/** The `billing_customers` document: a user's customer id at each provider (unique index on uid). */
export interface BillingCustomerDoc {
  _id?: ObjectId;
  uid: string;
  stripe_customer_id?: string;
  razorpay_customer_id?: string;
  paddle_customer_id?: string;
  created_at: Date;
  updated_at: Date;
}

type CustomerField = `${ProviderName}_customer_id`;
const fieldOf = (provider: ProviderName): CustomerField => `${provider}_customer_id`;

/** A user's customer at one provider; `known` is false until remember() recorded it. */
export interface ResolvedCustomer {
  id?: string;
  known: boolean;
}

/** `billing_customers`: which customer each user is at each provider. */
export class BillingCustomersStore implements HoldsPersonalData {
  private readonly customers: Collection<BillingCustomerDoc>;
  /** Concurrent first requests of one user in this instance share one lookup-and-create. */
  private readonly inFlight = new Map<string, Promise<ResolvedCustomer>>();

  constructor(db: Db) {
    this.customers = db.collection<BillingCustomerDoc>("billing_customers");
  }

  async customerId(uid: string, provider: ProviderName): Promise<string | undefined> {
    const doc = await this.customers.findOne({ uid }, { projection: { [fieldOf(provider)]: 1 } });
    return doc?.[fieldOf(provider)];
  }

  /**
   * The user's customer at the provider: the remembered one, else a new one from the provider
   * (providers that need none give undefined). A new id is not recorded here: the caller remembers
   * it once the operation that needed it succeeded, so a failed checkout leaves nothing behind. The
   * provider's idempotency key (`customer:<uid>`) makes a repeated create return the same customer.
   */
  resolve(provider: PaymentProvider, who: { uid: string; email?: string }): Promise<ResolvedCustomer> {
    const key = `${provider.name}:${who.uid}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const known = await this.customerId(who.uid, provider.name);
        if (known) return { id: known, known: true };
        return { id: await provider.ensureCustomer(who), known: false };
      })().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * Records the customer id unless one is already recorded, and returns the recorded one: the
   * first writer wins, so concurrent first checkouts agree on one customer.
   */
  async remember(uid: string, provider: ProviderName, customerId: string, now: Date): Promise<string> {
    const field = fieldOf(provider);
    try {
      await this.customers.updateOne({ uid }, { $setOnInsert: { uid, created_at: now, updated_at: now } }, { upsert: true });
    } catch (err) {
      // A concurrent insert won the race on the unique uid index: the document exists.
      if (!isDuplicateKey(err)) throw err;
    }
    await this.customers.updateOne({ uid, [field]: { $exists: false } }, { $set: { [field]: customerId, updated_at: now } });
    const recorded = await this.customerId(uid, provider);
    if (!recorded) throw new Error(`billing customer of ${uid} vanished while being recorded`);
    return recorded;
  }

  /** Every customer id the user has, as `<provider>:<id>` (self-referral checks compare them). */
  async allOf(uid: string): Promise<string[]> {
    const doc = await this.customers.findOne({ uid });
    if (!doc) return [];
    return (["stripe", "razorpay", "paddle"] as const).flatMap((p) => (doc[fieldOf(p)] ? [`${p}:${doc[fieldOf(p)]}`] : []));
  }

  /** Account export and deletion (core/account/personal-data.ts): the user's documents. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.customers, { ownerField: "uid", onDelete: "delete" })];
  }
}
