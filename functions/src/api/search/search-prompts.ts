import { ObjectId } from "mongodb";
import { mongoTeamRoles, visibleTo } from "../../core/access/access-policy";
import { promptSearch, type PromptHit, type SearchPosition } from "../../core/search/prompt-search";
import { searchTerms } from "../../core/search/search-terms";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { MAX_QUERY_TERMS, MAX_TAG_FILTERS, type SearchQuery } from "./search.schema";

interface Cursor {
  s: number;
  u: string;
  id: string;
}
const encode = (p: SearchPosition) => Buffer.from(JSON.stringify({ s: p.score, u: p.updatedAt.toISOString(), id: p.id.toHexString() } satisfies Cursor)).toString("base64url");

function decode(raw: string): SearchPosition {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const updatedAt = new Date(c.u);
    if (Number.isInteger(c.s) && typeof c.u === "string" && !Number.isNaN(updatedAt.getTime()) && typeof c.id === "string" && ObjectId.isValid(c.id)) {
      return { score: c.s, updatedAt, id: new ObjectId(c.id) };
    }
  } catch {
    // fall through
  }
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this API returned");
}

function parseTags(raw: string | undefined): string[] {
  const tags = [...new Set((raw ?? "").split(",").map((t) => t.trim()).filter(Boolean))];
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
  const db = await ctx.services.db();
  const visibility = await visibleTo(mongoTeamRoles(db), ctx.caller.uid, scope);
  const page = await promptSearch(db).search({ terms, visibility, tags, type, limit, after });
  return { results: page.hits.map(toResult), nextCursor: page.next ? encode(page.next) : null };
}
