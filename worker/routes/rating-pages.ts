// The rating links of the follow-up email (docs/EMAIL.md "Rating links"), on Parley's own origin,
// outside /api, HTML:
// - GET /rate/:id?exp&kid&sig — `id` is `<conversation>.<resolution ms>.<score>`, signed under the
//   purpose `csat-rating` (worker/notifications/links.ts). Writes nothing: mail scanners and link
//   prefetchers follow GET links, so a GET that recorded would rate for the visitor. It shows the
//   five faces with the link's score chosen, an optional comment (the one already given, if any)
//   and a button; a link the room would refuse already shows why.
// - POST /rate/:id?exp&kid&sig — the button: the form's face (the link's score when absent) and
//   comment, recorded through the conversation's room (the same decision, write, event and live
//   broadcast as the widget's `rate` frame). The link names the resolution; its five links are all
//   the visitor's, so any face of the form may be recorded with one of them.
// A link that is expired or forged gets a 403 page (`link_expired` / `link_invalid`); a refusal of
// the room (`not_resolved`, `rating_closed`, `csat_off`, `invalid_message`) a 4xx page naming it.
// Nothing is written then. No script: the pages work with the strict CSP of every Parley page.
import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import type { ErrorCode } from '../../contract/frames.ts';
import { RATING_LIMITS } from '../../contract/ratings.ts';
import { isStorableText } from '../../contract/text.ts';
import { loadRatingFacts, ratingRefusal } from '../../core/conversations/ratings.ts';
import { log } from '../../core/platform/log.ts';
import type { AppEnv } from '../app-env.ts';
import { roomFor } from '../conversations/rooms.ts';
import { escapeHtml } from '../notifications/html.ts';
import {
  checkLink,
  faceOf,
  parseRatingId,
  RATING_FACES,
  RATING_PURPOSE,
  type RatingTarget,
} from '../notifications/links.ts';

// The faces are radio buttons; the chosen one is outlined (no script needed to pick another).
const RATE_CSS = `.face{font-size:3rem;line-height:1;margin:0 0 .5rem}
fieldset{border:0;margin:0 0 .75rem;padding:0}
legend{font-weight:600;margin-bottom:.5rem}
.faces{display:flex;flex-wrap:wrap;gap:.5rem}
.faces label{display:flex;flex-direction:column;align-items:center;font-weight:400;cursor:pointer}
.faces input{position:absolute;opacity:0;width:1px;height:1px}
.faces span[aria-hidden]{font-size:2.25rem;line-height:1;padding:.25rem .5rem;border:2px solid transparent;border-radius:12px}
.faces input:checked+span[aria-hidden]{border-color:#1d4ed8;background:#eff6ff}
.faces input:focus-visible+span[aria-hidden]{outline:3px solid #1d4ed8;outline-offset:2px}
textarea{box-sizing:border-box;width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:8px;margin:.25rem 0 .75rem}
label{display:block;font-weight:600}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/email/page.css"><link rel="stylesheet" href="/rate/page.css"></head>
<body>${body}</body></html>`;
}

const html = (body: string, status: 200 | 400 | 403 | 404 | 409 | 503 = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });

const REFUSALS: Partial<Record<ErrorCode, { status: 400 | 403 | 404 | 409; text: string }>> = {
  csat_off: { status: 403, text: 'This team no longer asks for ratings.' },
  not_resolved: {
    status: 409,
    text: 'This conversation was reopened since; you can rate it when it is resolved again.',
  },
  rating_closed: { status: 409, text: 'Ratings can be changed for 24 hours after they were given. Thank you!' },
  invalid_message: { status: 400, text: 'That could not be recorded. Check the comment and try again.' },
  not_found: { status: 404, text: 'This conversation no longer exists.' },
};

function refusedPage(code: string, status: 400 | 403 | 404 | 409 | 503, text: string): Response {
  return html(
    page('Rating not recorded', `<main data-error="${escapeHtml(code)}"><h1>${escapeHtml(text)}</h1></main>`),
    status,
  );
}

/** The form GET shows: the five faces with `chosen` checked, the comment, one button that POSTs. */
function formPage(chosen: number, comment: string | null, rated: number | null): Response {
  const faces = RATING_FACES.map(({ face, label }, i) => {
    const value = i + 1;
    const checked = value === chosen ? ' checked' : '';
    return `<label><input type="radio" name="rating" value="${value}"${checked} required><span aria-hidden="true">${face}</span>${escapeHtml(label)}</label>`;
  }).join('');
  const already =
    rated === null
      ? ''
      : `<p>You rated this conversation ${escapeHtml(faceOf(rated).label)}. You can change it here.</p>`;
  return html(
    page(
      'Rate your conversation',
      `<main data-rating="${chosen}"><h1>How did we do?</h1>${already}<form method="post">` +
        `<fieldset><legend>Your rating</legend><div class="faces">${faces}</div></fieldset>` +
        `<label for="comment">Anything you would like to add? (optional)</label>` +
        `<textarea id="comment" name="comment" maxlength="${RATING_LIMITS.commentMax}">${escapeHtml(comment ?? '')}</textarea>` +
        '<button type="submit">Send rating</button></form></main>',
    ),
  );
}

function thanksPage(rating: number, comment: string | null): Response {
  const { face, label } = faceOf(rating);
  const said = comment ? '<p>Thank you for your comment.</p>' : '';
  return html(
    page(
      'Thank you',
      `<main data-rating="${rating}" data-recorded="true"><p class="face" aria-hidden="true">${face}</p>` +
        `<h1>Thank you for your rating: ${escapeHtml(label)}.</h1>${said}` +
        '<p>You can change it from the same link for 24 hours.</p></main>',
    ),
  );
}

function refusalPage(code: ErrorCode): Response {
  const refusal = REFUSALS[code];
  log.info('rating link refused', { errorCode: code });
  if (!refusal) return refusedPage(code, 503, 'That did not work this time. Try the link again in a minute.');
  return refusedPage(code, refusal.status, refusal.text);
}

/** Checks the link; the target when it is valid, else the page that says why not. */
function checked(c: Context<AppEnv>) {
  const keys = c.get('config').AUTH_JWT_KEYS;
  const id = c.req.param('id') ?? '';
  const target = parseRatingId(id);
  const check = target
    ? checkLink(keys, RATING_PURPOSE, id, { exp: c.req.query('exp'), kid: c.req.query('kid'), sig: c.req.query('sig') })
    : 'invalid';
  if (!target || check !== 'valid') {
    const expired = check === 'expired';
    return {
      refused: refusedPage(
        expired ? 'link_expired' : 'link_invalid',
        403,
        expired
          ? 'This link has expired. Thank you all the same!'
          : 'This link is not valid. Check that it was copied whole.',
      ),
    } as const;
  }
  return { target } as const;
}

/** Which project's room to bind: the link names only the conversation. */
async function projectOf(c: Context<AppEnv>, conversationId: string): Promise<string | undefined> {
  const db = await c.get('db')();
  const found = await db.execute<{ project_id: string }>(
    sql`select project_id from conversations where id = ${conversationId}`,
  );
  return found.rows[0]?.project_id;
}

/** GET: the form, or the page saying why the room would refuse. Reads only. */
async function show(c: Context<AppEnv>, target: RatingTarget): Promise<Response> {
  const projectId = await projectOf(c, target.conversationId);
  if (!projectId) return refusalPage('not_found');
  const db = await c.get('db')();
  const facts = await loadRatingFacts(db, target.conversationId, projectId);
  if (!facts) return refusalPage('not_found');
  const refusal = ratingRefusal(facts, { rating: target.rating, resolvedAt: target.resolvedAt }, new Date());
  if (refusal) return refusalPage(refusal.code);
  return formPage(target.rating, facts.existing?.comment ?? null, facts.existing?.rating ?? null);
}

/** POST: records through the room; the page to answer with. */
async function record(
  c: Context<AppEnv>,
  target: RatingTarget,
  rating: number,
  comment: string | undefined,
): Promise<Response> {
  const projectId = await projectOf(c, target.conversationId);
  if (!projectId) return refusalPage('not_found');
  const result = await roomFor(c.env, target.conversationId).rate(
    { id: target.conversationId, projectId },
    { rating, resolvedAt: target.resolvedAt.toISOString(), ...(comment === undefined ? {} : { comment }) },
  );
  if (!result.ok) return refusalPage(result.code);
  return thanksPage(result.value.rating, result.value.comment);
}

const badForm = () =>
  refusedPage(
    'invalid_request',
    400,
    `Choose one of the five faces; a comment has at most ${RATING_LIMITS.commentMax} characters.`,
  );

export const ratingPages = new Hono<AppEnv>()
  .get(
    '/page.css',
    () =>
      new Response(RATE_CSS, {
        headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' },
      }),
  )
  .get('/:id', async (c) => {
    const link = checked(c);
    if ('refused' in link) return link.refused;
    return show(c, link.target);
  })
  .post('/:id', async (c) => {
    const link = checked(c);
    if ('refused' in link) return link.refused;
    const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    // No face in the form (a client that posts the link bare): the link's score.
    const rawRating = form.rating ?? String(link.target.rating);
    const rating = typeof rawRating === 'string' && /^[1-5]$/.test(rawRating) ? Number(rawRating) : null;
    // No comment field: keep any comment given before; an empty one clears it.
    const comment = form.comment;
    if (rating === null || (comment !== undefined && typeof comment !== 'string')) return badForm();
    if (typeof comment === 'string' && (comment.length > RATING_LIMITS.commentMax || !isStorableText(comment))) {
      return badForm();
    }
    return record(c, link.target, rating, comment);
  });
