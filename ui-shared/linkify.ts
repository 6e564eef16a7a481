// Splits message text into plain text and safe links, the same rules for the widget and the
// dashboard (both import this module). Nothing here produces HTML: each view renders text nodes and
// <a> elements whose href is a parsed http(s) URL, so a message can never inject markup.

/** What every message link carries besides target="_blank": no opener, no referrer, no endorsement. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** `at` is where the segment starts in the text: a stable key for rendering. */
export type Segment = { at: number; text: string; href?: string };

const URL_LIKE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?\]}'"»]/;

const count = (text: string, ch: string) => text.split(ch).length - 1;

/** Drops sentence punctuation after a URL, keeping a ')' that closes a '(' inside it. */
function trimUrl(raw: string): string {
  let url = raw;
  while (url.length > 0) {
    const ch = url.charAt(url.length - 1);
    if (ch === ')' ? count(url, ')') > count(url, '(') : TRAILING.test(ch)) url = url.slice(0, -1);
    else break;
  }
  return url;
}

/** The URL as an href when it is http(s), else null (javascript:, data:, malformed). */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const raw = trimUrl(match[0]);
    const start = match.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) segments.push({ at: last, text: text.slice(last, start) });
    segments.push({ at: start, text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ at: last, text: text.slice(last) });
  return segments;
}
