import { z } from "zod";
import { visibleTo } from "../../core/access/access-policy";
import type { PromptHit, SearchPosition } from "../../core/search/prompt-search";
import { searchTerms } from "../../core/search/search-terms";
import { cursorField, decodeCursor, encodeCursor } from "../../platform/cursor";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { MAX_QUERY_TERMS, MAX_TAG_FILTERS, type SearchQuery } from "./search.schema";

/** The last hit's place in the total order: (score, updatedAt, id). */
const SearchCursor = z.object({ s: z.number().int(), u: cursorField.date, id: cursorField.objectId });
const encode = (p: SearchPosition) => encodeCursor({ s: p.score, u: p.updatedAt, id: p.id });
const decode = (raw: string): SearchPosition => {
  const c = decodeCursor(raw, SearchCursor);
  return { score: c.s, updatedAt: c.u, id: c.id };
};

function parseTags(raw: string | undefined): string[] {
  const tags = [
    ...new Set(
      (raw ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.length > MAX_TAG_FILTERS || tags.some((t) => t.length > 40)) {
    throw new HttpError(400, "invalid_tags", `Filter by at most ${MAX_TAG_FILTERS} tags of at most 40 characters`);
  }
  return tags;
}

const toResult = (h: PromptHit) => ({
  id: h.id.toHexString(),
  title: h.title,
  description: h.description,
  tags: h.tags,
  type: h.type,
  score: h.score,
  updatedAt: h.updatedAt.toISOString(),
  owner: h.teamId ? { kind: "team" as const, teamId: h.teamId.toHexString() } : { kind: "user" as const, uid: h.ownerUid! },
});

/**
 * Relevance-ranked keyword search over the prompts the caller may see (list-prompts' visibility),
 * archived ones excluded; paginated by a cursor over (score, updatedAt, id), a total order, so pages
 * neither repeat nor skip a hit when prompts are added between requests.
 */
export async function searchPrompts(ctx: OperationContext<unknown, SearchQuery>) {
  const { q, scope, type, limit, cursor } = ctx.query;
  const terms = searchTerms(q);
  if (terms.length === 0) throw new HttpError(400, "empty_query", "Search for at least one word of 2 or more letters or digits");
  if (terms.length > MAX_QUERY_TERMS) throw new HttpError(400, "too_many_terms", `Search for at most ${MAX_QUERY_TERMS} words`);
  const tags = parseTags(ctx.query.tags);
  const after = cursor ? decode(cursor) : null;
  const visibility = await visibleTo(await ctx.services.store("teams"), ctx.caller.uid, scope);
  const page = await (await ctx.services.store("prompts")).search({ terms, visibility, tags, type, limit, after });
  return { results: page.hits.map(toResult), nextCursor: page.next ? encode(page.next) : null };
}
