/**
 * Normalized search terms for a document: lowercase, accents folded, split on anything that is not a
 * letter or digit, 2–40 characters, deduplicated. Stored as an array field (`search_terms`) with a
 * multikey index on write, and matched by exact term or anchored prefix (`/^term/`) at query time, so
 * search works on MongoDB without `$text` (and on the local engine). Atlas Search is the upgrade path.
 */
export const MAX_TERMS = 300;

export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function searchTerms(...texts: (string | undefined | null)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of normalizeText(text).split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 2 && word.length <= 40) terms.add(word);
      if (terms.size >= MAX_TERMS) return [...terms];
    }
  }
  return [...terms];
}
