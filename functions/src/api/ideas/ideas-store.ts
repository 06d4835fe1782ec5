import { ObjectId, type Collection, type Db, type Filter } from "mongodb";
import { notFound } from "../../platform/http-error";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { CreateIdeaInput, IdeaView, ListIdeasQuery, UpdateIdeaInput } from "./ideas.schema";
import { ownedBy, type HoldsPersonalData, type PersonalDataSource } from "../../core/account/personal-data-source";

/** `prompt_ideas`: prompt ideas a user saved (generated or written), owned by `uid`. */
export interface IdeaDoc {
  _id: ObjectId;
  uid: string;
  title: string;
  prompt: string;
  tags: string[];
  topic: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toIdeaView(doc: IdeaDoc): IdeaView {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    prompt: doc.prompt,
    tags: doc.tags,
    topic: doc.topic,
    createdAt: doc.created_at.toISOString(),
    updatedAt: doc.updated_at.toISOString(),
  };
}

/** Every read and write is scoped by owner: another user's idea is indistinguishable from none (404). */
export class IdeasStore implements HoldsPersonalData {
  private readonly ideas: Collection<IdeaDoc>;

  constructor(db: Db) {
    this.ideas = db.collection<IdeaDoc>("prompt_ideas");
  }

  async create(uid: string, input: CreateIdeaInput, now: Date): Promise<IdeaDoc> {
    const doc: IdeaDoc = {
      _id: new ObjectId(),
      uid,
      title: input.title,
      prompt: input.prompt,
      tags: input.tags,
      topic: input.topic ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.ideas.insertOne(doc);
    return doc;
  }

  async get(uid: string, id: string): Promise<IdeaDoc> {
    const doc = await this.ideas.findOne({ _id: new ObjectId(id), uid });
    if (!doc) throw notFound("Idea");
    return doc;
  }

  /** Newest first, by a cursor over (created_at, _id), which is stable and total. */
  async list(uid: string, query: ListIdeasQuery) {
    const filter: Filter<IdeaDoc> = { uid };
    if (query.tag) filter.tags = query.tag;
    if (query.cursor) {
      const c = decodeTimeCursor(query.cursor);
      filter.$or = [{ created_at: { $lt: c.t } }, { created_at: c.t, _id: { $lt: c.id } }];
    }
    const page = await this.ideas
      .find(filter)
      .sort({ created_at: -1, _id: -1 })
      .limit(query.limit + 1)
      .toArray();
    const ideas = page.slice(0, query.limit);
    const last = ideas[ideas.length - 1];
    return { ideas, nextCursor: page.length > query.limit && last ? encodeTimeCursor(last.created_at, last._id) : null };
  }

  async update(uid: string, id: string, patch: UpdateIdeaInput, now: Date): Promise<IdeaDoc> {
    const set: Partial<IdeaDoc> = { updated_at: now };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.prompt !== undefined) set.prompt = patch.prompt;
    if (patch.tags !== undefined) set.tags = patch.tags;
    const doc = await this.ideas.findOneAndUpdate({ _id: new ObjectId(id), uid }, { $set: set }, { returnDocument: "after" });
    if (!doc) throw notFound("Idea");
    return doc;
  }

  async delete(uid: string, id: string): Promise<void> {
    const res = await this.ideas.deleteOne({ _id: new ObjectId(id), uid });
    if (res.deletedCount !== 1) throw notFound("Idea");
  }

  /** Account export and deletion (core/account/personal-data.ts). */
  personalData(): PersonalDataSource[] {
    return [ownedBy(this.ideas, { ownerField: "uid", onDelete: "delete" })];
  }
}
