import type { SqlParams } from './sql.ts';

/** The words of a search box text that can match a name: 2+ characters with a letter, at most 6. */
export function searchWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && /\p{L}/u.test(w))
    .slice(0, 6);
}

/**
 * `vector` (a `search_prefixes(...)` column) matches when every word typed starts a word of the text,
 * accents and case ignored; the stored prefixes stop at 20 letters (see search_prefixes in the migration).
 */
export function prefixMatch(vector: string, words: string[], params: SqlParams): string {
  return `${vector} @@ (SELECT to_tsquery('simple', string_agg(quote_literal(left(search_text(w), 20)), ' & '))
        FROM unnest(${params.add(words)}::text[]) AS w)`;
}
