import type { Document, ObjectId } from "mongodb";
import { visibilityFilter, type Visibility } from "../access/access-policy";

/**
 * Keyword search over prompts, implemented by the prompts store with the query below; Atlas Search
 * (`$search` with an autocomplete index) is the production upgrade and only needs another
 * implementation of this interface (see docs/prompts-and-teams.md, "Search").
 */
export interface PromptSearch {
  search(request: PromptSearchRequest): Promise<PromptSearchPage>;
}

export interface PromptSearchRequest {
  /** Normalized terms (searchTerms); every one must match, the last one also as a prefix. */
  terms: string[];
  visibility: Visibility;
  /** All of these tags. */
  tags: string[];
  type?: "text" | "chat";
  limit: number;
  /** The last hit of the previous page. */
  after: SearchPosition | null;
}

/** A hit's place in the total order (score desc, updatedAt desc, id desc). */
export interface SearchPosition {
  score: number;
  updatedAt: Date;
  id: ObjectId;
}

export interface PromptHit {
  id: ObjectId;
  ownerUid: string | null;
  teamId: ObjectId | null;
  title: string;
  description: string;
  tags: string[];
  type: "text" | "chat";
  score: number;
  updatedAt: Date;
}

export interface PromptSearchPage {
  hits: PromptHit[];
  next: SearchPosition | null;
}

/** Exact term hits outweigh a prefix hit plus a title hit, so an exact match always ranks first. */
export const WEIGHTS = { exact: 3, prefix: 1, title: 1 } as const;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The MongoDB query of `PromptSearch` (run by the prompts store, which owns the collection): it runs
 * anywhere (MongoDB, Atlas, the local engine). Matches on the `search_terms` array (multikey index on
 * real MongoDB) and scores inside the aggregation pipeline, so the sort and the cursor cover every
 * match, not a bounded candidate set. Score = Σ per query term (exact ? 3 : prefix ? 1 : 0) + 1 per
 * term that starts a word of the lowercased title. The title is not accent-folded, so accented titles
 * may miss that small boost.
 */
export function termsSearchPipeline(req: PromptSearchRequest): Document[] {
  const last = req.terms.length - 1;
  const match: Document[] = [visibilityFilter(req.visibility), { archived: false }];
  req.terms.forEach((t, i) => match.push({ search_terms: i === last ? { $regex: `^${escapeRegex(t)}` } : t }));
  for (const tag of req.tags) match.push({ tags: tag });
  if (req.type) match.push({ type: req.type });

  const termScore = (t: string, i: number) => {
    const prefixHit =
      i === last
        ? {
            $gt: [
              {
                $size: {
                  $filter: { input: "$search_terms", as: "st", cond: { $regexMatch: { input: "$$st", regex: `^${escapeRegex(t)}` } } },
                },
              },
              0,
            ],
          }
        : false;
    return { $cond: [{ $in: [t, "$search_terms"] }, WEIGHTS.exact, { $cond: [prefixHit, WEIGHTS.prefix, 0] }] };
  };
  const titleScore = (t: string) => ({
    $cond: [{ $regexMatch: { input: { $toLower: "$title" }, regex: `(^|[^a-z0-9])${escapeRegex(t)}` } }, WEIGHTS.title, 0],
  });

  const pipeline: Document[] = [
    { $match: { $and: match } },
    {
      $project: {
        owner_uid: 1,
        team_id: 1,
        title: 1,
        description: 1,
        tags: 1,
        type: 1,
        updated_at: 1,
        score: { $add: [...req.terms.map(termScore), ...req.terms.map(titleScore)] },
      },
    },
  ];
  if (req.after) {
    const { score, updatedAt, id } = req.after;
    pipeline.push({
      $match: {
        $or: [{ score: { $lt: score } }, { score, updated_at: { $lt: updatedAt } }, { score, updated_at: updatedAt, _id: { $lt: id } }],
      },
    });
  }
  pipeline.push({ $sort: { score: -1, updated_at: -1, _id: -1 } }, { $limit: req.limit + 1 });
  return pipeline;
}

/** The page from the pipeline's documents (one more than `limit`, which says there is a next page). */
export function termsSearchPage(docs: Document[], limit: number): PromptSearchPage {
  const hits: PromptHit[] = docs.slice(0, limit).map((d) => ({
    id: d._id as ObjectId,
    ownerUid: (d.owner_uid as string | null) ?? null,
    teamId: (d.team_id as ObjectId | null) ?? null,
    title: d.title as string,
    description: d.description as string,
    tags: d.tags as string[],
    type: d.type as "text" | "chat",
    score: d.score as number,
    updatedAt: d.updated_at as Date,
  }));
  const end = hits[hits.length - 1];
  return { hits, next: docs.length > limit && end ? { score: end.score, updatedAt: end.updatedAt, id: end.id } : null };
}
