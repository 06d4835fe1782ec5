import type { Collection, Db, ObjectId } from "mongodb";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { derivedId } from "../../platform/derived-id";

interface JobLockDoc {
  _id: ObjectId;
  name: string;
  holder: string;
  until: Date;
}

/**
 * `job_locks`: at most one run of a job at a time, by lease. A run that dies keeps the lock only
 * until its lease ends; a live one renews it while it works.
 */
export class JobLocksStore {
  private readonly locks: Collection<JobLockDoc>;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.locks = db.collection<JobLockDoc>("job_locks");
  }

  /** Takes (or renews) the lock for `holder` until now + leaseMs: false when another holder has it. */
  async acquire(name: string, holder: string, leaseMs: number): Promise<boolean> {
    const _id = derivedId("job_lock", name);
    const now = this.now();
    const until = new Date(now.getTime() + leaseMs);
    const res = await this.locks.updateOne({ _id, $or: [{ holder }, { until: { $lte: now } }] }, { $set: { holder, until } });
    if (res.matchedCount === 1) return true;
    try {
      await this.locks.insertOne({ _id, name, holder, until });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Frees the lock at once: its lease is set to the epoch, not to our clock, which may run ahead of the next holder's. */
  async release(name: string, holder: string): Promise<void> {
    await this.locks.updateOne({ _id: derivedId("job_lock", name), holder }, { $set: { until: new Date(0) } });
  }
}
