// Visitor context for the dashboard's visitor panel: cleaning what a browser or the widget reports
// (http(s) URLs only, bounded lengths, no credentials in URLs) and keeping the latest per visitor.
import { sql } from 'drizzle-orm';
import { CONTEXT_LIMITS } from '../../contract/rest/visitors.ts';
import type { Db } from '../../core/platform/db.ts';
import { visitorContexts } from '../../drizzle/schema/visitor-context.ts';

export { CONTEXT_LIMITS };

/** An http(s) URL without user info, or null; never throws on garbage. */
export function cleanUrl(value: string | null | undefined): string | null {
  if (!value || value.length > CONTEXT_LIMITS.url) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return null;
  }
}

/** Printable text, trimmed and cut to `max` characters; null when empty. */
export function cleanText(value: string | null | undefined, max: number): string | null {
  if (!value) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const text = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text ? text.slice(0, max) : null;
}

export interface VisitorContextInput {
  userAgent?: string | null;
  pageUrl?: string | null;
  pageTitle?: string | null;
  referrer?: string | null;
  locale?: string | null;
  timezone?: string | null;
}

/** Only the fields given (cleaned) change; the others keep what was reported before. */
export async function recordVisitorContext(
  db: Db,
  ids: { visitorId: string; projectId: string },
  input: VisitorContextInput,
): Promise<void> {
  const values: Record<string, string | null> = {};
  if (input.userAgent !== undefined) values.userAgent = cleanText(input.userAgent, CONTEXT_LIMITS.userAgent);
  if (input.pageUrl !== undefined) values.pageUrl = cleanUrl(input.pageUrl);
  if (input.pageTitle !== undefined) values.pageTitle = cleanText(input.pageTitle, CONTEXT_LIMITS.title);
  if (input.referrer !== undefined) values.referrer = cleanUrl(input.referrer);
  if (input.locale !== undefined) values.locale = cleanText(input.locale, CONTEXT_LIMITS.locale);
  if (input.timezone !== undefined) values.timezone = cleanText(input.timezone, CONTEXT_LIMITS.timezone);
  await db
    .insert(visitorContexts)
    .values({ ...ids, ...values })
    .onConflictDoUpdate({ target: visitorContexts.visitorId, set: { ...values, updatedAt: sql`now()` } });
}

/**
 * The page a widget session starts on, from the request's Referer (or Origin). A cross-origin
 * Referer is usually the origin alone; it then does not replace a fuller URL of the same site
 * that the widget reported.
 */
export function pageFromHeaders(referer: string | undefined, origin: string | undefined): string | null {
  return cleanUrl(referer) ?? cleanUrl(origin);
}

export function isBareOrigin(url: string): boolean {
  const parsed = new URL(url);
  return parsed.pathname === '/' && !parsed.search && !parsed.hash;
}

/** At session start: the browser, and the page unless that would lose detail already known. */
export async function recordSessionContext(
  db: Db,
  ids: { visitorId: string; projectId: string },
  headers: { userAgent?: string | undefined; referer?: string | undefined; origin?: string | undefined },
): Promise<void> {
  const page = pageFromHeaders(headers.referer, headers.origin);
  const input: VisitorContextInput = { userAgent: headers.userAgent ?? null };
  if (page && !isBareOrigin(page)) input.pageUrl = page;
  else if (page) {
    // Keep a fuller URL of the same origin; otherwise the origin is the best we know.
    await db
      .insert(visitorContexts)
      .values({ ...ids, pageUrl: page })
      .onConflictDoUpdate({
        target: visitorContexts.visitorId,
        set: {
          pageUrl: sql`case when ${visitorContexts.pageUrl} like ${`${page.replace(/\/$/, '')}/%`} then ${visitorContexts.pageUrl} else ${page} end`,
        },
      });
  }
  await recordVisitorContext(db, ids, input);
}
