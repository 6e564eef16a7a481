// The pages notification emails link to, on Parley's own origin (outside /api, HTML):
// - GET /c/:conversationId?exp&kid&sig — the hosted conversation page: the widget, full page, for
//   that conversation. The link is checked here (an expired or forged one gets a 403 page naming
//   `link_expired` / `link_invalid`); the page's script (/c/hosted.js) exchanges it at
//   POST /api/widget/hosted-session for a visitor token of that conversation's visitor and mounts
//   the widget with it.
// - GET /email/unsubscribe/:id?exp&kid&sig — a page with one button; POST (the button, or a mail
//   client's RFC 8058 one-click) records the unsubscribe: `visitors.email_unsubscribed_at`, or an
//   agent's `users.email_notifications = false`.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { UUID } from '../../contract/ids.ts';
import { log } from '../../core/platform/log.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import { escapeHtml } from '../notifications/html.ts';
import {
  checkLink,
  HOSTED_PURPOSE,
  type LinkCheck,
  type LinkParams,
  parseSubscriber,
  UNSUBSCRIBE_PURPOSE,
} from '../notifications/links.ts';

/** The hosted page's script: exchanges the link, stores the visitor token where the widget reads it, mounts the widget. */
export const HOSTED_SCRIPT = `(() => {
  const status = document.getElementById('status');
  const fail = (text, code) => { status.textContent = text; if (code) status.dataset.code = code; status.hidden = false; };
  const id = location.pathname.split('/').pop();
  const q = new URLSearchParams(location.search);
  fetch('/api/widget/hosted-session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: id, exp: q.get('exp') || '', kid: q.get('kid') || '', sig: q.get('sig') || '' }),
  })
    .then((res) => res.json().then((body) => ({ ok: res.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) return fail(body.error ? body.error.message : 'This link does not work.', body.error && body.error.code);
      try {
        localStorage.setItem('parley:' + body.widgetKey + ':visitor', JSON.stringify(body.visitorToken));
      } catch (e) {}
      const script = document.createElement('script');
      script.src = '/widget.js';
      script.async = true;
      script.dataset.widgetKey = body.widgetKey;
      script.dataset.conversation = body.conversationId;
      document.body.append(script);
      status.hidden = true;
    })
    .catch(() => fail('The conversation could not be loaded. Check the connection and reload the page.'));
})();
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/email/page.css"></head>
<body>${body}</body></html>`;
}

const PAGE_CSS = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#f3f4f6}
main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 .75rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#1f2937;color:#fff;cursor:pointer}
#status{text-align:center;margin-top:40vh;color:#4b5563}`;

const linkParams = (q: (name: string) => string | undefined): LinkParams => ({
  exp: q('exp'),
  kid: q('kid'),
  sig: q('sig'),
});

function refusedPage(check: Exclude<LinkCheck, 'valid'>): string {
  const code = check === 'expired' ? 'link_expired' : 'link_invalid';
  const text =
    check === 'expired'
      ? 'This link has expired. Open the newest email you received, or the chat on the website.'
      : 'This link is not valid. Check that it was copied whole.';
  return page('Link not valid', `<main data-error="${code}"><h1>${escapeHtml(text)}</h1></main>`);
}

const html = (body: string, status: 200 | 403 | 404 = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });

export const emailPages = new Hono<AppEnv>()
  .get(
    '/c/hosted.js',
    () =>
      new Response(HOSTED_SCRIPT, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' },
      }),
  )
  .get(
    '/email/page.css',
    () =>
      new Response(PAGE_CSS, {
        headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' },
      }),
  )
  .get('/c/:conversationId', async (c) => {
    const conversationId = c.req.param('conversationId');
    if (!UUID.test(conversationId)) return html(refusedPage('invalid'), 404);
    const check = checkLink(
      c.get('config').AUTH_JWT_KEYS,
      HOSTED_PURPOSE,
      conversationId,
      linkParams((n) => c.req.query(n)),
    );
    if (check !== 'valid') return html(refusedPage(check), 403);
    const db = await c.get('db')();
    const [found] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .limit(1);
    if (!found)
      return html(page('Conversation not found', '<main><h1>This conversation no longer exists.</h1></main>'), 404);
    return html(
      page(
        'Your conversation',
        '<p id="status" role="status">Loading the conversation…</p><script src="/c/hosted.js" defer></script>',
      ),
    );
  })
  .get('/email/unsubscribe/:id', (c) => {
    const id = c.req.param('id');
    const check = parseSubscriber(id)
      ? checkLink(
          c.get('config').AUTH_JWT_KEYS,
          UNSUBSCRIBE_PURPOSE,
          id,
          linkParams((n) => c.req.query(n)),
        )
      : 'invalid';
    if (check !== 'valid') return html(refusedPage(check), 403);
    return html(
      page(
        'Unsubscribe',
        '<main><h1>Stop these emails?</h1><p>You will no longer get emails about this chat.</p>' +
          '<form method="post"><button type="submit">Unsubscribe</button></form></main>',
      ),
    );
  })
  .post('/email/unsubscribe/:id', async (c) => {
    const id = c.req.param('id');
    const subscriber = parseSubscriber(id);
    const check = subscriber
      ? checkLink(
          c.get('config').AUTH_JWT_KEYS,
          UNSUBSCRIBE_PURPOSE,
          id,
          linkParams((n) => c.req.query(n)),
        )
      : 'invalid';
    if (!subscriber || check !== 'valid') return html(refusedPage(check === 'valid' ? 'invalid' : check), 403);
    const db = await c.get('db')();
    if (subscriber.kind === 'visitor') {
      await db.update(visitors).set({ emailUnsubscribedAt: new Date() }).where(eq(visitors.id, subscriber.id));
    } else {
      await db.update(users).set({ emailNotifications: false }).where(eq(users.id, subscriber.id));
    }
    log.info('email unsubscribed', { participant: subscriber.kind });
    return html(
      page('Unsubscribed', '<main><h1>You are unsubscribed.</h1><p>No more of these emails will be sent.</p></main>'),
    );
  });
