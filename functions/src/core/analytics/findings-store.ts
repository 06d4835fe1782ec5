import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";

export { FINDING_KINDS, type FindingKind } from "./finding-kinds";
import type { FindingKind } from "./finding-kinds";

export interface FindingDoc {
  _id: ObjectId;
  kind: FindingKind;
  /** What it is about (an hour, a ledger key, a document id): one finding per kind and key. */
  key: string;
  detail: Record<string, unknown>;
  first_seen_at: Date;
  last_seen_at: Date;
  run_id: string;
  /** Set when a later run no longer saw it (the rollup caught up, the event was written after all). */
  resolved_at: Date | null;
}

const findingIdFor = (kind: FindingKind, key: string) => derivedId("analytics-finding", kind, key);

/** `analytics_findings`: one document per problem, updated by every run that still sees it. */
export class FindingsStore {
  private readonly findings: Collection<FindingDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.findings = db.collection<FindingDoc>("analytics_findings");
  }

  /** Records (or refreshes) a finding; true when it is new or had been resolved (worth an alert). */
  async report(kind: FindingKind, key: string, detail: Record<string, unknown>, runId: string): Promise<boolean> {
    const _id = findingIdFor(kind, key);
    const now = this.now();
    try {
      const before = await this.findings.findOneAndUpdate(
        { _id },
        {
          $setOnInsert: { kind, key, first_seen_at: now },
          $set: { detail, last_seen_at: now, run_id: runId, resolved_at: null },
        },
        { upsert: true, returnDocument: "before" },
      );
      return before === null || before.resolved_at !== null;
    } catch (err) {
      // Two runs reported it at once: the other one inserted it.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Marks a finding resolved if it is open; true when it was. */
  async resolve(kind: FindingKind, key: string): Promise<boolean> {
    const res = await this.findings.updateOne({ _id: findingIdFor(kind, key), resolved_at: null }, { $set: { resolved_at: this.now() } });
    return res.modifiedCount === 1;
  }

  /** The keys of a kind's open findings (at most `limit`, most recently seen first). */
  async openKeys(kind: FindingKind, limit = 10_000): Promise<Set<string>> {
    const docs = await this.findings
      .find({ kind, resolved_at: null }, { projection: { key: 1 } })
      .sort({ last_seen_at: -1 })
      .limit(limit)
      .toArray();
    return new Set(docs.map((d) => d.key));
  }

  find(kind: FindingKind, key: string): Promise<FindingDoc | null> {
    return this.findings.findOne({ _id: findingIdFor(kind, key) });
  }

  /**
   * Findings for admins, newest first by when they were first seen (stable while runs refresh them),
   * after the `after` position: open, resolved or both, of one kind or all.
   */
  list(q: {
    state: "open" | "resolved" | "all";
    kind?: FindingKind;
    limit: number;
    after?: { t: Date; id: ObjectId };
  }): Promise<FindingDoc[]> {
    const filter: Filter<FindingDoc> = {};
    if (q.state === "open") filter.resolved_at = null;
    if (q.state === "resolved") filter.resolved_at = { $ne: null };
    if (q.kind) filter.kind = q.kind;
    if (q.after) filter.$or = [{ first_seen_at: { $lt: q.after.t } }, { first_seen_at: q.after.t, _id: { $lt: q.after.id } }];
    return this.findings.find(filter).sort({ first_seen_at: -1, _id: -1 }).limit(q.limit).toArray();
  }

  /** Open findings, newest first (for admins). */
  open(limit: number): Promise<FindingDoc[]> {
    return this.findings.find({ resolved_at: null }).sort({ last_seen_at: -1, _id: -1 }).limit(limit).toArray();
  }
}
