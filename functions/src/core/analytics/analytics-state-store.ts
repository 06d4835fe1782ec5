import { derivedId } from "../../platform/derived-id";
import { type ObjectId, type Collection, type Db } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";

/**
 * Where a scheduled analytics job is: `watermark`, the as-of time of its last complete run (every
 * fact recorded up to then is in the rollups); `resume`, how far an unfinished run got (the buckets
 * before `through` were computed as of `as_of`), so the next run after a crash or a timeout goes on
 * from there in order instead of starting over.
 */
export interface JobState {
  _id: ObjectId;
  job: string;
  watermark: Date | null;
  resume: { as_of: Date; through: Date } | null;
  updated_at: Date;
}

const stateIdFor = (job: string) => derivedId("analytics-job", job);

/** `analytics_state`: one document per analytics job. */
export class AnalyticsStateStore {
  private readonly states: Collection<JobState>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.states = db.collection<JobState>("analytics_state");
  }

  async get(job: string): Promise<Pick<JobState, "watermark" | "resume">> {
    const doc = await this.states.findOne({ _id: stateIdFor(job) });
    return { watermark: doc?.watermark ?? null, resume: doc?.resume ?? null };
  }

  /** Records an unfinished run's progress; a run with a later as-of keeps its own. */
  async saveProgress(job: string, asOf: Date, through: Date): Promise<void> {
    await this.upsert(job, { $or: [{ resume: null }, { "resume.as_of": { $lte: asOf } }] }, { resume: { as_of: asOf, through } });
  }

  /** A run as of `asOf` completed: the watermark only moves forward, and its progress record goes. */
  async complete(job: string, asOf: Date): Promise<void> {
    await this.upsert(job, { $or: [{ watermark: null }, { watermark: { $lte: asOf } }] }, { watermark: asOf });
    await this.states.updateOne({ _id: stateIdFor(job), "resume.as_of": { $lte: asOf } }, { $set: { resume: null } });
  }

  private async upsert(job: string, condition: object, set: Partial<JobState>): Promise<void> {
    const _id = stateIdFor(job);
    await this.states
      .updateOne({ _id }, { $setOnInsert: { job, watermark: null, resume: null, updated_at: this.now() } }, { upsert: true })
      .catch((err) => {
        if (!isDuplicateKey(err)) throw err;
      });
    await this.states.updateOne({ _id, ...condition }, { $set: { ...set, updated_at: this.now() } });
  }
}
