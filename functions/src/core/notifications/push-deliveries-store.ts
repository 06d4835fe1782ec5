import type { Collection, Db, ObjectId } from "mongodb";
import { insertManyNew } from "../../platform/insert-new";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";
import type { PushMessage } from "./push-sender";

/** Per device: sent (or removed as dead) is final; failed is retried with the delivery. */
export type TokenResult = "sent" | "dead" | "failed";

/**
 * One push notification to one user's devices: derivedId("push", key, uid). Which devices got it is
 * kept per device id, so a retry (or a dispatcher taking over after a crash) sends only to the
 * devices still without it.
 */
export interface PushDeliveryDoc {
  _id: ObjectId;
  uid: string;
  key: string;
  message: PushMessage;
  state: "pending" | "sending" | "done" | "failed";
  attempts: number;
  next_attempt_at: Date;
  lease_token: string | null;
  lease_until: Date | null;
  devices: Record<string, TokenResult>;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** `push_deliveries`: the push channel's outbox. */
export class PushDeliveriesStore implements HoldsPersonalData {
  private readonly deliveries: Collection<PushDeliveryDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.deliveries = db.collection<PushDeliveryDoc>("push_deliveries");
  }

  async create(doc: PushDeliveryDoc): Promise<boolean> {
    try {
      await this.deliveries.insertOne(doc);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Creates those whose id is new, in one round trip: how many this call created. */
  createMany(docs: PushDeliveryDoc[]): Promise<number> {
    return insertManyNew(this.deliveries, docs);
  }

  /** Due deliveries, and ones whose dispatcher's lease ran out (it died), oldest first. */
  due(limit: number): Promise<PushDeliveryDoc[]> {
    const now = this.now();
    return this.deliveries
      .find({
        $or: [
          { state: "pending", next_attempt_at: { $lte: now } },
          { state: "sending", lease_until: { $lte: now } },
        ],
      })
      .sort({ next_attempt_at: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  claim(id: ObjectId, token: string, leaseMs: number): Promise<PushDeliveryDoc | null> {
    const now = this.now();
    return this.deliveries.findOneAndUpdate(
      {
        _id: id,
        $or: [
          { state: "pending", next_attempt_at: { $lte: now } },
          { state: "sending", lease_until: { $lte: now } },
        ],
      },
      {
        $set: { state: "sending", lease_token: token, lease_until: new Date(now.getTime() + leaseMs), updated_at: now },
        $inc: { attempts: 1 },
      },
      { returnDocument: "after" },
    );
  }

  /** One device's outcome, recorded as soon as it is known. */
  async recordDevice(id: ObjectId, token: string, deviceId: string, result: TokenResult): Promise<void> {
    await this.deliveries.updateOne({ _id: id, lease_token: token }, { $set: { [`devices.${deviceId}`]: result, updated_at: this.now() } });
  }

  /** Ends the attempt: done, failed for good, or pending again at `retryAt`. */
  async finish(
    id: ObjectId,
    token: string,
    outcome: { state: "done" | "failed" } | { state: "pending"; retryAt: Date },
    error: string | null,
  ): Promise<void> {
    await this.deliveries.updateOne(
      { _id: id, lease_token: token },
      {
        $set: {
          state: outcome.state,
          ...(outcome.state === "pending" ? { next_attempt_at: outcome.retryAt } : {}),
          lease_token: null,
          lease_until: null,
          last_error: error,
          updated_at: this.now(),
        },
      },
    );
  }

  find(id: ObjectId): Promise<PushDeliveryDoc | null> {
    return this.deliveries.findOne({ _id: id });
  }

  personalData(): PersonalDataSource[] {
    return [ownedBy(this.deliveries, { ownerField: "uid", onDelete: "delete" })];
  }
}
