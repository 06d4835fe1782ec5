import type { Collection, Db } from "mongodb";
import type { BreakerSnapshot } from "./circuit-breaker";

/** One document per instance and model; `updated_at` says how fresh the instance's view is. */
export interface LlmHealthDoc {
  instance_id: string;
  model: string;
  snapshot: BreakerSnapshot;
  updated_at: Date;
}

/**
 * `llm_health`: the breaker snapshots AI instances publish (breaker-publisher.ts) so that
 * `GET /monitoring/providers`, served by another instance, can merge them.
 */
export class LlmHealthStore {
  private readonly docs: Collection<LlmHealthDoc>;

  constructor(db: Db) {
    this.docs = db.collection<LlmHealthDoc>("llm_health");
  }

  /** One upsert per model of this instance, in one unordered bulk write. */
  async publish(instanceId: string, snapshots: BreakerSnapshot[], at: Date): Promise<void> {
    await this.docs.bulkWrite(
      snapshots.map((snapshot) => ({
        updateOne: {
          filter: { instance_id: instanceId, model: snapshot.key },
          update: { $set: { snapshot, updated_at: at } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /** What instances other than `self` published since `since`, and how many instances that is. */
  async publishedSince(since: Date, self: string): Promise<{ instances: number; snapshots: BreakerSnapshot[] }> {
    const docs = await this.docs
      .find({ updated_at: { $gte: since }, instance_id: { $ne: self } }, { projection: { _id: 0, instance_id: 1, snapshot: 1 } })
      .toArray();
    return { instances: new Set(docs.map((d) => d.instance_id)).size, snapshots: docs.map((d) => d.snapshot) };
  }
}
