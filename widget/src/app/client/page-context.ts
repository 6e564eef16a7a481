// Tells Parley which page of the host site the visitor is on (the agents' visitor panel shows it):
// the URL without its fragment (fragments often carry tokens), the title, where they came from,
// language and time zone — at session start and whenever the URL changes (single-page apps
// navigate without events, so the URL is compared every few seconds while the tab is visible).
import type { VisitorContextReport } from '../../../../contract/rest/visitors.ts';

/** The report the Worker takes (contract/rest/visitors.ts), always with the URL. */
export type PageContext = VisitorContextReport & { url: string };

const MAX_URL = 2048;
const CHECK_MS = 3000;

export function currentPage(): PageContext {
  const url = location.href.split('#')[0]?.slice(0, MAX_URL) ?? '';
  const context: PageContext = { url };
  if (document.title) context.title = document.title.slice(0, 300);
  if (document.referrer && /^https?:/.test(document.referrer)) context.referrer = document.referrer.slice(0, MAX_URL);
  if (navigator.language) context.locale = navigator.language.slice(0, 35);
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) context.timezone = zone.slice(0, 64);
  } catch {
    // No Intl time zone support: leave it out.
  }
  return context;
}

/** Calls `report` now and on every later URL change; returns the stop function. */
export function watchPage(report: (context: PageContext) => void): () => void {
  let last = '';
  const check = () => {
    if (document.visibilityState !== 'visible') return;
    const context = currentPage();
    if (context.url === last) return;
    last = context.url;
    report(context);
  };
  check();
  const timer = setInterval(check, CHECK_MS);
  addEventListener('popstate', check);
  return () => {
    clearInterval(timer);
    removeEventListener('popstate', check);
  };
}
