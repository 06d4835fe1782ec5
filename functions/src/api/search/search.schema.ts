import { z } from "zod";
import { Owner, PageCursor } from "../../platform/common-schemas";
import { PromptType } from "../../core/prompts/template.schema";

export const MAX_QUERY_TERMS = 10;
export const MAX_TAG_FILTERS = 10;

export const SearchQuery = z.strictObject({
  /** Keywords; every one must match, the last also as a prefix (≤ 10 terms). */
  q: z.string().max(200),
  scope: z.enum(["mine", "team", "all"]).default("all"),
  /** Comma-separated; a prompt must carry all of them. */
  tags: z.string().max(450).optional(),
  type: PromptType.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: PageCursor.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResult = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    type: PromptType,
    score: z.number().int(),
    updatedAt: z.iso.datetime(),
    owner: Owner,
  })
  .meta({ id: "SearchResult" });
export const SearchResponse = z
  .object({ results: z.array(SearchResult), nextCursor: z.string().nullable() })
  .meta({ id: "SearchResponse" });
