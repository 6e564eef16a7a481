// @mentions in private notes, kept apart from React: finding the "@name" being typed at the
// cursor, which teammates it suggests, putting the picked one in, which of the picked ones are
// still in the note when it is sent, and cutting a note's text into plain runs and mentions.
import { LIMITS } from '../../../lib/protocol.ts';

export interface Teammate {
  id: string;
  name: string;
  online?: boolean;
}

export interface MentionToken {
  /** Index of the "@" in the text. */
  start: number;
  /** Index just past the token (the cursor, or the end of the word it is in). */
  end: number;
  query: string;
}

/** A query longer than any name worth typing: past it, the "@" is just a character. */
const QUERY_MAX = 40;

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
/** A name ends where a letter or digit does not follow ("@Ann," and "@Ann." are Ann; "@Anna" is not). */
const continuesName = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/**
 * The "@query" the cursor is in, when its "@" starts the text or follows whitespace. The query may
 * hold spaces ("@Manager B", names have them) but no line break; the caller closes the list when
 * nothing matches it, so "@Ann thanks" after a pick suggests nothing.
 */
export function mentionTokenAt(text: string, cursor: number): MentionToken | null {
  if (cursor < 0 || cursor > text.length) return null;
  const from = Math.max(0, cursor - QUERY_MAX - 1);
  for (let at = cursor - 1; at >= from; at--) {
    const ch = text[at];
    if (ch === '\n' || ch === '\r') return null;
    if (ch !== '@') continue;
    if (at > 0 && !isSpace(text[at - 1])) continue;
    const query = text.slice(at + 1, cursor);
    if (isSpace(query[0])) return null;
    let end = cursor;
    while (end < text.length && !isSpace(text[end]) && text[end] !== '@') end++;
    return { start: at, end, query };
  }
  return null;
}

/**
 * Teammates for a query, never me: names starting with it first, then names with a word starting
 * with it, each alphabetically. An empty query lists everyone (online first).
 */
export function matchTeammates(team: readonly Teammate[], query: string, meId: string, limit = 8): Teammate[] {
  const q = query.toLowerCase();
  const prefix: Teammate[] = [];
  const word: Teammate[] = [];
  for (const t of team) {
    if (t.id === meId || !t.name.trim()) continue;
    const name = t.name.toLowerCase();
    if (name.startsWith(q)) prefix.push(t);
    else if (name.split(/\s+/).some((part) => part.startsWith(q))) word.push(t);
  }
  const order = (a: Teammate, b: Teammate) =>
    q === ''
      ? Number(Boolean(b.online)) - Number(Boolean(a.online)) || a.name.localeCompare(b.name)
      : a.name.localeCompare(b.name);
  return [...prefix.sort(order), ...word.sort(order)].slice(0, limit);
}

/** The text with the token replaced by "@Name ", and where the cursor goes (after the space). */
export function insertMention(text: string, token: MentionToken, name: string): { text: string; cursor: number } {
  const mention = `@${name} `;
  const rest = text.slice(token.end);
  // A space already there is not doubled.
  const inserted = rest.startsWith(' ') ? mention.slice(0, -1) : mention;
  const next = text.slice(0, token.start) + inserted + rest;
  return { text: next, cursor: token.start + mention.length };
}

/** Where "@name" stands in the text as a whole mention: at a word start and not followed by more name. */
function mentionIndexes(text: string, name: string): number[] {
  const needle = `@${name}`;
  const found: number[] = [];
  if (!name) return found;
  let at = text.indexOf(needle);
  while (at !== -1) {
    const before = at === 0 || isSpace(text[at - 1]) || /[([{"'“‘]/.test(text[at - 1] ?? '');
    if (before && !continuesName(text[at + needle.length])) found.push(at);
    at = text.indexOf(needle, at + 1);
  }
  return found;
}

/**
 * The ids to send with a note: the teammates picked while writing it whose "@Name" is still in the
 * body (one that was deleted or edited away is not mentioned), each once, at most the contract's limit.
 */
export function mentionedIds(body: string, picked: readonly Teammate[]): string[] {
  const ids: string[] = [];
  for (const t of picked) {
    if (ids.includes(t.id)) continue;
    if (mentionIndexes(body, t.name).length > 0) ids.push(t.id);
  }
  return ids.slice(0, LIMITS.mentionsMax);
}

export type MentionSegment = { text: string; mentionId?: undefined } | { text: string; mentionId: string };

/**
 * A note's text cut into plain runs and mentions: "@Name" of each mentioned id whose name is known
 * becomes its own segment. Longer names win where two overlap ("@Ann Lee" over "@Ann"). Unknown
 * ids, or names not in the text, leave it plain.
 */
export function splitMentions(
  body: string,
  mentions: readonly string[] | undefined,
  nameOf: (id: string) => string | null | undefined,
): MentionSegment[] {
  if (!mentions?.length || !body.includes('@')) return [{ text: body }];
  const named = mentions
    .map((id) => ({ id, name: nameOf(id)?.trim() ?? '' }))
    .filter((m) => m.name.length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const spans: { start: number; end: number; id: string }[] = [];
  for (const m of named) {
    for (const start of mentionIndexes(body, m.name)) {
      const end = start + m.name.length + 1;
      if (!spans.some((s) => start < s.end && end > s.start)) spans.push({ start, end, id: m.id });
    }
  }
  if (spans.length === 0) return [{ text: body }];
  spans.sort((a, b) => a.start - b.start);
  const segments: MentionSegment[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) segments.push({ text: body.slice(at, s.start) });
    segments.push({ text: body.slice(s.start, s.end), mentionId: s.id });
    at = s.end;
  }
  if (at < body.length) segments.push({ text: body.slice(at) });
  return segments;
}
