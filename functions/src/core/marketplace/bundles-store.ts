import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { ANONYMIZED_OWNER, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** `bundles`: a seller's listed items sold together at one price (split across them in proportion to their prices). */
export interface BundleDoc {
  _id: ObjectId;
  seller_uid: string;
  title: string;
  description: string;
  listing_ids: ObjectId[];
  price: number;
  state: "listed" | "delisted";
  created_at: Date;
  updated_at: Date;
}

export class BundlesStore implements HoldsPersonalData {
  private readonly bundles: Collection<BundleDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.bundles = db.collection<BundleDoc>("bundles");
  }

  get(id: ObjectId): Promise<BundleDoc | null> {
    return this.bundles.findOne({ _id: id });
  }

  async create(b: Pick<BundleDoc, "seller_uid" | "title" | "description" | "listing_ids" | "price">): Promise<BundleDoc> {
    const now = this.now();
    const doc: BundleDoc = { _id: new ObjectId(), ...b, state: "listed", created_at: now, updated_at: now };
    await this.bundles.insertOne(doc);
    return doc;
  }

  setListed(id: ObjectId, listed: boolean): Promise<BundleDoc | null> {
    return this.bundles.findOneAndUpdate(
      { _id: id, state: listed ? "delisted" : "listed" },
      { $set: { state: listed ? "listed" : "delisted", updated_at: this.now() } },
      { returnDocument: "after" },
    );
  }

  /** Listed bundles (or a seller's, in any state), newest first, after (created_at, _id). */
  page(filter: { seller?: string }, after: { t: Date; id: ObjectId } | null, limit: number): Promise<BundleDoc[]> {
    const f: Filter<BundleDoc> = filter.seller ? { seller_uid: filter.seller } : { state: "listed" };
    if (after) f.$or = [{ created_at: { $lt: after.t } }, { created_at: after.t, _id: { $lt: after.id } }];
    return this.bundles
      .find(f)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** A deleted seller's bundles come off sale, kept without their uid (purchases refer to them). */
  personalData(): PersonalDataSource[] {
    const bundles = this.bundles;
    return [
      {
        collection: bundles.collectionName,
        ownerField: "seller_uid",
        onDelete: "anonymize",
        excludeFromExport: [],
        find: (uid, batchSize) => bundles.find({ seller_uid: uid }).sort({ _id: 1 }).batchSize(batchSize) as never,
        async erase(uid) {
          const off = await bundles.updateMany({ seller_uid: uid }, { $set: { seller_uid: ANONYMIZED_OWNER, state: "delisted" } });
          return { [bundles.collectionName]: off.modifiedCount };
        },
      },
    ];
  }
}
