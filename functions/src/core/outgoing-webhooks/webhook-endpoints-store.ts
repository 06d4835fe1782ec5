import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../account/personal-data-source";

/** Whose endpoint it is: a user's own, or a team's (managed by its admins). */
export type EndpointOwner = { kind: "user"; uid: string } | { kind: "team"; teamId: ObjectId };

export interface SigningSecretDoc {
  id: string;
  /** base64 of the raw key (what follows `whsec_`). */
  key: string;
  created_at: Date;
  /** Set when a newer secret replaced it: it keeps signing, beside the new one, until then. */
  expires_at: Date | null;
}

export type DisabledReason = "manual" | "gone" | "failing";

export interface WebhookEndpointDoc {
  _id: ObjectId;
  owner_uid: string | null;
  team_id: ObjectId | null;
  url: string;
  event_types: string[];
  description: string;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
  disabled_at: Date | null;
  /** Newest first. */
  secrets: SigningSecretDoc[];
  /** The first failed attempt since the last success (null while healthy). */
  failing_since: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  /** Incremented by every change a client makes: updates are conditional on it. */
  version: number;
}

/** Whether the endpoint belongs to this owner (as `ownerFilter` selects). */
export const ownedByOwner = (endpoint: Pick<WebhookEndpointDoc, "owner_uid" | "team_id">, owner: EndpointOwner): boolean =>
  owner.kind === "user" ? endpoint.owner_uid === owner.uid && endpoint.team_id === null : (endpoint.team_id?.equals(owner.teamId) ?? false);

export const ownerFilter = (owner: EndpointOwner): Filter<WebhookEndpointDoc> =>
  owner.kind === "user" ? { owner_uid: owner.uid, team_id: null } : { team_id: owner.teamId };

/** The secrets still signing at `now`, newest first. */
export const activeSecrets = (doc: Pick<WebhookEndpointDoc, "secrets">, now: Date): SigningSecretDoc[] =>
  doc.secrets.filter((s) => s.expires_at === null || s.expires_at > now);

/** `webhook_endpoints`: where customers want their webhooks. */
export class WebhookEndpointsStore implements HoldsPersonalData {
  private readonly endpoints: Collection<WebhookEndpointDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.endpoints = db.collection<WebhookEndpointDoc>("webhook_endpoints");
  }

  async create(doc: WebhookEndpointDoc): Promise<WebhookEndpointDoc> {
    await this.endpoints.insertOne(doc);
    return doc;
  }

  find(id: ObjectId): Promise<WebhookEndpointDoc | null> {
    return this.endpoints.findOne({ _id: id });
  }

  findMany(ids: ObjectId[]): Promise<WebhookEndpointDoc[]> {
    return this.endpoints.find({ _id: { $in: ids } }).toArray();
  }

  /** An owner's endpoints, oldest first (a handful: creation is capped). */
  listOf(owner: EndpointOwner): Promise<WebhookEndpointDoc[]> {
    return this.endpoints.find(ownerFilter(owner)).sort({ created_at: 1, _id: 1 }).limit(200).toArray();
  }

  countOf(owner: EndpointOwner): Promise<number> {
    return this.endpoints.countDocuments(ownerFilter(owner));
  }

  /** The enabled endpoints of these owners subscribed to `type`. */
  subscribed(owners: EndpointOwner[], type: string): Promise<WebhookEndpointDoc[]> {
    if (owners.length === 0) return Promise.resolve([]);
    return this.endpoints
      .find({ enabled: true, event_types: type, $or: owners.map(ownerFilter) })
      .sort({ _id: 1 })
      .toArray();
  }

  /**
   * The enabled endpoints of any of these owners subscribed to any of `types`, in one round trip
   * (the dispatcher's fan-out matches them to each notification).
   */
  subscribedAny(owners: EndpointOwner[], types: string[]): Promise<WebhookEndpointDoc[]> {
    const uids = [...new Set(owners.flatMap((o) => (o.kind === "user" ? [o.uid] : [])))];
    const teams = owners.flatMap((o) => (o.kind === "team" ? [o.teamId] : []));
    const or: Filter<WebhookEndpointDoc>[] = [];
    if (uids.length) or.push({ owner_uid: { $in: uids }, team_id: null });
    if (teams.length) or.push({ team_id: { $in: teams } });
    if (or.length === 0 || types.length === 0) return Promise.resolve([]);
    return this.endpoints
      .find({ enabled: true, event_types: { $in: [...new Set(types)] }, $or: or })
      .sort({ _id: 1 })
      .toArray();
  }

  /** Applies a client's change if nobody changed the endpoint since `version` was read; the new document, or null. */
  update(id: ObjectId, version: number, set: Partial<WebhookEndpointDoc>): Promise<WebhookEndpointDoc | null> {
    return this.endpoints.findOneAndUpdate(
      { _id: id, version },
      { $set: { ...set, updated_at: this.now() }, $inc: { version: 1 } },
      { returnDocument: "after" },
    );
  }

  async delete(id: ObjectId): Promise<boolean> {
    return (await this.endpoints.deleteOne({ _id: id })).deletedCount === 1;
  }

  /** A success: the endpoint is healthy again. */
  async recordSuccess(id: ObjectId): Promise<void> {
    await this.endpoints.updateOne({ _id: id, failing_since: { $ne: null } }, { $set: { failing_since: null } });
  }

  /** A failure: starts the failing clock unless it runs already; the endpoint as it is now. */
  async recordFailure(id: ObjectId, at: Date): Promise<WebhookEndpointDoc | null> {
    await this.endpoints.updateOne({ _id: id, failing_since: null }, { $set: { failing_since: at } });
    return this.find(id);
  }

  /** Disables an enabled endpoint: true for the call that did it (the owner is told once). */
  async disable(id: ObjectId, reason: DisabledReason): Promise<boolean> {
    const now = this.now();
    const res = await this.endpoints.updateOne(
      { _id: id, enabled: true },
      { $set: { enabled: false, disabled_reason: reason, disabled_at: now, updated_at: now }, $inc: { version: 1 } },
    );
    return res.modifiedCount === 1;
  }

  /** Account export and deletion: a user's own endpoints (a team's stay with the team); signing keys are never exported. */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.endpoints, { ownerField: "owner_uid", onDelete: "delete", excludeFromExport: ["secrets"] })];
  }
}

export const newEndpointId = () => new ObjectId();
