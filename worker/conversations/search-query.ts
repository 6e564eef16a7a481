// The agents' search box, rewritten into a query Postgres's websearch_to_tsquery cannot fail on:
// only words (letters and digits), "phrases", a leading - to exclude and `or` between two terms,
// at most MAX_TERMS terms. What Postgres would read as operators or punctuation (runs of `-`, `!`,
// `&`, `:*`, unbalanced quotes) is dropped; e.g. forty `-` made its parser overflow its stack.

/** Enough for any real search; bounds the query Postgres builds. */
export const MAX_TERMS = 16;

const WORD = /[\p{L}\p{N}]+/gu;

interface Term {
  words: string[];
  exclude: boolean;
}

/** Splits the input into terms: a quoted phrase, a word group, or the `or` between two terms. */
function terms(q: string): (Term | 'or')[] {
  const out: (Term | 'or')[] = [];
  // A phrase: "…" (an unclosed one runs to the end); else a run of anything but space and quotes.
  const token = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
  for (const m of q.matchAll(token)) {
    const phrase = m[2] !== undefined;
    const raw = phrase ? (m[2] ?? '') : (m[4] ?? '');
    if (!phrase && raw.toLowerCase() === 'or') {
      out.push('or');
      continue;
    }
    const words = raw.match(WORD) ?? [];
    if (words.length === 0) continue;
    const exclude = (phrase ? m[1] : m[3]) === '-';
    // Unquoted, "e-mail" is two words of one term: kept together as a phrase, as Postgres reads it.
    out.push({ words, exclude });
  }
  return out;
}

/**
 * The search as websearch_to_tsquery input, or null when nothing searchable is left (the search
 * then matches nothing). `or` survives only between two terms, and never next to an exclusion.
 */
export function searchText(q: string): string | null {
  const parts: string[] = [];
  let pendingOr = false;
  let count = 0;
  for (const t of terms(q)) {
    if (t === 'or') {
      pendingOr = parts.length > 0;
      continue;
    }
    if (count === MAX_TERMS) break;
    count++;
    const body = t.words.length === 1 ? (t.words[0] ?? '') : `"${t.words.join(' ')}"`;
    if (pendingOr && !t.exclude) parts.push('or');
    pendingOr = false;
    parts.push(t.exclude ? `-${body}` : body);
  }
  // Exclusions alone match nothing useful and cannot be answered from the index.
  if (!parts.some((p) => p !== 'or' && !p.startsWith('-'))) return null;
  return parts.join(' ');
}
